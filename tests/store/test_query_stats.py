"""Reading events back: every ``EventFilter`` field, ``count_events``, ``event_stats`` and the
``query``/``stats`` commands, on SQLite and PostgreSQL.

The corpus is hand-built (no spaCy) so every expected result set is known exactly. It is written
once per backend and module (the filter tests only read); tests that write use ``db_url``.

``db_url`` is overridden here to keep the suite fast (creating and migrating a store costs
0.2-0.6 s): each SQLite test gets a new copy of a file migrated once per module, and PostgreSQL
tests share one database per module, emptied before each test. Both are empty stores at the
newest schema, as with ``db_url`` from ``conftest.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from pgserver import fresh_pg_database

from wirecoder.cli import main
from wirecoder.errors import QueryError
from wirecoder.plover import CATEGORIES
from wirecoder.schema import Actor, CodedDocument, Event, Location, Sentence, TextSpan
from wirecoder.store import Store
from wirecoder.store.query import EventFilter, count_events, query_events
from wirecoder.store.stats import event_stats

# --- the corpus -----------------------------------------------------------------------------------

ZEL = Actor(id="zel", name="Volodymyr Zelenskyy", kind="person", country="UKR")
VODA = Actor(id="voda", name="Irina Voda", kind="person", country="MDA")
RUS_MIL = Actor(id="rusmil", name="Russian forces", kind="group", country="RUS", sector="MIL")
UKR = Actor(id="ukr", name="Ukraine", kind="state", country="UKR")
RUS = Actor(id="rus", name="Russia", kind="state", country="RUS")
EU = Actor(id="eu", name="European Union", kind="organisation")
PROTESTERS = Actor(id="prot", name="protesters", kind="group", country="PER", sector="CVL")
PERU = Actor(id="per", name="Peru", kind="state", country="PER")

CHISINAU = Location(name="Chisinau", country="MDA", lat=47.01, lon=28.86, geonameid=618426)
KHARKIV = Location(name="Kharkiv", country="UKR", lat=49.99, lon=36.23, geonameid=706483)
LIMA = Location(name="Lima", country="PER", lat=-12.04, lon=-77.03, geonameid=3936456)


def make_doc(name: str, text: str, type_: str, source: Actor, target: Actor, *,
             published: str | None, url: str | None = None, date_: str | None = None,
             negated: bool = False, modality: str = "asserted", intensity: float = 1.0,
             location: Location | None = None) -> CodedDocument:  # fmt: skip
    ev = Event(id="e1", type=type_, cameo_root="04", intensity=intensity, source=[source.id],
               target=[target.id], negated=negated, modality=modality, date=date_,
               location=location, sentence=0, trigger=TextSpan(start=0, end=3, text=text[:3]),
               confidence=0.9)  # fmt: skip
    return CodedDocument(doc_id=name, text=text, published=published, url=url,
                         sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                         actors=[source, target], events=[ev])  # fmt: skip


CORPUS = [
    ("consult", make_doc("d1", "Zelenskyy met Voda in Chisinau to discuss energy.", "CONSULT",
                         ZEL, VODA, published="2025-05-10", url="https://a.example.org/1",
                         location=CHISINAU)),
    ("consult", make_doc("d2", "Voda and Zelenskyy held talks on Saturday.", "CONSULT", ZEL,
                         VODA, published="2025-05-11", url="https://b.example.net/2")),
    ("assault", make_doc("d3", "Russian forces shelled Kharkiv overnight.", "ASSAULT", RUS_MIL,
                         UKR, published="2025-05-20", intensity=-10.0, location=KHARKIV)),
    ("threaten", make_doc("d4", "Russia did not threaten Ukraine, officials said.", "THREATEN",
                          RUS, UKR, published="2025-06-02", negated=True, modality="reported",
                          intensity=-4.4)),
    ("aid", make_doc("d5", "The European Union plans to send 50% more aid to Ukraine.", "AID", EU,
                     UKR, published="2025-06-03", modality="planned", intensity=7.4)),
    ("protest", make_doc("d6", "Protesters marched in Lima against the mining law.", "PROTEST",
                         PROTESTERS, PERU, published="2024-12-31", intensity=-6.5,
                         location=LIMA)),
    ("month", make_doc("d7", "Russia and Ukraine held talks in May.", "CONSULT", RUS, UKR,
                       published=None, date_="2025-05", intensity=1.5)),
]  # fmt: skip
ALL = {"consult", "assault", "threaten", "aid", "protest", "month"}


def write_corpus(db: str) -> tuple[dict[str, str], dict[str, str]]:
    """Write the corpus; returns event name → event id and document name → document id."""
    ids: dict[str, str] = {}
    docs: dict[str, str] = {}
    with Store(db) as store:
        for label, doc in CORPUS:
            result = store.write(doc)
            [event_id] = result.event_ids
            assert ids.setdefault(label, event_id) == event_id
            docs[doc.doc_id] = result.document_id
    return ids, docs


class Corpus:
    def __init__(self, db: str) -> None:
        self.db = db
        self.ids, self.docs = write_corpus(db)
        self.names = {v: k for k, v in self.ids.items()}
        self.store = Store(db)

    def find(self, **filters: Any) -> set[str]:
        return {self.names[e["id"]] for e in query_events(self.store, EventFilter(**filters))}

    def ordered(self, **filters: Any) -> list[str]:
        return [self.names[e["id"]] for e in query_events(self.store, EventFilter(**filters))]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Corpus]:  # fmt: skip
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("corpus") / "store.db")
    else:
        db = fresh_pg_database(request.getfixturevalue("pg_server_url"))
    c = Corpus(db)
    yield c
    c.store.close()


# --- every filter ---------------------------------------------------------------------------------

FILTER_CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({}, ALL),
    ({"actor": "Zelenskyy"}, {"consult"}),
    ({"actor": "Voda"}, {"consult"}),
    ({"actor": "Russian forces"}, {"assault"}),
    ({"actor": "RUS-MIL"}, {"assault"}),
    ({"actor": "Russia"}, {"assault", "threaten", "month"}),  # substring: "Russian forces" too
    ({"actor": "Atlantis"}, set()),
    ({"source": "Zelensky"}, {"consult"}),
    ({"source": "Ukraine"}, set()),
    ({"source": "European Union"}, {"aid"}),
    ({"target": "Ukraine"}, {"assault", "threaten", "aid", "month"}),
    ({"target": "Zelenskyy"}, set()),
    ({"source": "Russia", "target": "UKR"}, {"assault", "threaten", "month"}),
    ({"country": "UKR"}, {"consult", "assault", "threaten", "aid", "month"}),
    ({"country": " mda "}, {"consult"}),
    ({"country": "PER"}, {"protest"}),
    ({"country": "FRA"}, set()),
    ({"sector": "MIL"}, {"assault"}),
    # Zelenskyy is GOV from the people lexicon
    ({"sector": "gov"}, {"consult", "assault", "threaten", "aid", "protest", "month"}),
    ({"sector": "CVL"}, {"protest"}),
    ({"type": ["consult"]}, {"consult", "month"}),
    ({"type": ["ASSAULT", "PROTEST"]}, {"assault", "protest"}),
    ({"quad_class": [1]}, {"consult", "month"}),
    ({"quad_class": [2, 3]}, {"aid", "threaten"}),
    ({"quad_class": [4]}, {"assault", "protest"}),
    ({"since": "2025-05-20"}, {"assault", "threaten", "aid", "month"}),  # "May" overlaps
    ({"until": "2025-05-10"}, {"protest", "consult", "month"}),
    ({"since": "2025-05-11", "until": "2025-06-02"}, {"assault", "threaten", "month"}),
    ({"since": "2025-06-04"}, set()),
    ({"negated": True}, {"threaten"}),
    ({"negated": False}, ALL - {"threaten"}),
    ({"modality": ["planned"]}, {"aid"}),
    ({"modality": ["REPORTED"]}, {"threaten"}),
    ({"modality": ["asserted"]}, {"consult", "assault", "protest", "month"}),
    ({"modality": ["planned", "reported"]}, {"aid", "threaten"}),
    ({"place": "chisinau"}, {"consult"}),
    ({"place": "UKR"}, {"assault"}),
    ({"place": "Lim"}, {"protest"}),
    ({"text": "mining law"}, {"protest"}),
    ({"text": "KHARKIV"}, {"assault"}),
    ({"text": "held talks"}, {"consult", "month"}),  # d2's sentence counts for the merged event
    ({"text": "50%"}, {"aid"}),
    ({"text": "5_%"}, set()),  # LIKE wildcards are literal
    ({"min_articles": 2}, {"consult"}),
    ({"min_articles": 1}, ALL),
    ({"min_articles": 3}, set()),
    ({"document": "d2"}, {"consult"}),
    ({"document": "d7"}, {"month"}),
    ({"document": "no-such-document"}, set()),
    ({"country": "UKR", "type": ["CONSULT"], "negated": False}, {"consult", "month"}),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES,
                         ids=[json.dumps(f, sort_keys=True) for f, _ in FILTER_CASES])
def test_filter(corpus: Corpus, filters: dict[str, Any], expected: set[str]) -> None:
    assert corpus.find(**filters) == expected
    assert count_events(corpus.store, EventFilter(**filters)) == len(expected)


def test_document_filter_takes_the_document_id(corpus: Corpus) -> None:
    assert corpus.find(document=corpus.docs["d3"]) == {"assault"}
    assert corpus.find(document=corpus.docs["d1"]) == {"consult"}


SORTED_BY_DATE = ["protest", "month", "consult", "assault", "threaten", "aid"]
SORTED_BY_INTENSITY = ["assault", "protest", "threaten", "consult", "month", "aid"]


def test_sort_orders(corpus: Corpus) -> None:
    assert corpus.ordered(sort="date") == SORTED_BY_DATE
    assert corpus.ordered(sort="-date") == SORTED_BY_DATE[::-1]
    assert corpus.ordered() == SORTED_BY_DATE[::-1]  # newest first by default
    assert corpus.ordered(sort="intensity") == SORTED_BY_INTENSITY
    assert corpus.ordered(sort="-intensity") == SORTED_BY_INTENSITY[::-1]
    assert corpus.ordered(sort="-articles")[0] == "consult"
    assert corpus.ordered(sort="articles")[-1] == "consult"


def test_limit_and_offset(corpus: Corpus) -> None:
    assert corpus.ordered(sort="date", limit=2) == ["protest", "month"]
    assert corpus.ordered(sort="date", limit=2, offset=1) == ["month", "consult"]
    assert corpus.ordered(sort="date", offset=5) == ["aid"]
    assert corpus.ordered(sort="date", offset=6) == []
    assert corpus.ordered(limit=0) == []
    # counting ignores paging
    assert count_events(corpus.store, EventFilter(limit=1, offset=3)) == 6


def test_query_rows_carry_names_counts_and_the_sentence(corpus: Corpus) -> None:
    [row] = query_events(corpus.store, EventFilter(type=["CONSULT"], country="MDA"))
    assert row["id"] == corpus.ids["consult"]
    assert (row["date"], row["type"], row["quad_class"]) == ("2025-05-10", "CONSULT", 1)
    assert (row["source_actor_id"], row["source_name"], row["source_country"]) == (
        "person:volodymyr-zelensky", "Volodymyr Zelenskiy", "UKR")  # fmt: skip
    assert (row["target_actor_id"], row["target_name"]) == ("person:irina-voda", "Irina Voda")
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
    assert (row["place_name"], row["place_country"]) == ("Chisinau", "MDA")
    assert row["negated"] is False and row["conflict_with"] is None
    assert row["sentence"] in {doc.text for _, doc in CORPUS[:2]}
    [threat] = query_events(corpus.store, EventFilter(negated=True))
    assert threat["negated"] is True and threat["modality"] == "reported"


def test_month_dated_event_is_inside_a_range_covering_its_month(corpus: Corpus) -> None:
    assert "month" in corpus.find(since="2025-05-01", until="2025-05-31")


# --- validation -----------------------------------------------------------------------------------

BAD_FILTERS: list[tuple[dict[str, Any], str]] = [
    ({"type": ["MEETING"]}, "unknown event type 'MEETING'"),
    ({"since": "2025-13-01"}, "since must be a date YYYY-MM-DD, not '2025-13-01'"),
    ({"until": "yesterday"}, "until must be a date YYYY-MM-DD, not 'yesterday'"),
    ({"country": "RUSSIA"}, "country takes an ISO-3 country code like RUS, not 'RUSSIA'"),
    ({"quad_class": [7]}, "quad class must be 1-4, not 7"),
    ({"sort": "evil"}, "sort must be one of date, -date, articles, -articles, intensity, "
                       "-intensity, not 'evil'"),
    ({"limit": -1}, "limit must be 0..10000 and offset ≥ 0"),
    ({"limit": 10_001}, "limit must be 0..10000"),
    ({"offset": -1}, "offset ≥ 0"),
    ({"modality": ["maybe"]}, "unknown modality 'maybe'"),
    ({"sector": "military!"}, "sector takes a code like GOV or MIL, not 'military!'"),
    ({"min_articles": -1}, "min_articles must be ≥ 0"),
    ({"actor": "  "}, "actor must be 1-500 characters"),
    ({"text": "x" * 501}, "text must be 1-500 characters"),
]  # fmt: skip


@pytest.mark.parametrize(("filters", "message"), BAD_FILTERS,
                         ids=[next(iter(f)) + "-" + str(i) for i, (f, _) in enumerate(BAD_FILTERS)])
def test_meaningless_filter_is_a_query_error(filters: dict[str, Any], message: str) -> None:
    not_a_store = object()  # validation comes first: the store is never touched
    for call in (query_events, count_events, lambda s, f: event_stats(s, ["day"], f)):
        with pytest.raises(QueryError) as info:
            call(not_a_store, EventFilter(**filters))
        assert info.value.code == "E011"
        assert message in info.value.one_line()
        assert info.value.one_line().startswith("[E011] ")
        assert "\n" not in info.value.one_line()


def test_stats_need_a_known_grouping(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match="cannot group by 'colour'"):
        event_stats(corpus.store, ["day", "colour"])
    with pytest.raises(QueryError, match="at least one grouping"):
        event_stats(corpus.store, [])


# --- stats ----------------------------------------------------------------------------------------


def stats_by(corpus: Corpus, by: list[str], **filters: Any) -> dict[Any, tuple[int, int, int]]:
    rows = event_stats(corpus.store, by, EventFilter(**filters))
    keys = [k for k in rows[0] if k not in ("events", "mentions", "articles")] if rows else []
    out = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        out[key[0] if len(key) == 1 else key] = (row["events"], row["mentions"], row["articles"])
    assert len(out) == len(rows)
    return out


def test_stats_by_day(corpus: Corpus) -> None:
    assert stats_by(corpus, ["day"]) == {
        "2024-12-31": (1, 1, 1), "2025-05-10": (1, 2, 2), "2025-05-20": (1, 1, 1),
        "2025-06-02": (1, 1, 1), "2025-06-03": (1, 1, 1), None: (1, 1, 1),  # month-dated
    }  # fmt: skip


def test_stats_by_week_month_and_year(corpus: Corpus) -> None:
    assert stats_by(corpus, ["week"]) == {
        "2025-W01": (1, 1, 1),  # Tuesday 2024-12-31 is in ISO week 1 of 2025
        "2025-W19": (1, 2, 2), "2025-W21": (1, 1, 1), "2025-W23": (2, 2, 2), None: (1, 1, 1),
    }  # fmt: skip
    assert stats_by(corpus, ["month"]) == {
        "2024-12": (1, 1, 1), "2025-05": (3, 4, 4), "2025-06": (2, 2, 2)}  # fmt: skip
    assert stats_by(corpus, ["year"]) == {"2024": (1, 1, 1), "2025": (5, 6, 6)}


def test_stats_by_type_and_quad(corpus: Corpus) -> None:
    assert stats_by(corpus, ["type"]) == {
        "CONSULT": (2, 3, 3), "ASSAULT": (1, 1, 1), "THREATEN": (1, 1, 1), "AID": (1, 1, 1),
        "PROTEST": (1, 1, 1)}  # fmt: skip
    assert stats_by(corpus, ["quad"]) == {1: (2, 3, 3), 2: (1, 1, 1), 3: (1, 1, 1), 4: (2, 2, 2)}


def test_stats_by_dyad_country_negated_and_modality(corpus: Corpus) -> None:
    assert stats_by(corpus, ["dyad"]) == {
        ("person:volodymyr-zelensky", "person:irina-voda"): (1, 2, 2),
        ("RUS-MIL", "UKR"): (1, 1, 1), ("RUS", "UKR"): (2, 2, 2),
        ("org:european-union", "UKR"): (1, 1, 1), ("PER-CVL", "PER"): (1, 1, 1),
    }  # fmt: skip
    # the source's country, else the target's (the EU has none: Ukraine)
    assert stats_by(corpus, ["country"]) == {"UKR": (2, 3, 3), "RUS": (3, 3, 3), "PER": (1, 1, 1)}
    assert stats_by(corpus, ["negated"]) == {True: (1, 1, 1), False: (5, 6, 6)}
    assert stats_by(corpus, ["modality"]) == {
        "asserted": (4, 5, 5), "reported": (1, 1, 1), "planned": (1, 1, 1)}  # fmt: skip


def test_stats_with_two_groupings_and_a_filter(corpus: Corpus) -> None:
    assert stats_by(corpus, ["month", "type"], country="UKR") == {
        ("2025-05", "CONSULT"): (2, 3, 3), ("2025-05", "ASSAULT"): (1, 1, 1),
        ("2025-06", "THREATEN"): (1, 1, 1), ("2025-06", "AID"): (1, 1, 1),
    }  # fmt: skip
    assert stats_by(corpus, ["type"], country="PER") == {"PROTEST": (1, 1, 1)}
    assert stats_by(corpus, ["type"], country="FRA") == {}


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_iso_week_labels_match_python_across_year_boundaries(db_url: str) -> None:
    days = [date(2020, 1, 1) + timedelta(n) for n in range(366)]  # leap year, 53 ISO weeks
    for start in (date(2021, 1, 1), date(2024, 12, 20), date(2025, 12, 20), date(2026, 12, 24)):
        days += [start + timedelta(n) for n in range(14)]
    for must in ("2020-12-31", "2021-01-01", "2024-12-30", "2026-01-01", "2027-01-03"):
        assert date.fromisoformat(must) in days
    # consecutive days cycle through the categories, so no two events are within a day
    events = [
        Event(id=f"e{i}", type=CATEGORIES[day.toordinal() % len(CATEGORIES)], cameo_root="04",
              intensity=1.0, source=["ukr"], target=["voda"], date=day.isoformat(), sentence=0,
              trigger=TextSpan(start=0, end=3, text="met"), confidence=0.9)
        for i, day in enumerate(days)
    ]  # fmt: skip
    text = "Ukraine met Voda on many days."
    doc = CodedDocument(doc_id="calendar", text=text, published="2027-01-10",
                        sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
                        actors=[UKR, VODA], events=events)  # fmt: skip
    with Store(db_url) as store:
        assert store.write(doc).new_events == len(days)
        weeks = {r["week"]: r["events"] for r in event_stats(store, ["week"], limit=10_000)}
        by_day = {r["day"]: r["events"] for r in event_stats(store, ["day"], limit=10_000)}
    assert weeks == dict(Counter(iso_week(d) for d in days))
    # 2020-12-28 .. 2021-01-03 is 2020-W53; 2024-12-30 .. 2025-01-02 (window end) is 2025-W01
    assert (weeks["2020-W53"], weeks["2024-W52"], weeks["2025-W01"]) == (7, 7, 4)
    assert (weeks["2026-W01"], weeks["2026-W53"]) == (5, 7)  # 2026 has 53 ISO weeks too
    assert by_day == {d.isoformat(): 1 for d in days}


# --- the query and stats commands -----------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    db = str(tmp_path_factory.mktemp("cli") / "store.db")
    ids, _ = write_corpus(db)
    return db, ids


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False,
                              env={"COLUMNS": "250", "NO_COLOR": "1"})  # fmt: skip


def test_query_command_json(cli_db: tuple[str, dict[str, str]]) -> None:
    db, ids = cli_db
    result = cli("query", "--db", db, "--sort", "date", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [ids[name] for name in SORTED_BY_DATE]
    assert rows[2]["source_name"] == "Volodymyr Zelenskiy" and rows[2]["num_articles"] == 2
    result = cli("query", "--db", db, "--actor", "Zelenskyy", "--type", "consult,agree",
                 "--not-negated", "--format", "json")  # fmt: skip
    assert [r["id"] for r in json.loads(result.stdout)] == [ids["consult"]]
    result = cli("query", "--db", db, "--quad", "4", "--limit", "1", "--offset", "1",
                 "--sort", "date", "--format", "json")  # fmt: skip
    assert [r["id"] for r in json.loads(result.stdout)] == [ids["assault"]]


def test_query_command_csv(cli_db: tuple[str, dict[str, str]]) -> None:
    db, ids = cli_db
    result = cli("query", "--db", db, "--country", "ukr", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"] for r in rows} == {ids[n] for n in ("consult", "assault", "threaten", "aid",
                                                         "month")}  # fmt: skip
    assert {"date", "type", "source_name", "target_name", "negated", "num_articles",
            "sentence"} <= set(rows[0])  # fmt: skip
    threat = next(r for r in rows if r["id"] == ids["threaten"])
    assert (threat["type"], threat["negated"], threat["modality"]) == ("THREATEN", "True",
                                                                       "reported")  # fmt: skip


def test_query_command_table(cli_db: tuple[str, dict[str, str]]) -> None:
    db, _ = cli_db
    result = cli("query", "--db", db, "--text", "mining law")
    assert result.exit_code == 0, result.output
    assert "PROTEST" in result.stdout and "Lima" in result.stdout
    assert "protesters" in result.stdout and "CONSULT" not in result.stdout


def test_stats_command_csv(cli_db: tuple[str, dict[str, str]]) -> None:
    db, _ = cli_db
    result = cli("stats", "--db", db, "--by", "day,type", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["day", "type", "events", "mentions", "articles"]
    got = {(r["day"], r["type"]): (r["events"], r["mentions"], r["articles"]) for r in rows}
    assert got == {
        ("2024-12-31", "PROTEST"): ("1", "1", "1"), ("2025-05-10", "CONSULT"): ("1", "2", "2"),
        ("2025-05-20", "ASSAULT"): ("1", "1", "1"), ("2025-06-02", "THREATEN"): ("1", "1", "1"),
        ("2025-06-03", "AID"): ("1", "1", "1"), ("", "CONSULT"): ("1", "1", "1"),
    }  # fmt: skip
    result = cli("stats", "--db", db, "--by", "week", "--since", "2025-06-01", "--format", "json")
    assert json.loads(result.stdout) == [{"week": "2025-W23", "events": 2, "mentions": 2,
                                          "articles": 2}]  # fmt: skip


def test_stats_command_json_keeps_types(cli_db: tuple[str, dict[str, str]]) -> None:
    db, _ = cli_db
    result = cli("stats", "--db", db, "--by", "negated,quad", "--format", "json")
    assert result.exit_code == 0, result.output
    got = {(r["negated"], r["quad_class"]): r["events"] for r in json.loads(result.stdout)}
    assert got == {(False, 1): 2, (False, 2): 1, (True, 3): 1, (False, 4): 2}
    assert all(type(negated) is bool and type(quad) is int for negated, quad in got)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--country", "RUSSIA"],
         "[E011] country takes an ISO-3 country code like RUS, not 'RUSSIA'"),
        (["query", "--type", "MEETING"], "[E011] unknown event type 'MEETING'"),
        (["query", "--since", "2025-13-01"],
         "[E011] since must be a date YYYY-MM-DD, not '2025-13-01'"),
        (["query", "--quad", "7"], "[E011] quad class must be 1-4, not 7"),
        (["query", "--quad", "x"], "[E011] --quad takes numbers 1-4, not 'x'"),
        (["query", "--sort", "evil"], "[E011] sort must be one of"),
        (["query", "--limit", "-1"], "[E011] limit must be 0..10000 and offset ≥ 0"),
        (["stats", "--by", "colour"], "[E011] cannot group by 'colour'"),
        (["stats", "--by", "day", "--country", "RUSSIA"], "[E011] country takes an ISO-3"),
    ],
)  # fmt: skip
def test_bad_filter_exits_2_with_one_line(cli_db: tuple[str, dict[str, str]], args: list[str],
                                          message: str) -> None:  # fmt: skip
    db, _ = cli_db
    result = cli(*args, "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "Traceback" not in result.output
