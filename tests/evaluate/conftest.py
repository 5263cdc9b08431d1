"""Builders for hand-made coded documents, so scorer tests never need the real coder."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wirecoder.schema import Actor, CodedDocument, Event, Place, Quote, Sentence, TextSpan

_SENTENCE = re.compile(r"\S[^.!?\n]*[.!?]?")


class DocBuilder:
    """Build a CodedDocument over a hand-written text, locating spans by substring."""

    def __init__(self, text: str, doc_id: str = "doc") -> None:
        self.text = text
        self.doc_id = doc_id
        self.sentences = [
            Sentence(index=i, start=m.start(), end=m.end(), text=m.group())
            for i, m in enumerate(_SENTENCE.finditer(text))
        ]
        self.actors: list[Actor] = []
        self.events: list[Event] = []
        self.quotes: list[Quote] = []
        self.places: list[Place] = []

    def span(self, words: str, occurrence: int = 0) -> TextSpan:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(words, start + 1)
        return TextSpan(start=start, end=start + len(words), text=words)

    def sentence_of(self, offset: int) -> int:
        return next(s.index for s in self.sentences if s.start <= offset < s.end)

    def kind(self, index: int, kind: str) -> DocBuilder:
        self.sentences[index] = self.sentences[index].model_copy(update={"kind": kind})
        return self

    def actor(self, actor_id: str, name: str, kind: str = "person", **fields: Any) -> DocBuilder:
        self.actors.append(Actor(id=actor_id, name=name, kind=kind, **fields))
        return self

    def place(self, name: str, country: str | None = None) -> DocBuilder:
        self.places.append(Place(name=name, country=country))
        return self

    def event(
        self,
        type_: str,
        trigger: str,
        *,
        occurrence: int = 0,
        source: tuple[str, ...] = (),
        target: tuple[str, ...] = (),
        confidence: float = 0.8,
        **fields: Any,
    ) -> DocBuilder:
        span = self.span(trigger, occurrence)
        self.events.append(
            Event(
                id=f"e{len(self.events) + 1}",
                type=type_,
                cameo_root="04",
                intensity=1.0,
                source=list(source),
                target=list(target),
                sentence=self.sentence_of(span.start),
                trigger=span,
                confidence=confidence,
                **fields,
            )
        )
        return self

    def quote(self, words: str, speaker: str | None, direct: bool = True) -> DocBuilder:
        span = self.span(words)
        self.quotes.append(
            Quote(
                id=f"q{len(self.quotes) + 1}", speaker=speaker, text=words, direct=direct,
                start=span.start, end=span.end, sentence=self.sentence_of(span.start),
            )
        )  # fmt: skip
        return self

    def build(self) -> CodedDocument:
        return CodedDocument(
            doc_id=self.doc_id, text=self.text, sentences=self.sentences, actors=self.actors,
            events=self.events, quotes=self.quotes, places=self.places,
        )  # fmt: skip


class FakeCoder:
    """Returns prepared documents by text; records what it was asked to code."""

    def __init__(self, by_text: dict[str, CodedDocument]) -> None:
        self.by_text = by_text
        self.calls: list[dict[str, Any]] = []

    def code(self, text: str, *, published: str | None = None, doc_id: str | None = None) -> Any:
        self.calls.append({"text": text, "published": published, "doc_id": doc_id})
        doc = self.by_text.get(text) or CodedDocument(doc_id=doc_id or "x", text=text)
        return doc.model_copy(update={"doc_id": doc_id or doc.doc_id, "published": published})


def gold_event(**fields: Any) -> dict[str, Any]:
    """A gold event dict with defaults for the fields a test does not care about."""
    base: dict[str, Any] = {
        "id": "g1", "sentence": "", "source": None, "source_country": None, "target": None,
        "target_country": None, "plover": "CONSULT", "negated": False, "modality": "asserted",
        "date": None,
    }  # fmt: skip
    base.update(fields)
    return base


@pytest.fixture
def builder() -> type[DocBuilder]:
    return DocBuilder


@pytest.fixture
def fake_coder() -> type[FakeCoder]:
    return FakeCoder


@pytest.fixture
def make_gold_event() -> Any:
    return gold_event
