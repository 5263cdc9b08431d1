"""The store's promises under real conditions: the real coder, a real SQLite file, a real
PostgreSQL server, real processes killed and run side by side.

- ingesting the same articles twice stores them once;
- the same meeting reported by three articles is one event with three mentions, and a denial of
  it is a separate event flagged as conflicting;
- an ingest killed half-way, then run again, ends with exactly what one clean run stores;
- two ingests into one store at the same time lose nothing and double nothing;
- SQL-injection strings through every filter change nothing and match nothing;
- a database made by the first schema version upgrades with its data kept.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from wirecoder.errors import QueryError
from wirecoder.store import Store, tables
from wirecoder.store.ingest import ingest_documents, iter_inputs
from wirecoder.store.query import EventFilter, count_events, query_events

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CORPUS_SOURCES = [ROOT / "tests" / "articles", ROOT / "tests" / "store" / "articles",
                  ROOT / "examples"]  # fmt: skip


def counts(url: str) -> dict[str, int]:
    with Store(url) as store, store.reader() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (tables.documents, tables.sentences, tables.events,
                          tables.event_mentions, tables.quotes, tables.places, tables.actors,
                          tables.ingest_errors)
        }  # fmt: skip


def mention_ids(url: str) -> list[str]:
    with Store(url) as store, store.reader() as conn:
        return sorted(conn.execute(select(tables.event_mentions.c.id)).scalars())


def ingest(url: str, coder, *paths: Path):  # type: ignore[no-untyped-def]
    with Store(url) as store:
        return ingest_documents(iter_inputs([str(p) for p in paths]), store, coder)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 25 of our own articles in one folder (text files only)."""
    folder = tmp_path_factory.mktemp("corpus")
    for source in CORPUS_SOURCES:
        for path in sorted(source.glob("*.txt")):
            shutil.copy(path, folder / path.name)
    return folder


def test_reingest_stores_each_article_once(db_url: str, coder, articles_dir: Path) -> None:
    first = ingest(db_url, coder, articles_dir)
    before = counts(db_url)
    second = ingest(db_url, coder, articles_dir)
    assert (first.stored, first.skipped, first.failed) == (5, 0, 0)
    assert (second.stored, second.skipped, second.failed) == (0, 5, 0)
    assert counts(db_url) == before
    # The same text under another file name is the same document.
    (articles_dir / "copy_of_a.txt").write_text(
        (articles_dir / "same_event_a_2026-03-12.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    third = ingest(db_url, coder, articles_dir)
    assert (third.stored, third.skipped) == (0, 6)
    assert counts(db_url) == before


def test_one_meeting_reported_three_times_is_one_event(db_url: str, coder,
                                                       articles_dir: Path) -> None:  # fmt: skip
    ingest(db_url, coder, articles_dir)
    with Store(db_url) as store:
        found = query_events(store, EventFilter(source="Fidan", target="Araghchi",
                                                type=["CONSULT"], negated=False))  # fmt: skip
        assert len(found) == 1, found
        meeting = found[0]
        assert meeting["date"] == "2026-03-12"
        assert (meeting["num_mentions"], meeting["num_articles"]) == (3, 3)
        with store.reader() as conn:
            documents = set(conn.execute(
                select(tables.documents.c.name)
                .join(tables.event_mentions,
                      tables.event_mentions.c.document_id == tables.documents.c.id)
                .where(tables.event_mentions.c.event_id == meeting["id"])
            ).scalars())  # fmt: skip
        assert documents == {"same_event_a_2026-03-12.txt", "same_event_b_2026-03-12.txt",
                             "same_event_c_2026-03-13.txt"}  # fmt: skip
        denial = query_events(store, EventFilter(source="Fidan", target="Araghchi",
                                                 type=["CONSULT"], negated=True))  # fmt: skip
        assert len(denial) == 1
        assert denial[0]["conflict_with"] == meeting["id"]
        assert meeting["conflict_with"] == denial[0]["id"]


def _run_ingest(url: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "wirecoder.cli", "ingest", str(folder), "--db", url, "-q"],
        stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env,
    )  # fmt: skip


def _stored(url: str) -> int:
    try:
        return counts(url)["documents"]
    except Exception:  # noqa: BLE001 - the schema may not exist yet while the child starts
        return 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_ingest_resumes_with_nothing_lost_or_doubled(
    backend: str, request: pytest.FixtureRequest, coder, corpus: Path, tmp_path: Path
) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    reference = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    if backend == "sqlite":
        reference = str(tmp_path / "reference.db")
    total = len(list(corpus.glob("*.txt")))
    child = _run_ingest(url, corpus, tmp_path / "killed.log")
    deadline = time.monotonic() + 120
    while _stored(url) < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.1)
    child.send_signal(signal.SIGKILL)
    child.wait()
    partial = _stored(url)
    assert 0 < partial < total, f"kill landed at {partial}/{total}: make the corpus larger"

    resumed = ingest(url, coder, corpus)
    assert resumed.skipped == partial and resumed.stored == total - partial
    ingest(reference, coder, corpus)
    assert counts(url) == counts(reference)
    assert mention_ids(url) == mention_ids(reference)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_at_once_lose_and_double_nothing(
    backend: str, request: pytest.FixtureRequest, coder, corpus: Path, tmp_path: Path
) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    reference = str(tmp_path / "reference.db")
    files = sorted(corpus.glob("*.txt"))
    half = len(files) // 2
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in files[: half + 4]:  # the halves overlap: both processes race on 8 articles
        shutil.copy(path, first / path.name)
    for path in files[half - 4:]:
        shutil.copy(path, second / path.name)
    children = [_run_ingest(url, first, tmp_path / "a.log"),
                _run_ingest(url, second, tmp_path / "b.log")]  # fmt: skip
    for child in children:
        assert child.wait(timeout=300) == 0, (tmp_path / "a.log").read_text() + (
            tmp_path / "b.log").read_text()  # fmt: skip
    ingest(reference, coder, corpus)
    got, want = counts(url), counts(reference)
    assert got["documents"] == want["documents"] == len(files)
    assert mention_ids(url) == mention_ids(reference)
    for table in ("sentences", "quotes", "places", "actors"):
        assert got[table] == want[table], table
    # Each real event once: the writers' order may differ from the reference, the result not.
    assert got["events"] == want["events"]


