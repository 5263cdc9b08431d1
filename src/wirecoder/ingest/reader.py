"""Read documents from a path: one text or HTML file, a JSONL batch, or a folder of them.

Single-document files raise the typed errors from :mod:`wirecoder.errors` (the CLI prints
``exc.one_line()`` and exits non-zero). Batches -- JSONL files and folders -- never stop on one
bad document: they yield an :class:`~wirecoder.schema.ErrorRecord` for it and go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from wirecoder.errors import EmptyDocument, InputError
from wirecoder.ingest.checks import check_file_size
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.html import from_html
from wirecoder.ingest.jsonl import read_jsonl
from wirecoder.ingest.records import error_record
from wirecoder.ingest.text import from_text
from wirecoder.schema import ErrorRecord, RawDocument

Format = Literal["text", "html", "jsonl"]

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}


def guess_format(path: Path) -> Format:
    """The format implied by a file's extension: ``.html``/``.htm``, ``.jsonl`` (or gzipped
    ``.jsonl.gz``), else text."""
    if path.name.lower().endswith(".jsonl.gz"):
        return "jsonl"
    return _EXTENSIONS.get(path.suffix.lower(), "text")


def is_supported(path: Path) -> bool:
    """Is this a file name that folders are read for (``.txt``, ``.html``, ``.jsonl[.gz]``...)?"""
    return path.suffix.lower() in _EXTENSIONS or path.name.lower().endswith(".jsonl.gz")


def read_document(
    path: Path,
    *,
    fmt: Literal["text", "html"],
    published: str | None = None,
    max_bytes: int | None = None,
) -> RawDocument:
    """Read one text or HTML file as one document.

    The size is checked on disk before any byte is read, so a huge file costs nothing.

    Args:
        path: The file.
        fmt: ``"text"`` or ``"html"``.
        published: Publication date (``YYYY-MM-DD``); for HTML, None means the page's own date.
        max_bytes: Size limit in bytes; None means ``WIRECODER_MAX_BYTES`` or the default.

    Returns:
        The document, with ``doc_id`` the file name and decoding warnings attached.

    Raises:
        InputError: One of its subclasses (empty, binary, too large, not English, bad HTML).
    """
    doc_id = path.name
    check_file_size(path, doc_id, max_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument("file is empty (no text after removing whitespace)", doc_id)
    text, warnings = decode_bytes(data, doc_id)
    if fmt == "html":
        doc = from_html(text, doc_id=doc_id, published=published, max_bytes=max_bytes)
    else:
        doc = from_text(text, doc_id=doc_id, published=published, max_bytes=max_bytes)
    doc.source_path = str(path)
    doc.warnings.extend(warnings)
    return doc


def _directory_files(folder: Path) -> list[Path]:
    """Supported, non-hidden files directly inside ``folder``, sorted by name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and is_supported(p)
    )


def read_path(
    path: str | Path,
    *,
    fmt: Format | None = None,
    published: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """Yield the documents at ``path``: a text/HTML file, a JSONL batch, or a folder of files.

    Args:
        path: A file or a folder. A folder yields every ``.txt``, ``.text``, ``.html``, ``.htm``,
            ``.jsonl`` and ``.jsonl.gz`` file directly inside it, sorted by name.
        fmt: ``"text"``, ``"html"`` or ``"jsonl"``; None guesses from each file's extension
            (unknown extensions are read as text).
        published: Publication date for documents that carry none.
        max_bytes: Size limit in bytes per document (per line for JSONL); None means
            ``WIRECODER_MAX_BYTES`` or the default.

    Yields:
        RawDocument for each good document; ErrorRecord for each bad JSONL line, and for each bad
        file inside a folder.

    Raises:
        InputError: For a single text or HTML file that cannot be ingested (see
            :func:`read_document`).
        MissingDocument: ``path`` does not exist.
    """
    path = Path(path)
    if path.is_dir():
        for child in _directory_files(path):
            try:
                yield from _read_file(child, fmt, published, max_bytes)
            except InputError as exc:
                yield error_record(exc, child.name, str(child))
        return
    if not path.exists():
        from wirecoder.errors import MissingDocument

        raise MissingDocument("no such file or folder", str(path))
    yield from _read_file(path, fmt, published, max_bytes)


def _read_file(
    path: Path, fmt: Format | None, published: str | None, max_bytes: int | None
) -> Iterator[RawDocument | ErrorRecord]:
    kind = fmt or guess_format(path)
    if kind == "jsonl":
        yield from read_jsonl(path, published=published, max_bytes=max_bytes)
    else:
        yield read_document(path, fmt=kind, published=published, max_bytes=max_bytes)
