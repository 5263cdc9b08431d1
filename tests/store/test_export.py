"""Exports of the event store: PLOVER JSONL, flat JSONL, GDELT 2.0 Events, Parquet.

The store is filled with hand-made :class:`CodedDocument` objects (no spaCy model): two
articles report the same Fidan-Araghchi meeting in Ankara (one event, two articles), a third
denies it (a negated event), reports a protest in Peru dated only by month, and Iran yields to
Turkey (CONCEDE: PLOVER quad 1, CAMEO QuadClass 2).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import fresh_pg_database

from wirecoder.errors import QueryError
from wirecoder.schema import Actor, CodedDocument, Event, Location, Sentence, TextSpan
from wirecoder.store import Store
from wirecoder.store.export import (
    cameo_roots,
    export_events,
    gdelt_columns,
    gdelt_mapping_markdown,
    global_event_id,
)
from wirecoder.store.query import EventFilter, query_events

DOCS = Path(__file__).resolve().parents[2] / "docs" / "gdelt-mapping.md"
ANKARA = Location(name="Ankara", country="TUR", lat=39.9199, lon=32.8543, geonameid=323786)
PERU = Location(name="Peru", country="PER", lat=-10.0, lon=-76.0, geonameid=3932488)
FIDAN = Actor(id="a1", name="Hakan Fidan", kind="person", country="TUR", sector="GOV")
ARAGHCHI = Actor(id="a2", name="Abbas Araghchi", kind="person", country="IRN", sector="GOV")


def _doc(
    doc_id: str,
    url: str | None,
    published: str,
    sentences: list[str],
    actors: list[Actor],
    events: list[dict],
) -> CodedDocument:
    """A document whose events name their trigger word; offsets are computed from the text."""
    text, spans = "", []
    for i, s in enumerate(sentences):
        start = len(text)
        text += s + " "
        spans.append(Sentence(index=i, start=start, end=start + len(s), text=s))
    coded = []
    for n, ev in enumerate(events):
        sentence = spans[ev.pop("sentence")]
        word = ev.pop("trigger")
        at = sentence.start + sentence.text.index(word)
        coded.append(
            Event(
                id=f"e{n}",
                sentence=sentence.index,
                confidence=0.9,
                trigger=TextSpan(start=at, end=at + len(word), text=word),
                **ev,
            )
        )
    return CodedDocument(
        doc_id=doc_id,
        url=url,
        title=f"title of {doc_id}",
        published=published,
        text=text,
        sentences=spans,
        actors=actors,
        events=coded,
    )


def _consult(sentence: int, trigger: str, **extra: object) -> dict:
    return dict(
        type="CONSULT",
        cameo_root="04",
        intensity=2.5,
        source=["a1"],
        target=["a2"],
        date="2026-03-12",
        location=ANKARA,
        sentence=sentence,
        trigger=trigger,
        **extra,
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The three documents, stored in SQLite, then (when a server is available) PostgreSQL."""
    if request.param == "sqlite":
        db = Store(tmp_path_factory.mktemp("export") / "t.db")
    else:
        db = Store(fresh_pg_database(request.getfixturevalue("pg_server_url")))
    db.write(
        _doc(
            "a.txt",
            "https://outlet-a.example/fidan",
            "2026-03-12",
            [
                "Turkish FM meets Iranian counterpart.",
                "Hakan Fidan met Abbas Araghchi in Ankara on Thursday.",
            ],
            [FIDAN, ARAGHCHI],
            [_consult(1, "met")],
        )
    )
    db.write(
        _doc(
            "b.txt",
            "https://outlet-b.example/talks",
            "2026-03-12",
            [
                "Ankara hosts talks.",
                "Fidan held talks with Araghchi.",
                "Iran agreed to the Turkish request, officials said.",
            ],
            [
                FIDAN,
                ARAGHCHI,
                Actor(id="a3", name="Iran", kind="state", country="IRN"),
                Actor(id="a4", name="Turkey", kind="state", country="TUR"),
            ],
            [
                _consult(1, "held talks"),
                dict(
                    type="CONCEDE",
                    cameo_root="08",
                    intensity=4.5,
                    source=["a3"],
                    target=["a4"],
                    date="2026-03-12",
                    sentence=2,
                    trigger="agreed",
                ),
            ],
        )
    )
    db.write(
        _doc(
            "c.txt",
            None,
            "2026-03-13",
            [
                "Ankara denies meeting.",
                "Intro.",
                "Fidan did not meet Araghchi.",
                "Protesters marched across Peru this month.",
            ],
            [
                FIDAN,
                ARAGHCHI,
                Actor(id="a5", name="protesters", kind="group", country="PER", sector="CVL"),
                Actor(id="a6", name="Peru", kind="state", country="PER"),
            ],
            [
                _consult(2, "meet", negated=True),
                dict(
                    type="PROTEST",
                    cameo_root="14",
                    intensity=-5.0,
                    source=["a5"],
                    target=["a6"],
                    date="2026-03",
                    location=PERU,
                    sentence=3,
                    trigger="marched",
                ),
            ],
        )
    )
    yield db
    db.close()


