"""Registers the ``wirecoder_time`` factory with spaCy (imported by ``pipeline.factories``)."""

from __future__ import annotations

from spacy.language import Language

from wirecoder.pipeline import extensions  # noqa: F401  (registers doc._.published, doc._.dates)
from wirecoder.pipeline.time.component import TimeTagger


@Language.factory("wirecoder_time", assigns=["doc._.dates", "doc.spans"])
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    """Create the time stage; a factory (not a bare function) so the matcher is built once.

    Args:
        nlp: the pipeline.
        name: the component name.

    Returns:
        The callable component.
    """
    return TimeTagger(nlp, name)
