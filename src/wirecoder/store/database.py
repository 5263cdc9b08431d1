"""Open a store: turn what the user typed (a path or a URL) into an engine with a current schema.

SQLite is the default: a file path (``wirecoder.db``) or ``sqlite:///path``. The engine runs in
WAL mode with a busy timeout, and every write transaction starts with ``BEGIN IMMEDIATE`` so two
ingests into one file queue up instead of failing halfway. PostgreSQL URLs
(``postgresql://user@host/db``) use psycopg 3.

The schema is created and upgraded by the Alembic migrations in ``migrations/``; opening a store
runs them (under a lock, so two processes opening one new database do not race).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from wirecoder.errors import ConfigError

DEFAULT_DB = "wirecoder.db"
_PG_LOCK_KEY = 0x57495245  # "WIRE": advisory lock id that serialises migrations


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL for ``db``: a path means SQLite, ``postgresql://`` means psycopg 3."""
    raw = str(db) if db is not None else os.environ.get("WIRECODER_DB", DEFAULT_DB)
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername.startswith("sqlite"):
        return raw
    raise ConfigError(f"unsupported database URL {url.drivername}://… (use a SQLite path or "
                      "postgresql://user@host/db)")  # fmt: skip


def create_store_engine(db: str | os.PathLike[str] | None) -> Engine:
    """An engine for ``db`` with the settings wirecoder relies on (see the module docstring)."""
    url = resolve_url(db)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise ConfigError(f"folder {parent} does not exist (for database {path})")
        engine = create_engine(url, connect_args={"timeout": 60})
        _sqlite_settings(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's BEGIN below decide when transactions start (pysqlite's own
        # implicit BEGIN is deferred, which lets two writers deadlock on upgrade to a write lock).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front; readers (``Store.reader()``) never block them.
        read_only = conn.get_execution_options().get("wirecoder_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold a cross-process lock while the schema is checked and upgraded."""
    if is_postgres(engine):
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
        return
    path = make_url(str(engine.url)).database
    if not path or path == ":memory:":
        yield
        return
    # flock() on the database file itself: independent of SQLite's own fcntl() locks on Linux,
    # and it leaves no lock file behind.
    with open(path, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
