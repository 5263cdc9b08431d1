"""Search indexes: events by date and id, mentions by sentence, a trigram index of sentence text.

- ``ix_events_date_id`` on ``events(date, id)``: the default order (``-date``, ties by id) read
  straight from one index, which also holds the id that the actor and text filters check each
  event by, so scanning in date order never reads the (wide) event rows for them.
- ``ix_event_mentions_sentence`` on ``event_mentions(sentence_id, event_id)``: from a sentence
  to its events (the text filter's lookup).
- SQLite (3.34 or newer, with FTS5): ``sentences_fts``, an FTS5 table with the ``trigram``
  tokenizer over ``sentences.text`` (external content: it stores only the index, the text stays
  in ``sentences``). Triggers on ``sentences`` (insert, delete, update) keep it in step, so
  writers need not know about it; the upgrade indexes the sentences already stored. With an
  older SQLite, or one built without FTS5, nothing is created and text search keeps its LIKE.
  (A file migrated here cannot be written by an SQLite without FTS5 later: the triggers need
  it. Python's own sqlite3 has had FTS5 for years.)
- PostgreSQL: ``CREATE EXTENSION IF NOT EXISTS pg_trgm`` and ``ix_sentences_text_trgm``, a GIN
  trigram index on ``lower(sentences.text)`` (what the text filter's LIKE compares). Creating
  the extension takes a right (pg_trgm is a trusted extension from PostgreSQL 13: the database
  owner, or any role with CREATE on the database, may) and the extension's files on the server
  (package ``postgresql-contrib`` on older Debian/Ubuntu releases). Without either the index is
  skipped, with a warning in the log, and the migration still succeeds: text search then reads
  every sentence, as before. To add it later, have an administrator run, in the database::

      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX ix_sentences_text_trgm ON sentences USING gin (lower(text) gin_trgm_ops);

Downgrade removes all of it (the extension only where this migration created it and nothing
else uses it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

FTS_TABLE = "sentences_fts"  # the name wirecoder.store.query looks for
MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer
TRGM_INDEX = "ix_sentences_text_trgm"
CREATED_MARK = "pg_trgm created by wirecoder migration 0003"

SQLITE_TRIGGERS = {
    "sentences_fts_insert": f"""
        CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
            INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.rowid, new.text);
        END""",
    "sentences_fts_delete": f"""
        CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text)
                VALUES ('delete', old.rowid, old.text);
        END""",
    "sentences_fts_update": f"""
        CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text)
                VALUES ('delete', old.rowid, old.text);
            INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.rowid, new.text);
        END""",
}


def upgrade() -> None:
    op.create_index("ix_events_date_id", "events", ["date", "id"])
    op.create_index("ix_event_mentions_sentence", "event_mentions", ["sentence_id", "event_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_fts()
    elif bind.dialect.name == "postgresql":
        _pg_trigram()


def _sqlite_fts() -> None:
    bind = op.get_bind()
    version = bind.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    if tuple(int(part) for part in str(version).split(".")[:3]) < MIN_SQLITE:
        log.warning("SQLite %s has no trigram tokenizer (3.34+): text search stays unindexed",
                    version)  # fmt: skip
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='sentences', "
                "content_rowid='rowid', tokenize='trigram')"
            )
    except DBAPIError as exc:  # built without FTS5
        log.warning("no FTS5 trigram index (%s): text search stays unindexed", exc.orig)
        return
    for sql in SQLITE_TRIGGERS.values():
        bind.exec_driver_sql(sql)
    bind.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _pg_trigram() -> None:
    bind = op.get_bind()

    def installed() -> str | None:
        return bind.execute(text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )).scalar()  # fmt: skip

    schema = installed()
    created = False
    if schema is None:
        available = bind.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        ).first()  # fmt: skip
        if available is None:
            log.warning("pg_trgm is not installed on this server: text search stays unindexed")
            return
        try:
            with bind.begin_nested():  # a failure must not abort the migration's transaction
                bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except DBAPIError as exc:
            log.warning("cannot create extension pg_trgm (%s): text search stays unindexed; "
                        "a superuser or the database owner can run CREATE EXTENSION pg_trgm",
                        str(exc.orig).strip())  # fmt: skip
            return
        schema = installed()
        created = True
        if schema is None:  # pragma: no cover - CREATE EXTENSION succeeded but left nothing
            return
    opclass = f'"{schema}".gin_trgm_ops'
    try:
        with bind.begin_nested():
            bind.execute(text(f"CREATE INDEX {TRGM_INDEX} ON sentences "
                              f"USING gin (lower(text) {opclass})"))  # fmt: skip
    except DBAPIError as exc:
        log.warning("cannot create the trigram index (%s): text search stays unindexed",
                    str(exc.orig).strip())  # fmt: skip
        return
    if created:  # remember it, so that a downgrade removes only what this migration added
        bind.execute(text(f"COMMENT ON INDEX {TRGM_INDEX} IS '{CREATED_MARK}'"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif bind.dialect.name == "postgresql":
        mark = bind.execute(
            text("SELECT obj_description(to_regclass(:name), 'pg_class')"), {"name": TRGM_INDEX}
        ).scalar()  # fmt: skip
        bind.execute(text(f"DROP INDEX IF EXISTS {TRGM_INDEX}"))
        if mark == CREATED_MARK:
            try:
                with bind.begin_nested():  # RESTRICT: kept where something else uses it now
                    bind.execute(text("DROP EXTENSION IF EXISTS pg_trgm"))
            except DBAPIError as exc:
                log.warning("pg_trgm kept (%s)", str(exc.orig).strip())
    op.drop_index("ix_event_mentions_sentence", table_name="event_mentions")
    op.drop_index("ix_events_date_id", table_name="events")
