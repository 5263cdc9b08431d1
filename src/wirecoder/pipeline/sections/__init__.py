"""Sections stage: paragraph-aware sentence breaks and a kind for every sentence.

``wirecoder_paragraphs`` (before the parser) makes paragraph breaks sentence breaks;
``wirecoder_sections`` (after NER) labels each sentence body, heading, byline, caption or credit
in ``doc._.sentence_kinds``. Importing :mod:`wirecoder.pipeline.sections.registry` registers both.
"""
