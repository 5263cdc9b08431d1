"""The API's typed contract: every response body is one of these models, so the OpenAPI schema
(``/openapi.json``) is generated from them and the web UI and clients can rely on it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Span(BaseModel):
    start: int = Field(description="character offset (Unicode code points) into the text")
    end: int
    text: str


class EventSummary(BaseModel):
    id: str
    date: str | None
    type: str
    mode: str | None
    quad_class: int
    cameo_root: str
    intensity: float
    source_actor_id: str | None
    source_name: str | None
    source_country: str | None
    source_sector: str | None
    target_actor_id: str | None
    target_name: str | None
    target_country: str | None
    target_sector: str | None
    negated: bool
    modality: str
    place_name: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    num_mentions: int
    num_articles: int
    num_sources: int
    conflict_with: str | None
    confidence: float
    sentence: str | None = Field(description="the sentence of the report that created the event")


class EventPage(BaseModel):
    total: int = Field(description="matching events, counted up to 10,000")
    total_capped: bool = Field(description="true when more than `total` events match")
    limit: int
    offset: int
    items: list[EventSummary]


class ActorRef(BaseModel):
    id: str
    name: str


class Mention(BaseModel):
    """One report of an event: the words it came from and why each field has its value."""

    id: str
    document_id: str
    document_name: str
    title: str | None
    url: str | None
    published: str | None
    sentence_index: int
    sentence: str
    sentence_start: int = Field(description="offset of the sentence in the document text")
    trigger: Span
    type: str
    negated: bool
    modality: str
    date: str | None
    date_text: str | None
    date_reason: str | None
    attributed_to: str | None
    confidence: float
    background: bool
    caption: bool
    reasons: dict[str, str]
    object: Span | None
    contexts: list[str]
    location: dict[str, Any] | None


class EventDetail(EventSummary):
    realis: bool
    date_max: str | None
    mentions: list[Mention]
    sources: list[ActorRef]
    targets: list[ActorRef]


class DocumentSummary(BaseModel):
    id: str
    name: str
    title: str | None
    url: str | None
    published: str | None
    n_events: int


class DocumentPage(BaseModel):
    total: int
    items: list[DocumentSummary]


class SentenceOut(BaseModel):
    index: int
    start: int
    end: int
    kind: str
    text: str


class DocumentActor(BaseModel):
    id: str = Field(description="canonical actor id in the store")
    local_id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    mentions: list[Span]


class DocumentEvent(BaseModel):
    event_id: str
    mention_id: str
    type: str
    negated: bool
    modality: str
    trigger: Span
    sentence_index: int
    sources: list[str]
    targets: list[str]
    date: str | None
    date_reason: str | None
    confidence: float
    reasons: dict[str, str]


class QuoteOut(BaseModel):
    id: str
    document_id: str
    speaker_actor_id: str | None
    speaker_name: str | None
    text: str
    direct: bool
    start: int
    end: int
    sentence_index: int


class DateOut(BaseModel):
    text: str
    value: str | None
    start: int
    end: int
    reason: str | None


class PlaceOut(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    mentions: list[Span]


class DocumentDetail(DocumentSummary):
    text: str
    sentences: list[SentenceOut]
    actors: list[DocumentActor]
    events: list[DocumentEvent]
    quotes: list[QuoteOut]
    dates: list[DateOut]
    places: list[PlaceOut]


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    events: int
    aliases: list[str]


class ActorPage(BaseModel):
    total: int
    items: list[ActorOut]


class Dyad(BaseModel):
    source_id: str
    source_name: str
    target_id: str
    target_name: str
    events: int
    cooperative: int = Field(description="events of quad class 1 or 2")
    conflictual: int = Field(description="events of quad class 3 or 4")


class PlaceCount(BaseModel):
    name: str
    country: str | None
    lat: float
    lon: float
    events: int
    quad: dict[str, int]


class QuotePage(BaseModel):
    total: int
    items: list[QuoteOut]


class Stance(BaseModel):
    date: str | None
    actor_id: str
    actor_name: str
    stance: Literal["support", "oppose"]
    type: str
    negated: bool
    modality: str
    event_id: str
    document_id: str
    sentence: str
    trigger: str


class CodeRequest(BaseModel):
    text: str | None = Field(default=None, description="plain text of the article")
    html: str | None = Field(default=None, description="an HTML page (main text is extracted)")
    published: str | None = Field(default=None, description="publication date YYYY-MM-DD")
    title: str | None = None
    url: str | None = None
    store: bool = Field(default=False, description="also ingest it (needs the bearer token)")


class ErrorBody(BaseModel):
    detail: str
    code: str | None = None
