"""spaCy factory registration for the event stage."""

from __future__ import annotations

from spacy.language import Language

from wirecoder.pipeline import extensions  # noqa: F401
from wirecoder.pipeline.events.component import EventCoder


@Language.factory(
    "wirecoder_events",
    default_config={"caption_confidence": 0.6, "event_model": ""},
    requires=["doc._.actors", "doc._.dates", "doc._.places", "doc._.sentence_kinds"],
    assigns=["doc._.events", "doc._.explain"],
)
def make_event_coder(
    nlp: Language, name: str, caption_confidence: float, event_model: str
) -> EventCoder:
    """Create the event coder; events from photo captions get ``caption_confidence`` × confidence.
    ``event_model``: "" the packaged classifier (or ``WIRECODER_EVENT_MODEL``), "off" rules only,
    or a path to another trained model."""
    return EventCoder(nlp, name, caption_confidence, event_model)
