"""Fixtures for store tests: a fresh SQLite file or a fresh database on a real PostgreSQL server.

PostgreSQL comes from ``WIRECODER_TEST_PG`` (CI starts a throw-away server and sets it), else a
server this session starts itself with ``tests/pgserver.py`` when PostgreSQL is installed. With
neither, PostgreSQL tests are skipped — unless ``WIRECODER_REQUIRE_PG=1`` (CI), where that fails.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pgserver import TempPostgres, find_pg_bin  # noqa: E402

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


def fresh_pg_database(server_url: str) -> str:
    """Create an empty database on the test server and return its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each backend in turn."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return fresh_pg_database(request.getfixturevalue("pg_server_url"))


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