INJECTIONS = [
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "x' OR '1'='1",
    "Robert'); DELETE FROM documents; --",
    "%",
    "_",
    "\\",
    "1; UPDATE events SET negated = 1",
    "' UNION SELECT id, name FROM actors --",
]


def test_injection_strings_through_every_filter_change_and_match_nothing(
    db_url: str, coder, articles_dir: Path
) -> None:
    ingest(db_url, coder, articles_dir)
    before = counts(db_url)
    store = Store(db_url)
    with store.reader() as conn:
        schema_before = sorted(inspect(conn).get_table_names())
    free_text = ("actor", "source", "target", "place", "text", "document")
    checked = ("country", "sector", "since", "until", "sort")
    for value in INJECTIONS:
        for name in free_text:
            assert query_events(store, EventFilter(**{name: value})) == [], (name, value)
            assert count_events(store, EventFilter(**{name: value})) == 0
        for name in checked:
            with pytest.raises(QueryError):
                query_events(store, EventFilter(**{name: value}))
        for name in ("type", "modality"):
            with pytest.raises(QueryError):
                query_events(store, EventFilter(**{name: [value]}))
    with store.reader() as conn:
        assert sorted(inspect(conn).get_table_names()) == schema_before
    store.close()
    assert counts(db_url) == before


def test_injection_through_the_cli_is_refused_or_empty(sqlite_url: str, coder,
                                                       articles_dir: Path) -> None:  # fmt: skip
    from click.testing import CliRunner

    from wirecoder.cli import main

    ingest(sqlite_url, coder, articles_dir)
    before = counts(sqlite_url)
    runner = CliRunner()
    for value in INJECTIONS[:4]:
        ok = runner.invoke(main, ["query", "--db", sqlite_url, "--actor", value, "-f", "json"])
        assert ok.exit_code == 0 and ok.output.strip() == "[]"
        bad = runner.invoke(main, ["query", "--db", sqlite_url, "--country", value])
        assert bad.exit_code == 2 and "[E011]" in bad.output
    assert counts(sqlite_url) == before


def test_a_first_version_database_upgrades_with_its_data(new_db_url: str, coder) -> None:
    from wirecoder.store.migrate import current_revision, head_revision, upgrade

    old = Store(new_db_url, migrate=False)
    upgrade(old.engine, "0001")
    assert current_revision(old.engine) == "0001"
    doc = coder.code("Russian President Vladimir Putin met Chinese President Xi Jinping in "
                     "Moscow on Tuesday.", published="2025-05-08", doc_id="old.txt")  # fmt: skip
    assert old.write(doc).stored
    with old.reader() as conn:
        assert "event_list" not in inspect(conn).get_view_names()
    old.close()

    with Store(new_db_url) as store, store.reader() as conn:
        assert current_revision(store.engine) == head_revision()
        assert "event_list" in inspect(conn).get_view_names()
        rows = conn.exec_driver_sql("SELECT type, source, target FROM event_list").all()
        assert [tuple(r) for r in rows] == [("CONSULT", "Vladimir Putin", "Xi Jinping")]
    assert counts(new_db_url)["documents"] == 1
