"""Turn an ingest error into an :class:`~wirecoder.schema.ErrorRecord`, so batches go on."""

from __future__ import annotations

from wirecoder.errors import WirecoderError
from wirecoder.schema import ErrorRecord


def error_record(exc: WirecoderError, doc_id: str, source_path: str | None = None) -> ErrorRecord:
    """Record a document that could not be ingested.

    Args:
        exc: The typed error raised for the document.
        doc_id: The document's name (used when the error has none).
        source_path: The file it came from, if any.

    Returns:
        An ErrorRecord carrying the error's code and message.
    """
    return ErrorRecord(
        doc_id=exc.doc_id or doc_id, error=exc.message, code=exc.code, source_path=source_path
    )
