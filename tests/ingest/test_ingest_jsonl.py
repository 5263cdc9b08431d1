"""JSONL batches: one document per good line, in order; bad lines become ErrorRecords."""

from __future__ import annotations

import json
from pathlib import Path

from wirecoder.ingest import read_path
from wirecoder.schema import ErrorRecord, RawDocument

# Written for these tests.
FIRST = (
    "Thousands of farmers drove tractors into the centre of Warsaw on Friday to protest "
    "against grain imports, blocking roads around the parliament for several hours."
)
THIRD = (
    "The central bank of Chile cut its main interest rate by half a point on Wednesday, "
    "citing slowing inflation and weak demand in the second quarter."
)
FIFTH_HTML = (
    "<html><head><title>Talks Resume in Addis Ababa</title></head><body><article>"
    "<p>Negotiators from Sudan's warring parties resumed talks in Addis Ababa on Monday, "
    "the African Union said, a week after a ceasefire collapsed in the capital.</p>"
    "</article></body></html>"
)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_recorded_good_lines_kept_in_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "batch.jsonl",
        [
            json.dumps(
                {
                    "id": "warsaw",
                    "text": FIRST,
                    "published": "2024-02-09",
                    "url": "https://example.org/warsaw",
                    "title": "Farmers Protest",
                }
            ),
            '{"id": "broken", "text": "unterminated',
            json.dumps({"text": THIRD}),
            json.dumps({"id": "no-text", "title": "A headline without a story"}),
            json.dumps({"id": "addis", "html": FIFTH_HTML}),
            "",
            json.dumps({"id": "blank", "text": "   "}),
        ],
    )
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "ErrorRecord",
        "RawDocument",
        "ErrorRecord",
        "RawDocument",
        "ErrorRecord",
    ]
    warsaw, broken, chile, missing, addis, blank = items

    assert isinstance(warsaw, RawDocument)
    assert warsaw.doc_id == "warsaw" and warsaw.text == FIRST
    assert warsaw.published == "2024-02-09"
    assert warsaw.url == "https://example.org/warsaw" and warsaw.title == "Farmers Protest"
    assert warsaw.source_path == str(path)

    assert isinstance(broken, ErrorRecord)
    assert broken.doc_id == "batch.jsonl:2" and broken.code == "E006"
    assert "batch.jsonl:2" in broken.error and "JSON" in broken.error

    assert isinstance(chile, RawDocument) and chile.doc_id == "batch.jsonl:3"

    assert isinstance(missing, ErrorRecord)
    assert missing.code == "E006" and "batch.jsonl:4" in missing.error

    assert isinstance(addis, RawDocument) and addis.doc_id == "addis"
    assert addis.title == "Talks Resume in Addis Ababa"
    assert addis.text.startswith("Negotiators from Sudan's warring parties")

    assert isinstance(blank, ErrorRecord) and blank.code == "E001"
    assert "batch.jsonl:7" in blank.error


def test_published_argument_is_default(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "b.jsonl",
        [
            json.dumps({"id": "a", "text": FIRST}),
            json.dumps({"id": "b", "text": THIRD, "published": "2024-01-01"}),
        ],
    )
    docs = list(read_path(path, published="2024-03-03"))
    assert [d.published for d in docs] == ["2024-03-03", "2024-01-01"]


def test_oversized_line_recorded_and_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "big.jsonl",
        [json.dumps({"id": "long", "text": FIRST * 20}), json.dumps({"id": "ok", "text": THIRD})],
    )
    items = list(read_path(path, max_bytes=1000))
    assert isinstance(items[0], ErrorRecord) and items[0].code == "E003"
    assert "big.jsonl:1" in items[0].error
    assert isinstance(items[1], RawDocument) and items[1].doc_id == "ok"


def test_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(
        (
            json.dumps({"id": "a", "text": FIRST})
            + "\r\n"
            + json.dumps({"id": "b", "text": THIRD})
            + "\r\n"
        ).encode("utf-8")
    )
    assert [d.doc_id for d in read_path(path)] == ["a", "b"]
