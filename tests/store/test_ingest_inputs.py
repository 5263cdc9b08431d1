"""What ``wirecoder ingest`` reads: folders with bad files, RSS feeds, feed lists, dates in file
names, and the ``errors`` and ``db`` commands.

Most tests code with ``StubCoder`` (one sentence, no events, the document's metadata kept), so
they test ingest and storage without spaCy; tests marked ``slow`` use the real coder.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, select

from wirecoder.cli import main
from wirecoder.ingest import is_feed_list
from wirecoder.schema import CodedDocument, ErrorRecord, RawDocument, Sentence
from wirecoder.store import Store, tables
from wirecoder.store.ingest import ingest_documents, iter_inputs
from wirecoder.store.migrate import head_revision
from wirecoder.store.query import EventFilter, query_events

if TYPE_CHECKING:
    from wirecoder.coder import Coder

FEEDS = Path(__file__).resolve().parents[1] / "ingest" / "feeds"

ARTICLE = (
    "Moldovan Prime Minister Dorin Recean met Romanian officials in Chisinau on Tuesday to "
    "discuss a new road bridge over the Prut river.\n\nThe two sides agreed to meet again in "
    "Bucharest next month, the government said in a statement."
)


class StubCoder:
    """Stands in for the spaCy coder: one sentence, no events, the document's metadata kept."""

    def __init__(self) -> None:
        self.coded: list[str] = []

    def code_many(self, raws: Iterable[RawDocument | ErrorRecord],
                  batch_size: int = 16) -> Iterator[CodedDocument | ErrorRecord]:  # fmt: skip
        for raw in raws:
            if isinstance(raw, ErrorRecord):
                yield raw
                continue
            self.coded.append(raw.doc_id)
            yield CodedDocument(
                doc_id=raw.doc_id, title=raw.title, url=raw.url, published=raw.published,
                text=raw.text, warnings=raw.warnings,
                sentences=[Sentence(index=0, start=0, end=len(raw.text), text=raw.text)],
            )  # fmt: skip


def documents(db: str) -> dict[str, dict]:
    with Store(db) as store, store.reader() as conn:
        rows = conn.execute(select(tables.documents)).mappings().all()
    return {r["name"]: dict(r) for r in rows}


def errors(db: str) -> list[tuple[str, str]]:
    with Store(db) as store, store.reader() as conn:
        rows = conn.execute(select(tables.ingest_errors.c.document_name,
                                   tables.ingest_errors.c.code)).all()  # fmt: skip
    return sorted((r[0], r[1]) for r in rows)


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def bad_files(folder: Path) -> None:
    (folder / "empty.txt").write_text("   \n\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    """The RSS fixture and its linked pages, in a folder of this test's own."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in ("world.rss", "world.atom", "harbour-accord.html", "dhaka-march.html",
                 "senate-water.html"):  # fmt: skip
        shutil.copy(FEEDS / name, folder / name)
    return folder


# --- a folder with bad files ----------------------------------------------------------------------


