"""Plain-text documents: normalise, check, wrap in a :class:`~wirecoder.schema.RawDocument`."""

from __future__ import annotations

from wirecoder.ingest.checks import (
    check_english,
    check_not_empty,
    check_published,
    check_text_size,
    normalise_text,
)
from wirecoder.schema import RawDocument


def from_text(
    text: str,
    *,
    doc_id: str,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    max_bytes: int | None = None,
) -> RawDocument:
    """Build a document from plain text, refusing empty, oversized and non-English text.

    Args:
        text: The article text (already decoded).
        doc_id: The document's name, used in messages and the output.
        published: Publication date (``YYYY-MM-DD``) if known; relative dates resolve against it.
        title: Headline, if known separately from the text.
        url: Where the text came from, if known.
        max_bytes: Size limit in bytes; None means ``WIRECODER_MAX_BYTES`` or the default.

    Returns:
        The document; ``text`` is normalised (see :func:`~wirecoder.ingest.checks.normalise_text`).

    Raises:
        EmptyDocument: Only whitespace.
        DocumentTooLarge: Over the size limit.
        NotEnglish: Clearly in another language.
    """
    check_text_size(text, doc_id, max_bytes)
    text = normalise_text(text)
    check_not_empty(text, doc_id)
    check_english(text, doc_id)
    published = check_published(published, doc_id)
    return RawDocument(doc_id=doc_id, text=text, title=title, url=url, published=published)