def _gdelt(store: Store, **kwargs: object) -> list[list[str]]:
    buf = io.StringIO()
    export_events(store, "gdelt", buf, **kwargs)  # type: ignore[arg-type]
    return [line.split("\t") for line in buf.getvalue().splitlines()]


def _by_name(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_fixture_dedups_the_meeting(store: Store) -> None:
    events = query_events(store, EventFilter(limit=100))
    assert len(events) == 4
    meeting = [e for e in events if e["type"] == "CONSULT" and not e["negated"]]
    assert len(meeting) == 1 and meeting[0]["num_articles"] == 2


def test_plover_lines_cite_every_report(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    assert export_events(store, "plover", out) == 4
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 4
    meeting = next(r for r in records if r["wirecoder_type"] == "CONSULT" and not r["negated"])
    assert meeting["event"] == ["CONSULT"] and meeting["quad_code"] == 1
    assert meeting["num_articles"] == 2
    assert {c["doc_id"] for c in meeting["cite_info"]} == {"a.txt", "b.txt"}
    assert meeting["cite_info"][0]["doc_id"] == "a.txt"  # the report that created the event
    assert meeting["event_text"] == "met" and "Ankara" in meeting["text"]
    assert meeting["actor"][0]["code"] == "TUR" and meeting["recipient"][0]["code"] == "IRN"
    assert meeting["event_loc"]["geonameid"] == 323786
    denial = next(r for r in records if r["negated"])
    assert denial["event"] == ["REJECT"] and "negation" in denial["context"]
    assert denial["conflict_with"] == meeting["id"]


def test_jsonl_is_query_events_plus_mentions(store: Store) -> None:
    buf = io.StringIO()
    export_events(store, "jsonl", buf)
    records = {r["id"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    for flat in query_events(store, EventFilter(limit=100)):
        record = records[flat["id"]]
        assert {k: v for k, v in record.items() if k != "mentions"} == flat
        assert len(record["mentions"]) == flat["num_mentions"]
        assert all(isinstance(m["reasons"], dict) for m in record["mentions"])


def test_gdelt_has_61_columns_on_every_line(store: Store) -> None:
    rows = _gdelt(store)
    assert [c["name"] for c in gdelt_columns()] == rows[0]
    assert rows[0][0] == "GLOBALEVENTID" and rows[0][-1] == "SOURCEURL"
    assert all(len(row) == 61 for row in rows)
    assert len(rows) == 1 + 3  # negated denial left out


def test_gdelt_values_of_known_events(store: Store) -> None:
    rows = _by_name(_gdelt(store))
    meeting = next(r for r in rows if r["EventRootCode"] == "04")
    assert meeting["SQLDATE"] == "20260312" and meeting["MonthYear"] == "202603"
    assert meeting["FractionDate"] == "2026.1945"  # day 71 / 365
    assert meeting["EventCode"] == meeting["EventBaseCode"] == "04"
    assert meeting["QuadClass"] == "1" and meeting["GoldsteinScale"] == "1.0"
    counts = (meeting["NumMentions"], meeting["NumArticles"], meeting["NumSources"])
    assert counts == ("2", "2", "2")
    assert meeting["Actor1Code"] == "TURGOV" and meeting["Actor2CountryCode"] == "IRN"
    assert meeting["Actor1Type1Code"] == "GOV" and meeting["AvgTone"] == ""
    assert meeting["ActionGeo_Type"] == "4" and meeting["ActionGeo_FeatureID"] == "323786"
    assert meeting["ActionGeo_CountryCode"] == "TUR"
    assert meeting["ActionGeo_FullName"].startswith("Ankara, ")
    assert meeting["IsRootEvent"] == "1"  # sentence 1 of a.txt
    assert meeting["SOURCEURL"] == "https://outlet-a.example/fidan"
    assert len(meeting["DATEADDED"]) == 14 and meeting["DATEADDED"].isdigit()
    ids = query_events(store, EventFilter(type=["CONSULT"], negated=False))
    assert meeting["GLOBALEVENTID"] == str(global_event_id(ids[0]["id"]))
    assert global_event_id("x") == int(hashlib.sha1(b"x").hexdigest()[:15], 16)

    protest = next(r for r in rows if r["EventRootCode"] == "14")
    assert protest["SQLDATE"] == "" and protest["MonthYear"] == "202603"
    assert protest["Year"] == "2026" and protest["FractionDate"] == ""
    assert protest["QuadClass"] == "4" and protest["GoldsteinScale"] == "-6.5"
    assert protest["ActionGeo_Type"] == "1" and protest["ActionGeo_FullName"] == "Peru"
    assert protest["IsRootEvent"] == "0" and protest["SOURCEURL"] == "c.txt"  # no URL: name

    concede = next(r for r in rows if r["EventRootCode"] == "08")
    assert concede["QuadClass"] == "2"  # CAMEO convention; PLOVER puts CONCEDE in quad 1
    assert concede["Actor1Code"] == "IRNGOV" and concede["ActionGeo_Type"] == ""


def test_gdelt_keeps_negated_events_on_request(store: Store) -> None:
    assert len(_gdelt(store, include_negated=True)) == 1 + 4
    assert len(_gdelt(store, header=False)) == 3


def test_gdelt_csv_variant(store: Store) -> None:
    buf = io.StringIO()
    assert export_events(store, "gdelt-csv", buf) == 3
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert len(rows) == 4 and all(len(r) == 61 for r in rows)


def test_parquet_reads_back(store: Store, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    assert export_events(store, "parquet", out, batch=2) == 4
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert pq.ParquetFile(out).metadata.num_row_groups == 2
    schema = table.schema
    assert schema.field("id").type == pa.string()
    assert schema.field("num_articles").type == pa.int32()
    assert schema.field("intensity").type == pa.float64()
    assert schema.field("negated").type == pa.bool_()
    assert schema.field("document_names").type == pa.list_(pa.string())
    rows = table.to_pylist()
    meeting = next(r for r in rows if r["type"] == "CONSULT" and not r["negated"])
    assert meeting["mention_count"] == 2
    assert sorted(meeting["document_names"]) == ["a.txt", "b.txt"]


def test_parquet_needs_a_path(store: Store) -> None:
    with pytest.raises(QueryError):
        export_events(store, "parquet", io.StringIO())
    with pytest.raises(QueryError):
        export_events(store, "parquet", "-")


def test_filter_narrows_and_limit_is_ignored(store: Store) -> None:
    buf = io.StringIO()
    f = EventFilter(type=["CONSULT"], limit=1)
    assert export_events(store, "plover", buf, f) == 2
    assert {json.loads(line)["wirecoder_type"] for line in buf.getvalue().splitlines()} == {
        "CONSULT"
    }
    assert len(_gdelt(store, f=EventFilter(country="PER"))) == 1 + 1
    with pytest.raises(QueryError):
        export_events(store, "plover", io.StringIO(), EventFilter(type=["NOPE"]))


def test_small_batches_give_the_same_output(store: Store) -> None:
    outputs = []
    for batch in (1, 3, 5000):
        buf = io.StringIO()
        export_events(store, "jsonl", buf, batch=batch)
        outputs.append(buf.getvalue())
    assert outputs[0] == outputs[1] == outputs[2]


def test_path_and_stdout(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export_events(store, "jsonl", "-") == 4
    assert len(capsys.readouterr().out.splitlines()) == 4
    out = tmp_path / "e.jsonl"
    export_events(store, "jsonl", str(out))
    assert len(out.read_text().splitlines()) == 4
    assert list(tmp_path.glob(".*.part")) == []
    with pytest.raises(QueryError):
        export_events(store, "xml", io.StringIO())  # type: ignore[arg-type]


def test_cameo_table_has_every_root() -> None:
    roots = cameo_roots()
    assert sorted(roots) == [f"{i:02d}" for i in range(1, 21)]
    assert roots["04"]["goldstein"] == 1.0 and roots["19"]["goldstein"] == -10.0
    assert [roots[r]["quad_class"] for r in ("05", "06", "08", "09", "13", "14", "20")] == [
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_mapping_doc_matches_the_data_file() -> None:
    assert len(gdelt_columns()) == 61
    assert DOCS.read_text(encoding="utf-8") == gdelt_mapping_markdown(), (
        "regenerate: python -m wirecoder.store.gdelt > docs/gdelt-mapping.md"
    )
