"""Ingest: turn files, text and HTML into checked :class:`~wirecoder.schema.RawDocument` objects.

Everything the coder needs to know about its input is settled here, once: the encoding, whether
the input is text at all, its size, its language, the article text inside HTML, and which
paragraphs are captions or headings. Later stages can then trust ``RawDocument.text``.

Public API::

    read_path(path, *, fmt=None, published=None, max_bytes=None)
        -> Iterator[RawDocument | ErrorRecord]
    from_text(text, *, doc_id, published=None, title=None, url=None) -> RawDocument
    from_html(html, *, doc_id, published=None, url=None) -> RawDocument
    decode_bytes(data, doc_id) -> tuple[str, list[str]]
    read_feed(url, *, fetch_articles=True, timeout=10.0, delay=1.0, published=None,
              max_bytes=None) -> Iterator[RawDocument | ErrorRecord]
    is_feed_list(path) -> bool
    read_feed_list(path) -> list[str]
    looks_like_feed_url(arg) -> bool
    USER_AGENT: str  (sent with every HTTP request)
"""

from __future__ import annotations

from wirecoder.ingest.checks import normalise_text
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.feeds import (
    USER_AGENT,
    is_feed_list,
    looks_like_feed_url,
    read_feed,
    read_feed_list,
)
from wirecoder.ingest.html import from_html
from wirecoder.ingest.jsonl import read_jsonl
from wirecoder.ingest.language import judge_english, looks_english
from wirecoder.ingest.reader import guess_format, read_document, read_path
from wirecoder.ingest.text import from_text

__all__ = [
    "USER_AGENT",
    "decode_bytes",
    "from_html",
    "from_text",
    "guess_format",
    "is_feed_list",
    "judge_english",
    "looks_english",
    "looks_like_feed_url",
    "normalise_text",
    "read_document",
    "read_feed",
    "read_feed_list",
    "read_jsonl",
    "read_path",
]
