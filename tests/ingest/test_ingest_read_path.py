"""read_path: format guessing, doc ids, folders as batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.errors import EmptyDocument, MissingDocument
from wirecoder.ingest import read_path
from wirecoder.schema import ErrorRecord, RawDocument

# Written for these tests.
STORY = (
    "Lawmakers in Ecuador voted on Thursday to extend a state of emergency in three coastal "
    "provinces for another sixty days, after a wave of attacks on police stations."
)
HTML = (
    "<html><head><title>Port Strike Ends</title></head><body><article><p>Dock workers in "
    "Antwerp ended a three-day strike on Tuesday after unions reached a pay deal with port "
    "operators, the port authority said.</p></article></body></html>"
)


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "ecuador-vote.txt"
    path.write_text(STORY, encoding="utf-8")
    (doc,) = list(read_path(path, published="2024-01-11"))
    assert doc.doc_id == "ecuador-vote.txt"
    assert doc.text == STORY
    assert doc.published == "2024-01-11"
    assert doc.warnings == []


def test_unknown_extension_is_text(tmp_path: Path) -> None:
    path = tmp_path / "wire.story"
    path.write_text(STORY, encoding="utf-8")
    (doc,) = list(read_path(path))
    assert doc.text == STORY


def test_fmt_overrides_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = list(read_path(path, fmt="html"))
    assert doc.title == "Port Strike Ends"
    assert doc.text.startswith("Dock workers in Antwerp")


def test_folder_yields_sorted_files_and_records_errors(tmp_path: Path) -> None:
    (tmp_path / "b-port.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "a-ecuador.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c-empty.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "d-batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": STORY}) + "\n", encoding="utf-8"
    )
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\x00\x01")
    (tmp_path / ".hidden.txt").write_text(STORY, encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [i.doc_id for i in items] == ["a-ecuador.txt", "b-port.html", "c-empty.txt", "j1"]
    assert isinstance(items[2], ErrorRecord) and items[2].code == "E001"
    assert items[2].source_path == str(tmp_path / "c-empty.txt")
    assert all(isinstance(i, RawDocument) for i in (items[0], items[1], items[3]))


def test_single_bad_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        list(read_path(path))


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MissingDocument):
        list(read_path(tmp_path / "nope.txt"))
