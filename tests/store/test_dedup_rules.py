"""The store's "same real-world event" rule: unit tests of its parts, then through ``Store.write``.

Documents are built by hand (no spaCy), so each test states exactly which mentions reach the
store, and runs on SQLite and on PostgreSQL (``db_url``).

``db_url`` is overridden here to keep the suite fast (creating and migrating a store costs
0.2-0.6 s, more than most tests): each SQLite test gets a new copy of a file migrated once per
module, and PostgreSQL tests share one database per module, emptied before each test. Both are
empty stores at the newest schema, as with ``db_url`` from ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from wirecoder.schema import Actor, CodedDocument, Event, Location, Sentence, TextSpan
from wirecoder.store import Store, tables
from wirecoder.store.dedup import NEAR_KM, PlaceRef, dates_match, is_realis, places_match

# --- building documents -------------------------------------------------------------------------

# invented people (not in the people lexicon), so their keys follow from their names alone
TALUN = Actor(id="a1", name="Kerem Talun", kind="person", country="TUR")
NEZAMI = Actor(id="a2", name="Dariush Nezami", kind="person", country="IRN")

ANKARA = Location(name="Ankara", country="TUR", lat=39.93, lon=32.86, geonameid=323786)
TEHRAN = Location(name="Tehran", country="IRN", lat=35.69, lon=51.42, geonameid=112931)


def event(local: str = "e1", type_: str = "CONSULT", source: list[str] | None = None,
          target: list[str] | None = None, *, sentence: int = 0, date: str | None = None,
          negated: bool = False, modality: str = "asserted",
          location: Location | None = None) -> Event:  # fmt: skip
    return Event(
        id=local, type=type_, cameo_root="04", intensity=1.0,
        source=["a1"] if source is None else source, target=["a2"] if target is None else target,
        negated=negated, modality=modality, date=date, location=location, sentence=sentence,
        trigger=TextSpan(start=0, end=3, text="met"), confidence=0.8,
    )  # fmt: skip


def document(name: str, events: list[Event], *, published: str | None = "2025-05-10",
             url: str | None = None, actors: list[Actor] | None = None,
             sentences: int = 1) -> CodedDocument:  # fmt: skip
    """A document whose text is unique to ``name`` (the store keys documents by text)."""
    lines = [f"{name}: line {i} says Talun met Nezami." for i in range(sentences)]
    text = " ".join(lines)
    spans, start = [], 0
    for i, line in enumerate(lines):
        spans.append(Sentence(index=i, start=start, end=start + len(line), text=line))
        start += len(line) + 1
    return CodedDocument(doc_id=name, text=text, published=published, url=url,
                         sentences=spans, actors=actors or [TALUN, NEZAMI],
                         events=events)  # fmt: skip


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def events_of(store: Store) -> list[dict]:
    with store.reader() as conn:
        rows = conn.execute(select(tables.events).order_by(tables.events.c.id)).mappings().all()
    return [dict(r) for r in rows]


def row_counts(store: Store) -> dict[str, int]:
    names = ("documents", "sentences", "actors", "actor_aliases", "document_actors", "events",
             "event_actors", "event_mentions")  # fmt: skip
    with store.reader() as conn:
        count = select(func.count())
        return {n: conn.execute(count.select_from(tables.metadata.tables[n])).scalar_one()
                for n in names}  # fmt: skip


# --- dates_match ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025-05-10", "2025-05-10", True),
        ("2025-05-10", "2025-05-11", True),
        ("2025-05-11", "2025-05-10", True),
        ("2025-05-31", "2025-06-01", True),  # across a month
        ("2024-12-31", "2025-01-01", True),  # across a year
        ("2024-02-28", "2024-03-01", False),  # leap year: two days apart
        ("2025-05-10", "2025-05-12", False),
        ("2025-05-10", "2025-06-10", False),
    ],
)
def test_day_dates_match_within_one_day(a: str, b: str, expected: bool) -> None:
    assert dates_match(a, b, same_document=False) is expected
    assert dates_match(a, b, same_document=True) is expected


def test_month_dates_match_only_the_same_month() -> None:
    assert dates_match("2025-05", "2025-05", False) is True
    assert dates_match("2025-05", "2025-06", False) is False
    # a month and a day inside it are not known to be one day apart
    assert dates_match("2025-05", "2025-05-10", False) is False


def test_undated_mentions_match_only_inside_one_document() -> None:
    assert dates_match(None, None, same_document=True) is True
    assert dates_match(None, None, same_document=False) is False
    assert dates_match("2025-05-10", None, same_document=True) is False
    assert dates_match(None, "2025-05-10", same_document=True) is False


# --- places_match ---------------------------------------------------------------------------------

KYIV = PlaceRef("Kyiv", "UKR", 50.45, 30.52, 703448)


def _north_of_kyiv(km: float, geonameid: int | None = None) -> PlaceRef:
    return PlaceRef(f"{km:.0f} km north", "UKR", 50.45 + km / 111.195, 30.52, geonameid)


def test_unknown_place_matches_anything() -> None:
    assert places_match(None, KYIV) and places_match(KYIV, None) and places_match(None, None)
    nameless = PlaceRef(None, None, None, None, None)
    assert places_match(nameless, KYIV) and places_match(KYIV, nameless)


def test_same_geonameid_matches_even_when_coordinates_disagree() -> None:
    far = PlaceRef("Kiev", "UKR", 10.0, 10.0, 703448)
    assert places_match(KYIV, far)


def test_places_match_within_150_km() -> None:
    assert NEAR_KM == 150.0
    assert places_match(KYIV, _north_of_kyiv(100))
    assert places_match(KYIV, _north_of_kyiv(140))
    assert not places_match(KYIV, _north_of_kyiv(160))
    assert not places_match(KYIV, _north_of_kyiv(400))
    assert not places_match(_north_of_kyiv(400), KYIV)


def test_different_countries_never_match_even_when_near() -> None:
    lviv = PlaceRef("Lviv", "UKR", 49.84, 24.03, 702550)
    przemysl = PlaceRef("Przemysl", "POL", 49.78, 22.77, 760680)  # about 90 km away
    assert not places_match(lviv, przemysl)
    whole_poland = PlaceRef("Poland", "POL", None, None, None, whole_country=True)
    assert not places_match(lviv, whole_poland)


def test_whole_country_matches_any_place_in_it() -> None:
    turkey = PlaceRef("Turkey", "TUR", 39.0, 35.0, None, whole_country=True)
    ankara = PlaceRef("Ankara", "TUR", 39.93, 32.86, 323786)
    istanbul = PlaceRef("Istanbul", "TUR", 41.01, 28.98, 745044)  # 350 km from Ankara
    assert places_match(turkey, ankara) and places_match(istanbul, turkey)
    assert not places_match(ankara, istanbul)


def test_places_without_coordinates_match_by_name() -> None:
    a = PlaceRef("Hodeidah", "YEM", None, None, None)
    assert places_match(a, PlaceRef("HODEIDAH", "YEM", None, None, None))
    assert not places_match(a, PlaceRef("Sanaa", "YEM", None, None, None))


# --- is_realis ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modality", "realis"),
    [("asserted", True), ("reported", True), ("planned", False), ("demanded", False),
     ("hypothetical", False), ("conditional", False)],  # fmt: skip
)
def test_is_realis(modality: str, realis: bool) -> None:
    assert is_realis(modality) is realis


# --- through Store.write --------------------------------------------------------------------------


def test_two_articles_one_day_apart_are_one_event(store: Store) -> None:
    first = store.write(document("a", [event()], published="2025-05-10"))
    second = store.write(document("b", [event()], published="2025-05-11"))
    assert (first.new_events, first.merged_mentions) == (1, 0)
    assert (second.new_events, second.merged_mentions) == (0, 1)
    assert second.event_ids == first.event_ids
    [row] = events_of(store)
    assert row["id"] == first.event_ids[0]
    assert (row["num_articles"], row["num_mentions"]) == (2, 2)
    assert (row["date"], row["date_max"]) == ("2025-05-10", "2025-05-11")
    assert (row["source_actor_id"], row["target_actor_id"]) == (
        "person:kerem-talun", "person:dariush-nezami")  # fmt: skip


def test_date_given_in_the_text_wins_over_publication_date(store: Store) -> None:
    # published three days later, but the text says when it happened
    store.write(document("a", [event()], published="2025-05-10"))
    store.write(document("b", [event(date="2025-05-10")], published="2025-05-13"))
    [row] = events_of(store)
    assert row["num_articles"] == 2


def test_dates_three_days_apart_are_two_events(store: Store) -> None:
    store.write(document("a", [event()], published="2025-05-10"))
    store.write(document("b", [event()], published="2025-05-13"))
    rows = events_of(store)
    assert sorted(r["date"] for r in rows) == ["2025-05-10", "2025-05-13"]
    assert all(r["num_articles"] == 1 for r in rows)


def test_undated_reports_in_two_articles_are_two_events(store: Store) -> None:
    store.write(document("a", [event()], published=None))
    store.write(document("b", [event()], published=None))
    assert [r["num_articles"] for r in events_of(store)] == [1, 1]


def test_two_mentions_in_one_article_are_one_event_with_two_mentions(store: Store) -> None:
    doc = document("a", [event("e1", sentence=0), event("e2", sentence=1)], published=None,
                   sentences=2)  # fmt: skip
    result = store.write(doc)
    assert (result.new_events, result.merged_mentions) == (1, 1)
    [row] = events_of(store)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 1, 1)


def test_planned_and_asserted_are_two_events(store: Store) -> None:
    store.write(document("a", [event(modality="asserted")]))
    store.write(document("b", [event(modality="planned")]))
    rows = events_of(store)
    assert sorted((r["modality"], bool(r["realis"])) for r in rows) == [
        ("asserted", True), ("planned", False)]  # fmt: skip


def test_reported_joins_asserted(store: Store) -> None:
    store.write(document("a", [event(modality="asserted")]))
    store.write(document("b", [event(modality="reported")]))
    [row] = events_of(store)
    assert row["num_articles"] == 2


def test_swapped_source_and_target_are_two_events(store: Store) -> None:
    store.write(document("a", [event(source=["a1"], target=["a2"])]))
    store.write(document("b", [event(source=["a2"], target=["a1"])]))
    rows = events_of(store)
    assert sorted((r["source_actor_id"], r["target_actor_id"]) for r in rows) == [
        ("person:dariush-nezami", "person:kerem-talun"),
        ("person:kerem-talun", "person:dariush-nezami"),
    ]


def test_different_type_is_another_event(store: Store) -> None:
    store.write(document("a", [event(type_="CONSULT")]))
    store.write(document("b", [event(type_="AGREE")]))
    assert sorted(r["type"] for r in events_of(store)) == ["AGREE", "CONSULT"]


def test_far_apart_places_are_two_events_unknown_place_joins(store: Store) -> None:
    store.write(document("a", [event(location=ANKARA)]))
    store.write(document("b", [event(location=TEHRAN)]))
    assert len(events_of(store)) == 2
    store.write(document("c", [event(location=None)]))  # place unknown: joins the first match
    assert sorted(r["num_articles"] for r in events_of(store)) == [1, 2]


def test_unknown_place_is_filled_in_by_a_later_report(store: Store) -> None:
    store.write(document("a", [event(location=None)]))
    store.write(document("b", [event(location=ANKARA)]))
    [row] = events_of(store)
    assert (row["place_name"], row["place_country"], row["geonameid"]) == ("Ankara", "TUR", 323786)
    assert row["num_articles"] == 2


def test_whole_country_place_joins_a_city_in_it(store: Store) -> None:
    turkey = Location(name="Turkey", country="TUR", lat=39.0, lon=35.0)
    store.write(document("a", [event(location=turkey)]))
    store.write(document("b", [event(location=ANKARA)]))
    [row] = events_of(store)
    assert row["num_articles"] == 2


def test_negated_and_positive_reports_are_two_events_flagged_as_conflicting(store: Store) -> None:
    yes = store.write(document("a", [event(negated=False)]))
    no = store.write(document("b", [event(negated=True, modality="reported")]))
    assert no.new_events == 1 and no.event_ids != yes.event_ids
    rows = {r["id"]: r for r in events_of(store)}
    assert len(rows) == 2
    positive, negative = rows[yes.event_ids[0]], rows[no.event_ids[0]]
    assert (bool(positive["negated"]), bool(negative["negated"])) == (False, True)
    assert positive["conflict_with"] == negative["id"]
    assert negative["conflict_with"] == positive["id"]
    # a second denial joins the negated event; the flags stay
    again = store.write(document("c", [event(negated=True)], published="2025-05-11"))
    assert again.event_ids == no.event_ids
    rows = {r["id"]: r for r in events_of(store)}
    assert rows[no.event_ids[0]]["num_articles"] == 2
    assert rows[yes.event_ids[0]]["conflict_with"] == no.event_ids[0]


def test_unrelated_events_carry_no_conflict_flag(store: Store) -> None:
    store.write(document("a", [event(negated=False)], published="2025-05-10"))
    store.write(document("b", [event(negated=True)], published="2025-05-20"))
    assert [r["conflict_with"] for r in events_of(store)] == [None, None]


def test_num_sources_counts_distinct_url_hosts(store: Store) -> None:
    store.write(document("a", [event()], url="https://www.example.org/world/1"))
    store.write(document("b", [event()], url="https://WWW.EXAMPLE.ORG/world/2"))
    [row] = events_of(store)
    assert (row["num_articles"], row["num_sources"]) == (2, 1)
    store.write(document("c", [event()], url="https://wire.example.com/x?id=3"))
    [row] = events_of(store)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (3, 3, 2)
    with store.reader() as conn:
        hosts = sorted(conn.execute(select(tables.documents.c.source)).scalars())
    assert hosts == ["wire.example.com", "www.example.org", "www.example.org"]


def test_rewriting_a_document_stores_nothing_new(store: Store) -> None:
    doc = document("a", [event()])
    first = store.write(doc)
    store.write(document("b", [event()], published="2025-05-11"))
    before_rows, before_counts = events_of(store), row_counts(store)
    again = store.write(doc)
    assert first.stored is True
    assert again.stored is False
    assert (again.new_events, again.merged_mentions, again.event_ids) == (0, 0, [])
    assert again.document_id == first.document_id
    assert row_counts(store) == before_counts
    assert [(r["num_mentions"], r["num_articles"]) for r in events_of(store)] == [(2, 2)]
    assert [r["updated_at"] for r in events_of(store)] == [r["updated_at"] for r in before_rows]
    # same text under another name is the same document
    renamed = doc.model_copy(update={"doc_id": "a-copy.txt"})
    assert store.write(renamed).stored is False
    assert store.has_text(doc.text) and not store.has_text(doc.text + " ")
