"""Checks every ingested document passes, and the minimal text normalisation applied first.

Each check raises one of the typed errors from :mod:`wirecoder.errors` with a one-line message
naming the document, so the CLI can print ``exc.one_line()`` and a batch can record an
:class:`~wirecoder.schema.ErrorRecord` and go on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from wirecoder import config
from wirecoder.errors import DocumentTooLarge, EmptyDocument, NotEnglish
from wirecoder.ingest.language import judge_english

_TRAILING_SPACE_RE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalise_text(text: str) -> str:
    """Normalise line ends and trailing spaces, and nothing else.

    Offsets in the output index this text, so the change is kept minimal: ``\\r\\n`` and lone
    ``\\r`` become ``\\n``, spaces and tabs at line ends are removed, and a leading byte-order mark
    is dropped.

    Args:
        text: Decoded document text.

    Returns:
        The normalised text.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE_RE.sub("", text)


def size_limit(max_bytes: int | None) -> int:
    """The limit to apply: the argument when given, else ``WIRECODER_MAX_BYTES`` or the default."""
    return config.max_bytes() if max_bytes is None else max_bytes


def too_large(size: int, limit: int, doc_id: str, what: str = "document") -> DocumentTooLarge:
    """Build the E003 error for ``what`` (a document, a JSONL line) of ``size`` bytes."""
    return DocumentTooLarge(
        f"{what} is {size:,} bytes, over the limit of {limit:,} bytes "
        "(set WIRECODER_MAX_BYTES to raise it)",
        doc_id,
    )


def check_file_size(path: Path, doc_id: str, max_bytes: int | None = None) -> None:
    """Refuse a file over the size limit using its size on disk, before reading any of it.

    Args:
        path: The file to check.
        doc_id: The document's name for the error message.
        max_bytes: Limit in bytes; None means :func:`wirecoder.config.max_bytes`.

    Raises:
        DocumentTooLarge: The file is larger than the limit.
    """
    limit = size_limit(max_bytes)
    size = os.stat(path).st_size
    if size > limit:
        raise too_large(size, limit, doc_id)


def check_text_size(text: str, doc_id: str, max_bytes: int | None = None) -> None:
    """Refuse text whose UTF-8 encoding is over the size limit.

    Raises:
        DocumentTooLarge: The text is larger than the limit.
    """
    limit = size_limit(max_bytes)
    if len(text) <= limit // 4:  # at most 4 bytes a character: cannot be over
        return
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limit:
        raise too_large(size, limit, doc_id)


def check_not_empty(text: str, doc_id: str) -> None:
    """Refuse empty or whitespace-only text.

    Raises:
        EmptyDocument: Nothing but whitespace.
    """
    if not text.strip():
        raise EmptyDocument("document is empty (no text after removing whitespace)", doc_id)


def check_english(text: str, doc_id: str) -> None:
    """Refuse text that is clearly not English (see :mod:`wirecoder.ingest.language`).

    Raises:
        NotEnglish: The heuristic judged the text to be in another language.
    """
    verdict = judge_english(text)
    if not verdict.english:
        likely = f" (looks like {verdict.likely})" if verdict.likely else ""
        raise NotEnglish(
            f"text is not English{likely}: {verdict.reason}; wirecoder codes English news only",
            doc_id,
        )


def check_published(published: str | None, doc_id: str) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD`` (an ISO timestamp is cut to its date).

    Raises:
        InvalidDate: Not a calendar date ("2025-13-45").
    """
    import datetime as dt

    from wirecoder.errors import InvalidDate

    if published is None or not str(published).strip():
        return None
    raw = str(published).strip()
    try:
        return dt.date.fromisoformat(raw[:10]).isoformat()
    except ValueError:
        raise InvalidDate(
            f"publication date {raw!r} is not a calendar date (expected YYYY-MM-DD)", doc_id
        ) from None