@pytest.mark.slow
def test_folder_with_bad_files_stores_the_good_ones_and_lists_the_errors(
    articles_dir: Path, sqlite_url: str, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wirecoder.coder.Coder", lambda model=None: coder)  # the loaded model
    bad_files(articles_dir)
    good = sorted(p.name for p in articles_dir.glob("*_20*.txt"))
    assert len(good) == 5

    result = cli("ingest", str(articles_dir), "--db", sqlite_url, "--quiet")
    assert result.exit_code == 3, result.output  # partly failed
    lines = result.stderr.splitlines()
    assert any(line.startswith("[E001] empty.txt: file is empty") for line in lines), lines
    assert any(line.startswith("[E002] binary.txt: looks like binary data") for line in lines)
    assert lines[-1].startswith("5 stored, 0 already stored, 2 failed; ")
    assert "Traceback" not in result.output
    assert sorted(documents(sqlite_url)) == good
    assert errors(sqlite_url) == [("binary.txt", "E002"), ("empty.txt", "E001")]
    # the whole path: three reports of one meeting are one event, the denial conflicts with it
    with Store(sqlite_url) as store:
        [met] = query_events(store, EventFilter(type=["CONSULT"], min_articles=3))
        assert met["negated"] is False and met["conflict_with"] is not None
        [denied] = query_events(store, EventFilter(type=["CONSULT"], negated=True,
                                                   actor="Fidan", target="Araghchi"))  # fmt: skip
        assert denied["conflict_with"] == met["id"]

    listed = cli("errors", "--db", sqlite_url)
    assert listed.exit_code == 0
    rows = listed.stdout.splitlines()
    assert len(rows) == 2
    assert any("  E001  empty.txt  [E001] empty.txt: file is empty" in r for r in rows), rows
    assert any("  E002  binary.txt  [E002] binary.txt:" in r for r in rows), rows
    as_json = json.loads(cli("errors", "--db", sqlite_url, "--format", "json").stdout)
    assert {(e["document_name"], Path(e["source_path"]).name) for e in as_json} == {
        ("empty.txt", "empty.txt"), ("binary.txt", "binary.txt")}  # fmt: skip

    # fix one file: the next ingest stores it and forgets its error, keeps the other
    (articles_dir / "empty.txt").write_text(ARTICLE)
    result = cli("ingest", str(articles_dir), "--db", sqlite_url, "--quiet")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1].startswith("1 stored, 5 already stored, 1 failed; ")
    assert errors(sqlite_url) == [("binary.txt", "E002")]
    assert "empty.txt" in documents(sqlite_url)

    (articles_dir / "binary.txt").unlink()
    result = cli("ingest", str(articles_dir), "--db", sqlite_url, "--quiet")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1].startswith("0 stored, 6 already stored, 0 failed; ")


