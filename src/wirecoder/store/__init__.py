"""The event store: coded documents in SQLite (default) or PostgreSQL, each real event once.

Public API::

    Store(db=None)                    # path → SQLite (WAL), postgresql://… → psycopg 3
    store.write(coded_doc)            # one transaction; idempotent by content hash
    store.has_text(text) -> bool
    store.record_error(error_record)
    ingest(inputs, store=…, coder=…)  # files, folders, JSONL, feeds → coded → stored
    query_events(store, EventFilter(...)), stats(...), export(...)

Tables are described in :mod:`wirecoder.store.tables`, the merge rules in
:mod:`wirecoder.store.actors` and :mod:`wirecoder.store.dedup`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, delete, select

from wirecoder.schema import CodedDocument, ErrorRecord
from wirecoder.store import tables
from wirecoder.store.database import create_store_engine, is_postgres, resolve_url
from wirecoder.store.migrate import upgrade
from wirecoder.store.writer import DocumentWriter, WriteResult, document_key, now_iso


class Store:
    """A connection to one event store; the schema is brought up to date on opening."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(db)
        self.engine = create_store_engine(db)
        if migrate:
            upgrade(self.engine)

    @property
    def is_postgres(self) -> bool:
        return is_postgres(self.engine)

    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A connection for reading: on SQLite it never takes the write lock."""
        with self.engine.connect() as conn:
            yield conn.execution_options(wirecoder_read_only=True)

    def has_text(self, text: str) -> bool:
        """Is a document with exactly this text stored already?"""
        with self.reader() as conn:
            found = conn.execute(
                select(tables.documents.c.id).where(tables.documents.c.id == document_key(text))
            ).first()
        return found is not None

    def write(self, doc: CodedDocument, *, source_path: str | None = None,
              model: str | None = None) -> WriteResult:  # fmt: skip
        """Store one coded document in its own transaction (nothing, if it is stored already)."""
        from wirecoder import __version__

        with self.engine.begin() as conn:
            result = DocumentWriter(conn, model=model, coder_version=__version__).write(
                doc, source_path=source_path
            )
            if result.stored:
                conn.execute(delete(tables.ingest_errors).where(
                    tables.ingest_errors.c.document_name == doc.doc_id))  # fmt: skip
        return result

    def record_error(self, error: ErrorRecord) -> None:
        """Keep a per-document error (listed by ``wirecoder errors``); the same error once."""
        key = hashlib.sha1(
            f"{error.doc_id}\x00{error.source_path}\x00{error.code}".encode()
        ).hexdigest()
        from wirecoder.store.writer import _insert_ignore

        with self.engine.begin() as conn:
            # A document keeps only its latest error: a file that was empty and is now binary
            # is listed once, as binary.
            e = tables.ingest_errors.c
            same_path = (e.source_path == error.source_path) if error.source_path is not None \
                else e.source_path.is_(None)
            conn.execute(delete(tables.ingest_errors).where(
                (e.id == key) | ((e.document_name == error.doc_id) & same_path)))  # fmt: skip
            _insert_ignore(conn, tables.ingest_errors, {
                "id": key, "document_name": error.doc_id, "source_path": error.source_path,
                "code": error.code, "error": error.error, "created_at": now_iso(),
            })  # fmt: skip

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Store", "WriteResult", "document_key"]
