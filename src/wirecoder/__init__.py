"""wirecoder: news reports in, coded, sourced and explainable PLOVER event data out."""

from __future__ import annotations

from wirecoder.coder import Coder, load_pipeline
from wirecoder.schema import Actor, CodedDocument, Event, Place, Quote, RawDocument, Sentence

__all__ = [
    "Actor",
    "CodedDocument",
    "Coder",
    "Event",
    "Place",
    "Quote",
    "RawDocument",
    "Sentence",
    "load_pipeline",
]

__version__ = "0.1.0"