def test_ingest_exits_2_when_nothing_could_be_read(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wirecoder.coder.Coder", lambda model=None: StubCoder())
    folder = tmp_path / "in"
    folder.mkdir()
    bad_files(folder)
    result = cli("ingest", str(folder), "--db", sqlite_url, "--quiet")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("0 stored, 0 already stored, 2 failed; ")
    assert cli("errors", "--db", sqlite_url).stdout.count("\n") == 2


def test_errors_command_with_no_errors(sqlite_url: str) -> None:
    result = cli("errors", "--db", sqlite_url)
    assert (result.exit_code, result.stdout) == (0, "no ingest errors\n")


def test_fixed_file_error_is_removed_through_the_api(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad_files(folder)
    with Store(sqlite_url) as store:
        report = ingest_documents(iter_inputs([str(folder)]), store, StubCoder())
        assert (report.stored, report.failed) == (0, 2)
        assert [e.doc_id for e in report.errors] == ["binary.txt", "empty.txt"]
        # the same failure again is recorded once
        ingest_documents(iter_inputs([str(folder)]), store, StubCoder())
        assert errors(sqlite_url) == [("binary.txt", "E002"), ("empty.txt", "E001")]
        (folder / "binary.txt").write_text(ARTICLE)
        report = ingest_documents(iter_inputs([str(folder)]), store, StubCoder())
        assert (report.stored, report.failed) == (1, 1)
    assert errors(sqlite_url) == [("empty.txt", "E001")]


def test_a_file_that_fails_differently_lists_only_its_current_error(
    tmp_path: Path, sqlite_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("   \n")
    with Store(sqlite_url) as store:
        ingest_documents(iter_inputs([str(folder)]), store, StubCoder())
        (folder / "story.txt").write_bytes(bytes(range(256)) * 8)
        ingest_documents(iter_inputs([str(folder)]), store, StubCoder())
    assert errors(sqlite_url) == [("story.txt", "E002")]


# --- feeds ----------------------------------------------------------------------------------------

RSS_ITEMS = {
    "harbour-accord.html": ("Moldova and Romania Agree to Open Two New Border Crossings",
                            "2025-03-04"),
    "dhaka-march.html": ("Police Detain Dozens at Garment Workers' March in Dhaka", "2025-03-05"),
    "missing-story.html": ("Kenya Postpones Two By-Elections", "2025-03-07"),
}  # fmt: skip


def check_rss_documents(db: str, feed_dir: Path, feed_arg: str) -> None:
    docs = documents(db)
    expected = {(feed_dir / name).as_uri(): meta for name, meta in RSS_ITEMS.items()}
    assert set(docs) == set(expected)
    for url, (title, published) in expected.items():
        doc = docs[url]
        assert (doc["url"], doc["title"], doc["published"]) == (url, title, published)
        assert doc["source_path"] == feed_arg
    kenya = json.loads(docs[(feed_dir / "missing-story.html").as_uri()]["warnings"])
    assert any("coded the feed item's description instead" in w for w in kenya)
    assert "Prut river" in docs[(feed_dir / "harbour-accord.html").as_uri()]["text"]


def test_file_url_rss_feed_is_ingested_with_url_title_and_date(
    feed_dir: Path, sqlite_url: str
) -> None:
    feed = (feed_dir / "world.rss").as_uri()
    assert feed.startswith("file:///")
    items = list(iter_inputs([feed], feed_delay=0))
    assert [type(i).__name__ for i in items] == ["RawDocument"] * 3
    with Store(sqlite_url) as store:
        report = ingest_documents(items, store, StubCoder())
        assert (report.stored, report.failed) == (3, 0)
        # the same feed as a plain path: the same documents, stored already
        again = ingest_documents(iter_inputs([str(feed_dir / "world.rss")], feed_delay=0), store,
                                 StubCoder())  # fmt: skip
        assert (again.seen, again.stored, again.skipped) == (3, 0, 3)
    check_rss_documents(sqlite_url, feed_dir, feed)


def test_atom_feed_is_ingested(feed_dir: Path, sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        report = ingest_documents(iter_inputs([str(feed_dir / "world.atom")], feed_delay=0),
                                  store, StubCoder())  # fmt: skip
        assert report.stored == 3
    docs = documents(sqlite_url)
    senate = docs[(feed_dir / "senate-water.html").as_uri()]
    assert senate["title"] == "Chile’s Senate Approves Water Rights Reform"
    assert senate["published"] == "2025-03-06"


def test_feed_list_file_is_read_as_feeds_not_coded_as_an_article(
    feed_dir: Path, tmp_path: Path, sqlite_url: str
) -> None:
    feed = (feed_dir / "world.rss").as_uri()
    feed_list = tmp_path / "my-feeds.txt"
    feed_list.write_text(f"# feeds to follow\n\n{feed}\n")
    assert is_feed_list(feed_list)
    stub = StubCoder()
    with Store(sqlite_url) as store:
        report = ingest_documents(iter_inputs([str(feed_list)], feed_delay=0), store, stub)
    assert (report.stored, report.failed) == (3, 0)
    assert "my-feeds.txt" not in stub.coded
    check_rss_documents(sqlite_url, feed_dir, feed)


def test_text_with_a_url_and_prose_is_an_article(tmp_path: Path) -> None:
    article = tmp_path / "links.txt"
    article.write_text(f"https://example.org/world.rss\n{ARTICLE}\n")
    assert not is_feed_list(article)
    [doc] = iter_inputs([str(article)])
    assert isinstance(doc, RawDocument) and doc.doc_id == "links.txt"


@pytest.mark.slow
def test_real_coder_keeps_feed_metadata(feed_dir: Path, sqlite_url: str, coder: Coder) -> None:
    feed = (feed_dir / "world.rss").as_uri()
    with Store(sqlite_url) as store:
        report = ingest_documents(iter_inputs([feed], feed_delay=0), store, coder)
        assert (report.stored, report.failed) == (3, 0)
        assert report.events_new > 0
        dhaka = query_events(store, EventFilter(document=(feed_dir / "dhaka-march.html").as_uri()))
        # "detained ... on Wednesday", read against the feed's date (Wednesday 2025-03-05)
        assert "2025-03-05" in {e["date"] for e in dhaka}, dhaka
    check_rss_documents(sqlite_url, feed_dir, feed)


# --- publication dates from file names ------------------------------------------------------------


def published_by_name(items: Iterable[RawDocument | ErrorRecord]) -> dict[str, str | None]:
    out = {}
    for item in items:
        assert isinstance(item, RawDocument), item
        out[item.doc_id] = item.published
    return out


@pytest.fixture
def dated_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dated"
    folder.mkdir()
    (folder / "report_2025-04-03.txt").write_text(ARTICLE)
    (folder / "plain.txt").write_text(ARTICLE.replace("Tuesday", "Monday"))
    (folder / "batch_2025-03-03.jsonl").write_text(
        json.dumps({"id": "own-date", "text": ARTICLE + " One.", "published": "2025-01-09"})
        + "\n" + json.dumps({"id": "no-date", "text": ARTICLE + " Two."}) + "\n"
    )
    return folder


def test_date_in_file_name_is_the_publication_date(dated_folder: Path) -> None:
    assert published_by_name(iter_inputs([str(dated_folder)])) == {
        "report_2025-04-03.txt": "2025-04-03", "plain.txt": None,
        "own-date": "2025-01-09",  # a record's own date wins
        "no-date": "2025-03-03",
    }  # fmt: skip
    # a single file given by path, too
    assert published_by_name(iter_inputs([str(dated_folder / "report_2025-04-03.txt")])) == {
        "report_2025-04-03.txt": "2025-04-03"}  # fmt: skip


def test_date_from_name_can_be_turned_off(dated_folder: Path) -> None:
    assert published_by_name(iter_inputs([str(dated_folder)], date_from_name=False)) == {
        "report_2025-04-03.txt": None, "plain.txt": None, "own-date": "2025-01-09",
        "no-date": None}  # fmt: skip


def test_given_publication_date_wins_over_the_name(dated_folder: Path) -> None:
    got = published_by_name(iter_inputs([str(dated_folder)], published="2025-02-01"))
    assert got == {"report_2025-04-03.txt": "2025-02-01", "plain.txt": "2025-02-01",
                   "own-date": "2025-01-09", "no-date": "2025-02-01"}  # fmt: skip


def test_cli_no_date_from_name(dated_folder: Path, sqlite_url: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr("wirecoder.coder.Coder", lambda model=None: StubCoder())
    (dated_folder / "batch_2025-03-03.jsonl").unlink()
    assert cli("ingest", str(dated_folder), "--db", sqlite_url, "-q",
               "--no-date-from-name").exit_code == 0  # fmt: skip
    assert {n: d["published"] for n, d in documents(sqlite_url).items()} == {
        "report_2025-04-03.txt": None, "plain.txt": None}  # fmt: skip
    dated = str(Path(sqlite_url).with_name("dated.db"))
    assert cli("ingest", str(dated_folder), "--db", dated, "-q").exit_code == 0
    assert {n: d["published"] for n, d in documents(dated).items()} == {
        "report_2025-04-03.txt": "2025-04-03", "plain.txt": None}  # fmt: skip


def test_impossible_date_in_file_name_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "scan_2025-13-45.txt").write_text(ARTICLE)
    assert published_by_name(iter_inputs([str(tmp_path)])) == {"scan_2025-13-45.txt": None}


def test_html_page_date_wins_over_the_file_name(tmp_path: Path) -> None:
    page = tmp_path / "story_2025-02-02.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta property="article:published_time" content="2025-01-07T10:00:00Z">'
        "<title>Talks</title></head><body><article><h1>Talks in Chisinau</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
        + "</article></body></html>"
    )
    assert published_by_name(iter_inputs([str(page)], date_from_name=False)) == {
        page.name: "2025-01-07"}  # fmt: skip
    assert published_by_name(iter_inputs([str(page)])) == {page.name: "2025-01-07"}


# --- the db commands ------------------------------------------------------------------------------


def test_db_current_and_upgrade_print_the_revision(new_db_url: str) -> None:
    head = head_revision()
    assert head.isdigit() and int(head) >= 2  # the newest bundled migration
    result = cli("db", "current", "--db", new_db_url)
    assert (result.exit_code, result.stdout) == (0, f"None (newest {head})\n")
    with Store(new_db_url, migrate=False) as store:
        assert "events" not in inspect(store.engine).get_table_names()  # `current` changed nothing

    result = cli("db", "upgrade", "--db", new_db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f": at revision {head} (newest {head})\n")
    assert cli("db", "current", "--db", new_db_url).stdout == f"{head} (newest {head})\n"

    # upgrading again keeps the data
    with Store(new_db_url) as store:
        store.write(CodedDocument(doc_id="kept", text=ARTICLE))
    assert cli("db", "upgrade", "--db", new_db_url).exit_code == 0
    assert list(documents(new_db_url)) == ["kept"]
