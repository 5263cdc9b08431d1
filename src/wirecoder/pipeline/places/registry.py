"""spaCy factory registration for the places stage."""

from __future__ import annotations

from spacy.language import Language

from wirecoder.pipeline import extensions  # noqa: F401
from wirecoder.pipeline.places.component import DEFAULT_LABELS, PlaceResolver


@Language.factory(
    "wirecoder_places",
    default_config={"labels": list(DEFAULT_LABELS)},
    requires=["doc.ents"],
    assigns=["doc._.places", "doc.spans"],
)
def make_place_resolver(nlp: Language, name: str, labels: list[str]) -> PlaceResolver:
    """Create the place resolver; ``labels`` are the NER labels treated as place candidates."""
    return PlaceResolver(nlp, name, labels)
