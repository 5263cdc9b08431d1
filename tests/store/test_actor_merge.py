"""One canonical actor per real entity across documents (``wirecoder.store.actors``).

Hand-built documents (no spaCy) on SQLite and PostgreSQL (``db_url``); user aliases through the
real ``wirecoder actors alias`` command (click's CliRunner on ``wirecoder.cli.main``).

``db_url`` is overridden here to keep the suite fast (creating and migrating a store costs
0.2-0.6 s, more than most tests): each SQLite test gets a new copy of a file migrated once per
module, and PostgreSQL tests share one database per module, emptied before each test. Both are
empty stores at the newest schema, as with ``db_url`` from ``conftest.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from wirecoder.cli import main
from wirecoder.schema import Actor, CodedDocument, Event, Sentence, TextSpan
from wirecoder.store import Store, tables
from wirecoder.store.actors import canonical_for, fold_name
from wirecoder.store.query import EventFilter, query_events


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


# --- helpers --------------------------------------------------------------------------------------

MOLDOVA = Actor(id="t", name="Moldova", kind="state", country="MDA")


def meeting(name: str, source: Actor, *, target: Actor = MOLDOVA, published: str = "2025-05-10",
            type_: str = "CONSULT", extra: list[Actor] | None = None) -> CodedDocument:  # fmt: skip
    """A one-sentence document: ``source`` does ``type_`` to ``target`` (text unique to name)."""
    text = f"{name}: {source.name} met officials of {target.name}."
    event = Event(id="e1", type=type_, cameo_root="04", intensity=1.0, source=[source.id],
                  target=[target.id], sentence=0, trigger=TextSpan(start=0, end=3, text="met"),
                  confidence=0.9)  # fmt: skip
    return CodedDocument(
        doc_id=name, text=text, published=published,
        sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[source, target, *(extra or [])], events=[event],
    )  # fmt: skip


def person(name: str, country: str | None = None, local: str = "s") -> Actor:
    return Actor(id=local, name=name, kind="person", country=country)


def doc_actor_ids(store: Store) -> dict[tuple[str, str], str]:
    """(document name, name the document used) → canonical actor id."""
    d, da = tables.documents, tables.document_actors
    with store.reader() as conn:
        rows = conn.execute(
            select(d.c.name, da.c.name, da.c.actor_id).select_from(
                da.join(d, d.c.id == da.c.document_id))
        ).all()  # fmt: skip
    return {(r[0], r[1]): r[2] for r in rows}


def actor_rows(store: Store) -> dict[str, dict]:
    with store.reader() as conn:
        return {r["id"]: dict(r) for r in conn.execute(select(tables.actors)).mappings()}


def event_rows(store: Store) -> list[dict]:
    with store.reader() as conn:
        rows = conn.execute(select(tables.events).order_by(tables.events.c.date)).mappings()
        return [dict(r) for r in rows]


def found(store: Store, **filters: object) -> set[str]:
    return {e["id"] for e in query_events(store, EventFilter(**filters))}


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- spellings of one person ----------------------------------------------------------------------

ZELENSKY_ID = "person:volodymyr-zelensky"


def test_spellings_of_a_known_person_are_one_actor(store: Store) -> None:
    spellings = ["Volodymyr Zelenskiy", "Volodymyr Zelensky", "Volodymyr Zelenskyy"]
    ids = set()
    for i, spelling in enumerate(spellings):
        ids.update(store.write(meeting(f"doc{i}", person(spelling),
                                       published=f"2025-05-{10 + 3 * i}")).event_ids)  # fmt: skip
    assert len(ids) == 3  # three meetings, days apart
    mapped = doc_actor_ids(store)
    assert {mapped[(f"doc{i}", s)] for i, s in enumerate(spellings)} == {ZELENSKY_ID}
    people = {k: v for k, v in actor_rows(store).items() if v["kind"] == "person"}
    assert list(people) == [ZELENSKY_ID]
    assert (people[ZELENSKY_ID]["name"], people[ZELENSKY_ID]["country"]) == (
        "Volodymyr Zelenskiy", "UKR")  # fmt: skip
    assert {e["source_actor_id"] for e in event_rows(store)} == {ZELENSKY_ID}
    # any name the articles used, and the short forms, find the actor's events
    for query in ["Zelenskyy", "zelensky", "Zelenskiy", "Volodymyr Zelenskyy", ZELENSKY_ID]:
        assert found(store, actor=query) == ids, query
        assert found(store, source=query) == ids, query
        assert found(store, target=query) == set(), query


def test_transliteration_variants_outside_the_lexicon_are_one_actor(store: Store) -> None:
    spellings = ["Oleksiy Danylenkiy", "Oleksiy Danylenkyy", "Oleksii Danylenkyi"]
    assert len({fold_name(s) for s in spellings}) == 1
    ids = set()
    for i, spelling in enumerate(spellings):
        ids.update(store.write(meeting(f"doc{i}", person(spelling, "UKR"),
                                       published=f"2025-05-{10 + 3 * i}")).event_ids)  # fmt: skip
    mapped = doc_actor_ids(store)
    assert {mapped[(f"doc{i}", s)] for i, s in enumerate(spellings)} == {"person:oleksy-danylenky"}
    people = [v for v in actor_rows(store).values() if v["kind"] == "person"]
    assert [(p["id"], p["name"]) for p in people] == [("person:oleksy-danylenky",
                                                       "Oleksiy Danylenkiy")]  # fmt: skip
    for query in ["Danylenkyy", "Oleksii Danylenkyi", "danylenkiy"]:
        assert found(store, actor=query) == ids, query


def test_different_people_stay_apart(store: Store) -> None:
    store.write(meeting("a", person("Oleksiy Danylenkiy", "UKR")))
    store.write(meeting("b", person("Oleksandr Danylenkiy", "UKR")))
    people = sorted(k for k, v in actor_rows(store).items() if v["kind"] == "person")
    assert people == ["person:oleksandr-danylenky", "person:oleksy-danylenky"]


# --- states and groups ----------------------------------------------------------------------------


def test_state_actors_are_their_iso3_code(store: Store) -> None:
    kyiv = Actor(id="s", name="Kyiv", kind="state", country="UKR")
    ukraine = Actor(id="s", name="Ukraine", kind="state", country="UKR")
    store.write(meeting("a", kyiv))
    store.write(meeting("b", ukraine, published="2025-06-01"))
    rows = actor_rows(store)
    assert sorted(rows) == ["MDA", "UKR"]
    assert (rows["UKR"]["name"], rows["UKR"]["kind"], rows["UKR"]["country"],
            rows["UKR"]["sector"]) == ("Ukraine", "state", "UKR", "GOV")  # fmt: skip
    assert rows["MDA"]["name"] == "Moldova"
    events = event_rows(store)
    assert [(e["source_actor_id"], e["source_country"], e["source_sector"],
             e["target_actor_id"], e["target_country"]) for e in events] == [
        ("UKR", "UKR", "GOV", "MDA", "MDA")] * 2  # fmt: skip
    assert found(store, actor="Kyiv") == {e["id"] for e in events}


def test_group_with_country_and_sector_is_iso3_sector(store: Store) -> None:
    troops = Actor(id="s", name="Russian troops", kind="group", country="RUS", sector="MIL")
    forces = Actor(id="s", name="Russian forces", kind="group", country="RUS", sector="MIL")
    ukraine = Actor(id="t", name="Ukraine", kind="state", country="UKR")
    a = store.write(meeting("a", troops, target=ukraine, type_="ASSAULT"))
    store.write(meeting("b", forces, target=ukraine, type_="ASSAULT", published="2025-05-11"))
    assert canonical_for(troops).id == "RUS-MIL"
    rows = actor_rows(store)
    assert sorted(rows) == ["RUS-MIL", "UKR"]
    assert (rows["RUS-MIL"]["kind"], rows["RUS-MIL"]["country"], rows["RUS-MIL"]["sector"]) == (
        "group", "RUS", "MIL")  # fmt: skip
    [event] = event_rows(store)  # same actors, one day apart: one event
    assert event["id"] == a.event_ids[0] and event["num_articles"] == 2
    assert (event["source_country"], event["source_sector"]) == ("RUS", "MIL")
    assert found(store, sector="mil", country="RUS") == {event["id"]}


def test_same_generic_group_name_in_two_countries_is_two_actors(store: Store) -> None:
    russian = Actor(id="s", name="the military", kind="group", country="RUS", sector="MIL")
    ukrainian = Actor(id="s", name="the military", kind="group", country="UKR", sector="MIL")
    store.write(meeting("a", russian, type_="MOBILIZE"))
    store.write(meeting("b", ukrainian, type_="MOBILIZE", published="2025-07-01"))
    mapped = doc_actor_ids(store)
    assert mapped[("a", "the military")] == "RUS-MIL"
    assert mapped[("b", "the military")] == "UKR-MIL"
    assert sorted(e["source_country"] for e in event_rows(store)) == ["RUS", "UKR"]


# --- organisations --------------------------------------------------------------------------------


def test_organisation_keeps_its_country_unless_its_name_gives_one(store: Store) -> None:
    def org(name: str, country: str | None) -> Actor:
        return Actor(id="s", name=name, kind="organisation", country=country)

    assert canonical_for(org("the Defence Ministry", "TWN")).id == "org:TWN:defence-ministry"
    assert canonical_for(org("Defence Ministry", None)).id == "org:defence-ministry"
    assert canonical_for(org("Ukrainian Defence Ministry", "UKR")).id == (
        "org:ukrainian-defence-ministry")  # fmt: skip
    assert canonical_for(org("Ukrainian Defence Ministry", None)).id == (
        "org:ukrainian-defence-ministry")  # fmt: skip

    store.write(meeting("a", org("Defence Ministry", "TWN")))
    store.write(meeting("b", org("Ukrainian Defence Ministry", "UKR"), published="2025-06-01"))
    store.write(meeting("c", org("Ukrainian Defence Ministry", None), published="2025-06-02"))
    rows = actor_rows(store)
    assert rows["org:TWN:defence-ministry"]["country"] == "TWN"
    assert rows["org:ukrainian-defence-ministry"]["country"] == "UKR"
    mapped = doc_actor_ids(store)
    assert mapped[("c", "Ukrainian Defence Ministry")] == "org:ukrainian-defence-ministry"
    # the later report (no country) joins the first one: one event, country known
    events = event_rows(store)
    assert [(e["source_actor_id"], e["source_country"], e["num_articles"]) for e in events] == [
        ("org:TWN:defence-ministry", "TWN", 1), ("org:ukrainian-defence-ministry", "UKR", 2)]


def test_same_organisation_name_in_two_countries_is_two_actors(store: Store) -> None:
    taiwan = Actor(id="s", name="Defence Ministry", kind="organisation", country="TWN")
    ukraine = Actor(id="s", name="Defence Ministry", kind="organisation", country="UKR")
    store.write(meeting("a", taiwan))
    store.write(meeting("b", ukraine, published="2025-06-01"))
    mapped = doc_actor_ids(store)
    assert mapped[("b", "Defence Ministry")] == "org:UKR:defence-ministry"


# --- the surname rule -----------------------------------------------------------------------------


def test_surname_joins_the_one_stored_person_of_that_name(store: Store) -> None:
    store.write(meeting("a", person("Oleksiy Danylenkiy", "UKR")))
    b = store.write(meeting("b", person("Danylenky"), published="2025-05-11"))
    assert doc_actor_ids(store)[("b", "Danylenky")] == "person:oleksy-danylenky"
    assert "person:danylenky" not in actor_rows(store)
    [event] = event_rows(store)
    assert event["id"] == b.event_ids[0] and event["num_articles"] == 2
    with store.reader() as conn:
        reason = conn.execute(select(tables.document_actors.c.reason).where(
            tables.document_actors.c.name == "Danylenky")).scalar_one()  # fmt: skip
    assert "surname" in reason


def test_surname_with_two_stored_people_of_that_name_stays_apart(store: Store) -> None:
    store.write(meeting("a", person("Oleksiy Danylenkiy", "UKR")))
    store.write(meeting("b", person("Maria Danylenkyy", "UKR"), published="2025-06-01"))
    store.write(meeting("c", person("Danylenky"), published="2025-05-11"))
    assert doc_actor_ids(store)[("c", "Danylenky")] == "person:danylenky"
    assert len(event_rows(store)) == 3


def test_surname_of_a_person_from_another_country_stays_apart(store: Store) -> None:
    store.write(meeting("a", person("Oleksiy Danylenkiy", "UKR")))
    store.write(meeting("b", person("Danylenky", "RUS"), published="2025-05-11"))
    assert doc_actor_ids(store)[("b", "Danylenky")] == "person:danylenky"


def test_surname_stays_apart_once_a_second_person_of_that_name_is_stored(store: Store) -> None:
    store.write(meeting("a", person("Oleksiy Danylenkiy", "UKR")))
    store.write(meeting("b", person("Danylenky"), published="2025-05-11"))  # joins Oleksiy
    store.write(meeting("c", person("Maria Danylenkyy", "UKR"), published="2025-06-01"))
    store.write(meeting("d", person("Danylenky"), published="2025-07-01"))  # which one?
    assert doc_actor_ids(store)[("d", "Danylenky")] != "person:oleksy-danylenky"


# --- user aliases (wirecoder actors alias) --------------------------------------------------------


def test_alias_command_merges_a_stored_actor_and_resolves_later_documents(db_url: str) -> None:
    with Store(db_url) as store:
        first = store.write(meeting("a", person("Volodymyr Zelenskyy", "UKR")))
        second = store.write(meeting("b", person("Zelya"), published="2025-06-01"))
        assert doc_actor_ids(store)[("b", "Zelya")] == "person:zelya"

    result = cli("actors", "alias", "Zelya", ZELENSKY_ID, "--db", db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"'Zelya' → {ZELENSKY_ID} (1 stored actor(s) merged)"

    with Store(db_url) as store:
        assert "person:zelya" not in actor_rows(store)
        events = {e["id"]: e for e in event_rows(store)}
        moved = events[second.event_ids[0]]
        assert moved["source_actor_id"] == ZELENSKY_ID
        with store.reader() as conn:
            roles = conn.execute(select(tables.event_actors.c.actor_id, tables.event_actors.c.role)
                                 .where(tables.event_actors.c.event_id == moved["id"])).all()
        assert sorted(map(tuple, roles)) == [("MDA", "target"), (ZELENSKY_ID, "source")]
        assert doc_actor_ids(store)[("b", "Zelya")] == ZELENSKY_ID
        both = {first.event_ids[0], second.event_ids[0]}
        assert found(store, source="Zelya") == both
        assert found(store, actor="Volodymyr Zelenskiy") == both
        # a later document that says "Zelya" resolves to the target actor
        store.write(meeting("c", person("Zelya", local="z"), published="2025-09-01"))
        assert doc_actor_ids(store)[("c", "Zelya")] == ZELENSKY_ID
        assert "person:zelya" not in actor_rows(store)

    listed = json.loads(cli("actors", "list", "--db", db_url, "--format", "json").stdout)
    entry = next(a for a in listed if a["id"] == ZELENSKY_ID)
    assert entry["events"] == 3 and "Zelya" in entry["aliases"]


def test_alias_target_may_be_given_by_exact_name(db_url: str) -> None:
    with Store(db_url) as store:
        store.write(meeting("a", person("Volodymyr Zelenskyy", "UKR")))
    result = cli("actors", "alias", "Zelya", "Volodymyr Zelenskiy", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"'Zelya' → {ZELENSKY_ID}"  # nothing to merge
    with Store(db_url) as store:
        store.write(meeting("b", person("Zelya"), published="2025-06-01"))
        assert doc_actor_ids(store)[("b", "Zelya")] == ZELENSKY_ID


def test_user_alias_wins_over_the_canonical_key(db_url: str) -> None:
    with Store(db_url) as store:
        store.write(meeting("a", Actor(id="s", name="Russia", kind="state", country="RUS")))
    assert cli("actors", "alias", "the Kremlin", "RUS", "--db", db_url).exit_code == 0
    kremlin = Actor(id="s", name="the Kremlin", kind="organisation", country="RUS")
    with Store(db_url) as store:
        store.write(meeting("b", kremlin, published="2025-05-11"))
        assert doc_actor_ids(store)[("b", "the Kremlin")] == "RUS"
        [event] = event_rows(store)
        assert event["num_articles"] == 2
        assert not any(k.startswith("org:") for k in actor_rows(store))


def test_alias_to_an_unknown_actor_is_a_clear_error(db_url: str) -> None:
    with Store(db_url) as store:
        store.write(meeting("a", person("Volodymyr Zelenskyy", "UKR")))
    result = cli("actors", "alias", "Zelya", "Nobody Known", "--db", db_url)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "[E010] no stored actor named 'Nobody Known': give the actor id (`wirecoder actors list`)"
    ]
    with Store(db_url) as store, store.reader() as conn:
        origins = set(conn.execute(select(tables.actor_aliases.c.origin)).scalars())
    assert origins == {"coder"}  # nothing written


def test_report_after_an_alias_merge_joins_the_merged_event(db_url: str) -> None:
    with Store(db_url) as store:
        store.write(meeting("a", person("Volodymyr Zelenskyy", "UKR")))
        old = store.write(meeting("b", person("Zelya"), published="2025-06-01"))
    assert cli("actors", "alias", "Zelya", ZELENSKY_ID, "--db", db_url).exit_code == 0
    with Store(db_url) as store:
        later = store.write(meeting("c", person("Zelya", local="z"), published="2025-06-02"))
        assert later.event_ids == old.event_ids  # the same meeting, reported a day later


def test_the_actor_id_in_the_alias_help_example_exists(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        store.write(meeting("a", person("Volodymyr Zelenskiy", "UKR")))
    # the example from `wirecoder actors alias --help`
    result = cli("actors", "alias", "Zelenskyy", "person:volodymyr-zelensky", "--db", sqlite_url)
    assert result.exit_code == 0, result.output
