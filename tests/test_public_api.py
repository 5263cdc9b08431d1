"""The package's public surface: exported names, and the CodedDocument round trip."""

from __future__ import annotations

import json

import pytest

import wirecoder
from wirecoder.schema import CodedDocument

EXPORTED = [
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

CONTRACT_KEYS = {
    "doc_id", "title", "url", "published", "language", "text", "sentences", "actors", "events",
    "quotes", "places", "dates",
}  # fmt: skip

ARTICLE = (
    "Turkish President Recep Tayyip Erdogan met Ukrainian President Volodymyr Zelensky in Ankara "
    "on Wednesday.\n\n"
    "“We need a ceasefire now,” Zelensky told reporters after the meeting. Russian President "
    "Vladimir Putin did not attend, and the Kremlin said Moscow would send a delegation.\n\n"
    "Police detained a dozen protesters outside the presidential palace."
)


def test_all_is_pinned() -> None:
    assert sorted(wirecoder.__all__) == EXPORTED
    assert len(wirecoder.__all__) == len(set(wirecoder.__all__))


def test_every_exported_name_exists() -> None:
    for name in wirecoder.__all__:
        assert getattr(wirecoder, name) is not None, name


def test_star_import_gives_exactly_the_exported_names() -> None:
    namespace: dict[str, object] = {}
    exec("from wirecoder import *", namespace)  # noqa: S102 - the point of the test
    assert sorted(k for k in namespace if not k.startswith("__")) == EXPORTED


def test_version_is_a_string() -> None:
    assert isinstance(wirecoder.__version__, str) and wirecoder.__version__


@pytest.mark.slow
def test_code_returns_a_coded_document(coder) -> None:
    doc = coder.code(ARTICLE, published="2025-05-15")
    assert isinstance(doc, wirecoder.CodedDocument)
    assert doc.text == ARTICLE
    assert doc.published == "2025-05-15"
    assert doc.language == "en"
    assert doc.doc_id
    assert doc.sentences and doc.actors and doc.events and doc.quotes
    assert all(isinstance(e, wirecoder.Event) for e in doc.events)
    assert all(isinstance(a, wirecoder.Actor) for a in doc.actors)
    assert all(isinstance(q, wirecoder.Quote) for q in doc.quotes)
    assert all(isinstance(s, wirecoder.Sentence) for s in doc.sentences)


@pytest.mark.slow
def test_coded_document_round_trips_through_json(coder) -> None:
    doc = coder.code(ARTICLE, published="2025-05-15", doc_id="ankara", title="Talks in Ankara")
    raw = doc.model_dump_json()
    assert CONTRACT_KEYS <= set(json.loads(raw))
    again = CodedDocument.model_validate_json(raw)
    assert again == doc
    assert again.model_dump_json() == raw
    assert again.doc_id == "ankara" and again.title == "Talks in Ankara"


@pytest.mark.slow
def test_doc_id_defaults_to_a_stable_content_id(coder) -> None:
    first = coder.code(ARTICLE, published="2025-05-15")
    second = coder.code(ARTICLE, published="2025-05-15")
    assert first.doc_id == second.doc_id
    other = coder.code(ARTICLE + " More soon.", published="2025-05-15")
    assert other.doc_id != first.doc_id


@pytest.mark.slow
def test_unusable_input_raises_an_input_error(coder) -> None:
    from wirecoder.errors import InputError

    with pytest.raises(InputError):
        coder.code("   \n\n  ", published="2025-05-15")
