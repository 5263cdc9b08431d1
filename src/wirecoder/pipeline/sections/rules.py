"""The decision order that turns string cues into one kind per sentence.

Kept apart from the spaCy component so the order can be read (and tested) on plain strings. The
order matters: a credit line inside an HTML caption is still a credit; a byline is short and
capitalised like a heading, so it is tested first; and any other sentence in a paragraph that
carries a credit line is the caption that credit belongs to.
"""

from __future__ import annotations

from wirecoder.ingest.segment import (
    has_caption_cue,
    is_byline,
    is_credit,
    is_heading,
)
from wirecoder.schema import SentenceKind


def classify_sentence(
    sentence: str,
    paragraph: str,
    *,
    block_kind: SentenceKind | None = None,
    paragraph_has_credit: bool = False,
    in_credit_line: bool = False,
) -> SentenceKind:
    """Pick the kind of one sentence.

    Args:
        sentence: The sentence text.
        paragraph: The text of the paragraph that contains it.
        block_kind: The paragraph kind ingest recorded (e.g. ``"caption"`` for an HTML
            ``<figcaption>``), or None when ingest knows nothing about it.
        paragraph_has_credit: Whether the paragraph contains a credit line
            (:func:`wirecoder.ingest.segment.has_credit`).
        in_credit_line: Whether the sentence lies inside a credit line of the paragraph (the
            parser sometimes cuts "REUTERS/Jane Doe" in two).

    Returns:
        ``"heading"``, ``"credit"``, ``"caption"``, ``"byline"`` or ``"body"``.
    """
    if block_kind == "heading":
        return "heading"
    if in_credit_line or is_credit(sentence):
        return "credit"
    if block_kind in ("caption", "byline", "credit"):
        return block_kind
    if is_byline(sentence):
        return "byline"
    if is_heading(paragraph):
        return "heading"
    if paragraph_has_credit or has_caption_cue(sentence):
        return "caption"
    return "body"
