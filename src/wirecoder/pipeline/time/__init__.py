"""Time stage: find date expressions and normalise them against the publication date.

Public helpers for other stages:
    normalise(expression, published, *, future=False) -> (value, reason)
    interpret(expression, published, *, future=False) -> Reading (value, reason, kind, ...)
    clause_is_future(token), clause_tense(token), sentence_is_future(sent)
    parse_published(raw) -> date | None
The spaCy component ``wirecoder_time`` is registered by :mod:`.registry`.
"""

from __future__ import annotations

from wirecoder.pipeline.time.rules import Reading, interpret, normalise, parse_published
from wirecoder.pipeline.time.util import clause_is_future, clause_tense, sentence_is_future

__all__ = [
    "Reading",
    "clause_is_future",
    "clause_tense",
    "interpret",
    "normalise",
    "parse_published",
    "sentence_is_future",
]
