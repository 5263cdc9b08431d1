"""JSON Lines batches: one article per line, bad lines recorded as errors without stopping.

A batch of thousands of articles should not die on one broken line, so every problem with a line
(invalid JSON, no text, empty, too large, not English, ...) becomes an
:class:`~wirecoder.schema.ErrorRecord` naming ``<file>:<line>``, and every other line is still
yielded, in file order. Lines are read one at a time and a line over the size limit is skipped
without being held in memory.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from wirecoder.errors import BadRecord, EmptyDocument, InputError
from wirecoder.ingest.checks import size_limit, too_large
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.html import from_html
from wirecoder.ingest.records import error_record
from wirecoder.ingest.text import from_text
from wirecoder.schema import ErrorRecord, RawDocument

_CHUNK = 1 << 20


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, bytes or None if over limit, size)`` for each line of a file."""
    number = 0
    while True:
        line = handle.readline(limit + 2)  # room for "\r\n" after a line at the limit
        if not line:
            return
        number += 1
        if len(line.rstrip(b"\r\n")) > limit:
            size = len(line)
            while not line.endswith(b"\n"):  # skip the rest of the line in chunks
                line = handle.readline(_CHUNK)
                if not line:
                    break
                size += len(line)
            yield number, None, size
            continue
        yield number, line, len(line)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def parse_record(
    record: Any,
    *,
    where: str,
    published: str | None = None,
    max_bytes: int | None = None,
) -> RawDocument:
    """Build a document from one parsed JSONL record.

    Args:
        record: The parsed JSON value; must be an object with ``text`` or ``html``.
        where: ``<file>:<line>``, the default ``doc_id`` and the place named in errors.
        published: Date to use when the record has no ``published``.
        max_bytes: Size limit in bytes; None means ``WIRECODER_MAX_BYTES`` or the default.

    Returns:
        The document, with ``id``, ``published``, ``url`` and ``title`` taken from the record.

    Raises:
        BadRecord: Not an object, or no string ``text``/``html``.
        InputError: Any check on the text failed (empty, too large, not English, ...).
    """
    if not isinstance(record, dict):
        raise BadRecord(f"{where}: line is not a JSON object", where)
    doc_id = _optional_str(record, "id") or where
    date = _optional_str(record, "published") or published
    url, title = _optional_str(record, "url"), _optional_str(record, "title")
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        doc = from_text(
            text, doc_id=doc_id, published=date, title=title, url=url, max_bytes=max_bytes
        )
    elif isinstance(html, str) and html.strip():
        doc = from_html(html, doc_id=doc_id, published=date, url=url, max_bytes=max_bytes)
        if title:
            doc.title = title
    elif isinstance(text, str) or isinstance(html, str):
        raise EmptyDocument(f"{where}: record's text is empty", doc_id)
    else:
        raise BadRecord(f"{where}: record has no 'text' or 'html' string", doc_id)
    return doc


def read_jsonl(
    path: Path,
    *,
    published: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """Yield one document or error record per non-blank line of a JSONL file, in order.

    Args:
        path: The ``.jsonl`` file; a name ending in ``.gz`` (``docs.jsonl.gz``) is read through
            gzip, still one line at a time.
        published: Date for records that have no ``published`` field.
        max_bytes: Per-line size limit in bytes; None means ``WIRECODER_MAX_BYTES`` or the default.

    Yields:
        RawDocument for good lines; ErrorRecord (doc_id ``<file>:<line>`` or the record's id) for
        bad ones.
    """
    limit = size_limit(max_bytes)
    source = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, raw, size in _lines(handle, limit):
            where = f"{path.name}:{number}"
            if raw is None:
                yield error_record(too_large(size, limit, where, f"{where}: line"), where, source)
                continue
            if not raw.strip():
                continue
            try:
                yield _parse_line(raw, where, source, published, max_bytes)
            except InputError as exc:
                if where not in exc.message:
                    exc.message = f"{where}: {exc.message}"
                yield error_record(exc, where, source)


def _parse_line(
    raw: bytes, where: str, source: str, published: str | None, max_bytes: int | None
) -> RawDocument:
    text, warnings = decode_bytes(raw, where)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", where) from exc
    doc = parse_record(record, where=where, published=published, max_bytes=max_bytes)
    doc.source_path = source
    doc.warnings.extend(warnings)
    return doc
