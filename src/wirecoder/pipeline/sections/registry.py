"""Register the sections stage with spaCy (``wirecoder_paragraphs``, ``wirecoder_sections``).

Add them to a loaded English pipeline with::

    nlp.add_pipe("wirecoder_paragraphs", before="parser")
    nlp.add_pipe("wirecoder_sections")
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from wirecoder.pipeline import extensions  # noqa: F401  (registers Doc extensions)
from wirecoder.pipeline.sections.component import SectionsComponent, set_paragraph_starts


@Language.component("wirecoder_paragraphs", assigns=["token.is_sent_start"])
def wirecoder_paragraphs(doc: Doc) -> Doc:
    """Before the parser: every paragraph starts a new sentence (never unsets a boundary)."""
    return set_paragraph_starts(doc)


@Language.factory(
    "wirecoder_sections",
    assigns=["doc._.sentence_kinds"],
    requires=["token.is_sent_start"],
)
def make_sections(nlp: Language, name: str) -> SectionsComponent:
    """After NER: label each sentence body, heading, byline, caption or credit."""
    return SectionsComponent()
