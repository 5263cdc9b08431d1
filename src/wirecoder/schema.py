"""Typed records that make up wirecoder's output contract.

Every stage after parsing produces these models; the CLI, the evaluator (and later the store and
the API) read the same types. They serialise to exactly the JSON documented in the README
("Output contract"), so changing a field here is changing the public contract.

Offsets (``start``/``end``) are character offsets into :attr:`CodedDocument.text`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SentenceKind = Literal["body", "caption", "credit", "heading", "byline"]
ActorKind = Literal["person", "state", "organisation", "group"]
Modality = Literal["asserted", "reported", "planned", "hypothetical", "demanded", "conditional"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextSpan(_Model):
    """A stretch of the coded text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


class Sentence(_Model):
    index: int
    start: int
    end: int
    text: str
    kind: SentenceKind = "body"


class Actor(_Model):
    """One real-world entity in a document, with every surface form that refers to it."""

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[TextSpan] = Field(default_factory=list)
    reason: str | None = None


class Location(_Model):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


class Place(Location):
    mentions: list[TextSpan] = Field(default_factory=list)


class DateMention(_Model):
    text: str
    value: str | None
    start: int
    end: int
    reason: str | None = None


class Event(_Model):
    """One coded action: who did what to whom, whether it happened, and the words behind it."""

    id: str
    type: str
    mode: str | None = None
    cameo_root: str
    intensity: float
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    object: TextSpan | None = None
    contexts: list[str] = Field(default_factory=list)
    negated: bool = False
    modality: Modality = "asserted"
    attributed_to: str | None = None
    date: str | None = None
    date_text: str | None = None
    date_reason: str = ""
    location: Location | None = None
    sentence: int
    trigger: TextSpan
    confidence: float = Field(ge=0.0, le=1.0)
    background: bool = False
    caption: bool = False
    reasons: dict[str, str] = Field(default_factory=dict)


class Quote(_Model):
    id: str
    speaker: str | None
    text: str
    direct: bool
    start: int
    end: int
    sentence: int
    reason: str | None = None


class CodedDocument(_Model):
    """The whole output for one input document (one JSON object / JSONL line)."""

    doc_id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"
    text: str
    sentences: list[Sentence] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or None."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None


class RawDocument(_Model):
    """A document as ingested, before coding: the text to code plus its metadata.

    ``blocks`` optionally gives the kinds of paragraphs that ingest already knows (for example
    HTML ``<figcaption>`` or ``<h2>``): a list of ``[start, end, kind]`` over ``text``.
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source_path: str | None = None
    blocks: list[tuple[int, int, SentenceKind]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class ErrorRecord(_Model):
    """A document that could not be coded; batches write these instead of stopping."""

    doc_id: str
    error: str
    code: str
    source_path: str | None = None
