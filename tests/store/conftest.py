"""Fixtures for store tests: a fresh SQLite file or a fresh database on a real PostgreSQL server.

PostgreSQL comes from ``WIRECODER_TEST_PG`` (CI starts a throw-away server and sets it), else a
server this session starts itself with ``tests/pgserver.py`` when PostgreSQL is installed. With
neither, PostgreSQL tests are skipped — unless ``WIRECODER_REQUIRE_PG=1`` (CI), where that fails.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from wirecoder.store import Store, tables
from wirecoder.store.database import resolve_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pgserver import TempPostgres, find_pg_bin, fresh_pg_database  # noqa: E402

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of the database PostgreSQL tests create their own databases next to."""
    url = os.environ.get("WIRECODER_TEST_PG")
    if url:
        yield url
        return
    if find_pg_bin() is None:
        if os.environ.get("WIRECODER_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL is required (WIRECODER_REQUIRE_PG=1) but not installed")
        pytest.skip("no PostgreSQL installed and WIRECODER_TEST_PG not set")
    server = TempPostgres()
    try:
        server.start()
    except RuntimeError as exc:
        if os.environ.get("WIRECODER_REQUIRE_PG") == "1":
            raise
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A brand-new database on each backend: no tables yet (for migration tests)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return fresh_pg_database(request.getfixturevalue("pg_server_url"))


@pytest.fixture(scope="module")
def module_pg_url(pg_server_url: str) -> str:
    """One migrated PostgreSQL database per test module."""
    db = fresh_pg_database(pg_server_url)
    Store(db).close()
    return db


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test module, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "store.db"
    Store(path).close()
    return path


def empty_store(db: str) -> None:
    engine = create_engine(resolve_url(db))
    with engine.begin() as conn:
        for table in reversed(tables.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store at the newest schema on each backend in turn.

    Creating and migrating a store costs 0.2-0.6 s, more than most tests: each SQLite test gets
    a copy of a file migrated once per module, and PostgreSQL tests share one database per
    module, emptied before each test.
    """
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "store.db")
        return str(tmp_path / "store.db")
    db = request.getfixturevalue("module_pg_url")
    empty_store(db)
    return db


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def pg_url(pg_server_url: str) -> str:
    return fresh_pg_database(pg_server_url)


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A private copy of the same-event test articles (tests may add files to it)."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target, ignore=shutil.ignore_patterns("README.md"))
    return target
