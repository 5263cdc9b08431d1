"""A real store for API and browser tests: our own articles coded by the real pipeline into a
SQLite file, plus one article whose text carries HTML/script markup (it must show as text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wirecoder.store import Store
from wirecoder.store.ingest import ingest_documents, iter_inputs

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-7f3a"
HOSTILE = (
    "KYIV, May 20 (Wire) - Ukraine's foreign ministry accused Russia of shelling a school in "
    "Kharkiv on Monday, <script>window.__pwned = 1</script> officials said.\n\n"
    "The ministry said the attack <img src=x onerror=\"window.__pwned = 2\"> killed two "
    "teachers, and it urged the United Nations to condemn Moscow.\n"
)


@pytest.fixture(scope="session")
def api_token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory, coder) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("api_articles")
    for source in (ROOT / "tests" / "store" / "articles", ROOT / "examples"):
        for path in sorted(source.iterdir()):
            if path.suffix in (".txt", ".html", ".jsonl"):
                shutil.copy(path, folder / path.name)
    (folder / "hostile_markup_2025-05-20.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(tmp_path_factory.mktemp("api_store") / "api.db")
    with Store(db) as store:
        report = ingest_documents(iter_inputs([str(folder)]), store, coder)
    assert report.failed == 0 and report.stored >= 10
    return db
