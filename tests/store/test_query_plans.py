"""The faster query forms of ``query_events`` / ``count_events`` return exactly what the plain
statement returns, on SQLite and PostgreSQL.

``query_events`` picks the ids of a page first, splits the country filter into two ordered
branches, probes actor and text filters to choose between an ``IN`` and an ``EXISTS`` form, and
searches sentence text through the trigram index of migration 0003 (SQLite FTS5, PostgreSQL
``pg_trgm``). Each test compares those forms with :func:`plain_select` / :func:`plain_count`,
the single statement ``query_events`` ran before (kept here verbatim as the reference), on a
hand-built store: the same rows in the same order, the same counts. The probe threshold is
lowered with ``monkeypatch`` so that both forms of the actor and text filters run.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest
from sqlalchemy import and_, exists, func, inspect, literal, or_, select, text
from sqlalchemy.engine import make_url

from wirecoder.schema import Actor, CodedDocument, Event, Location, Sentence, TextSpan
from wirecoder.store import Store
from wirecoder.store import query as q
from wirecoder.store import tables as t
from wirecoder.store.migrate import current_revision, head_revision, upgrade
from wirecoder.store.query import EventFilter, count_events, events_select, query_events

# --- the reference: the plain statement, as query.py wrote it before the faster forms -------------


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def plain_where(f: EventFilter) -> list[Any]:
    e, ea = t.events.c, t.event_actors
    clauses: list[Any] = []
    for value, role in ((f.actor, None), (f.source, "source"), (f.target, "target")):
        if value:
            conditions = [ea.c.event_id == e.id, ea.c.actor_id.in_(q._actor_ids(value))]
            if role:
                conditions.append(ea.c.role == role)
            clauses.append(exists(select(literal(1)).select_from(ea).where(and_(*conditions))))
    if f.country:
        clauses.append(or_(e.source_country == f.country, e.target_country == f.country))
    if f.sector:
        clauses.append(or_(e.source_sector == f.sector, e.target_sector == f.sector))
    if f.type:
        clauses.append(e.type.in_(f.type))
    if f.quad_class:
        clauses.append(e.quad_class.in_(f.quad_class))
    if f.since:
        clauses.append(or_(e.date >= f.since,
                           and_(func.length(e.date) == 7, e.date >= f.since[:7])))  # fmt: skip
    if f.until:
        clauses.append(e.date <= f.until + "~")
    if f.negated is not None:
        clauses.append(e.negated == f.negated)
    if f.modality:
        clauses.append(e.modality.in_(f.modality))
    if f.place:
        value = f.place.strip()
        clauses.append(or_(func.lower(e.place_name).like(f"%{_escape(value.lower())}%",
                                                          escape="\\"),
                           e.place_country == value.upper()))  # fmt: skip
    if f.min_articles is not None:
        clauses.append(e.num_articles >= f.min_articles)
    m, s = t.event_mentions, t.sentences
    if f.text:
        pattern = f"%{_escape(f.text.strip().lower())}%"
        clauses.append(exists(
            select(literal(1)).select_from(m.join(s, s.c.id == m.c.sentence_id))
            .where(m.c.event_id == e.id, func.lower(s.c.text).like(pattern, escape="\\"))
        ))  # fmt: skip
    if f.document:
        d = t.documents
        clauses.append(exists(
            select(literal(1)).select_from(m.join(d, d.c.id == m.c.document_id))
            .where(m.c.event_id == e.id, or_(d.c.id == f.document, d.c.name == f.document))
        ))  # fmt: skip
    return clauses


def plain_rows(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    f = f.validated()
    query = (q._columns().where(*plain_where(f)).order_by(*q.SORTS[f.sort])
             .limit(f.limit).offset(f.offset))  # fmt: skip
    with store.reader() as conn:
        rows = conn.execute(query).mappings().all()
    return [{k: (bool(v) if k == "negated" else v) for k, v in row.items()} for row in rows]


def plain_count(store: Store, f: EventFilter) -> int:
    f = f.validated()
    with store.reader() as conn:
        return int(conn.execute(
            select(func.count()).select_from(t.events).where(*plain_where(f))
        ).scalar_one())  # fmt: skip


def assert_same(store: Store, f: EventFilter, *, count: bool = True) -> list[dict[str, Any]]:
    """query_events (and count_events) agree with the plain statement; returns the rows."""
    rows = query_events(store, f)
    assert rows == plain_rows(store, f), f
    if count:
        assert count_events(store, f) == plain_count(store, f), f
        with store.reader() as conn:  # the single statement of exports and stream agrees too
            flat = conn.execute(events_select(f.validated())).mappings().all()
        assert [r["id"] for r in flat] == [r["id"] for r in rows], f
    return rows


# --- a hand-built store ---------------------------------------------------------------------------

ACTORS = [
    Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person", country="RUS",
          sector="GOV", aliases=["Putin"]),
    Actor(id="person:volodymyr-zelensky", name="Volodymyr Zelensky", kind="person",
          country="UKR", sector="GOV"),
    Actor(id="RUS", name="Russia", kind="state", country="RUS", sector="GOV"),
    Actor(id="UKR", name="Ukraine", kind="state", country="UKR", sector="GOV"),
    Actor(id="RUS-MIL", name="Russian forces", kind="group", country="RUS", sector="MIL"),
    Actor(id="FRA", name="France", kind="state", country="FRA", sector="GOV"),
    Actor(id="person:irina-voda", name="Irina Voda", kind="person", country="MDA"),
    Actor(id="org:un", name="United Nations", kind="organisation"),
    Actor(id="person:rare-envoy", name="Ösel Tränkle", kind="person", country="ZAF"),
]  # fmt: skip
PLACES = [None, Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52),
          Location(name="Moscow", country="RUS", lat=55.75, lon=37.62),
          Location(name="Chisinau", country="MDA", lat=47.01, lon=28.86)]  # fmt: skip
TYPES = ["CONSULT", "ASSAULT", "THREATEN", "AID", "PROTEST", "SUPPORT"]
TOPICS = ["", " over the ceasefire talks", " after the CEASEFIRE collapsed",
          " near the Société Générale office", " in the été heat", " during the ÉTÉ festival",
          " to offer 50% more aid", " about the a_b clause", " citing file C:\\temp",
          ' saying "no" twice', " at the desalination plant", " in Straße 5"]  # fmt: skip
FILLERS = ["The ministry declined to comment.", "Ceasefire monitors were not present.",
           "Officials said 100% of the claims were false."]  # fmt: skip
MODALITIES = ["asserted", "asserted", "reported", "planned"]


def corpus(n_docs: int = 36, seed: int = 7) -> list[CodedDocument]:
    """Documents of 1-3 events over 2024-11…2025-06, a few month-dated, with varied sentences."""
    rng = random.Random(seed)
    weights = [9, 4, 6, 5, 5, 2, 3, 2, 1]  # Putin often, the rare envoy once or twice
    docs = []
    for i in range(n_docs):
        month = 11 + i % 8
        year, month = (2024, month) if month <= 12 else (2025, month - 12)
        published = f"{year}-{month:02d}-{1 + (i * 7) % 27:02d}"
        sentences: list[str] = []
        events: list[Event] = []
        used: dict[str, Actor] = {}
        for j in range(rng.randint(1, 3)):
            src = rng.choices(ACTORS, weights)[0]
            tgt = rng.choices([a for a in ACTORS if a is not src])[0]
            used[src.id], used[tgt.id] = src, tgt
            type_ = TYPES[(i + j) % len(TYPES)]
            topic = TOPICS[rng.randrange(len(TOPICS))]
            sentence = f"{src.name} met {tgt.name}{topic}."
            if rng.random() < 0.3:
                sentences.append(FILLERS[rng.randrange(len(FILLERS))])
            sentences.append(sentence)
            date_ = f"{year}-{month:02d}" if rng.random() < 0.15 else None
            events.append(Event(
                id=f"e{j}", type=type_, cameo_root="04", intensity=rng.choice([-5.0, 1.0, 3.5]),
                source=[src.id], target=[tgt.id], negated=rng.random() < 0.2,
                modality=rng.choice(MODALITIES), date=date_,
                location=PLACES[rng.randrange(len(PLACES))], sentence=len(sentences) - 1,
                trigger=TextSpan(start=0, end=3, text=sentence[:3]), confidence=0.9,
            ))  # fmt: skip
        starts, pos = [], 0
        for s in sentences:
            starts.append(pos)
            pos += len(s) + 1
        doc_text = " ".join(sentences)
        outlet = ["a.example.org", "b.example.net", "c.example.com"][i % 3]
        docs.append(CodedDocument(
            doc_id=f"doc-{i:02d}", text=doc_text, published=published,
            url=f"https://{outlet}/{i}",
            sentences=[Sentence(index=k, start=starts[k], end=starts[k] + len(s), text=s)
                       for k, s in enumerate(sentences)],
            actors=list(used.values()), events=events,
        ))  # fmt: skip
    return docs


def write(db: str, docs: list[CodedDocument]) -> Store:
    store = Store(db)
    for doc in docs:
        assert store.write(doc).stored
    return store


FILTERS: list[dict[str, Any]] = [
    {},
    {"actor": "Putin"}, {"actor": "Ösel"}, {"source": "Putin"}, {"target": "Ukraine"},
    {"actor": "Putin", "target": "Zelensky"}, {"actor": "nobody at all"},
    {"country": "RUS"}, {"country": "UKR"}, {"country": "ZAF"}, {"country": "XXX"},
    {"country": "RUS", "type": ["ASSAULT", "THREATEN"]},
    {"country": "UKR", "since": "2025-01-15"}, {"country": "RUS", "actor": "Zelensky"},
    {"country": "RUS", "text": "ceasefire"}, {"country": "MDA", "negated": False},
    {"since": "2025-02-01"}, {"since": "2025-02-10", "until": "2025-03-31"},
    {"since": "2024-12-31", "until": "2024-12-31"}, {"until": "2024-12-15"},
    {"type": ["CONSULT"]}, {"quad_class": [4]}, {"negated": True}, {"modality": ["planned"]},
    {"place": "Kyiv"}, {"min_articles": 1}, {"sector": "MIL"},
    {"text": "ceasefire"}, {"text": "desalination"}, {"text": "été"}, {"text": "%"},
    {"text": "ceasefire", "actor": "Putin"}, {"text": "met", "type": ["AID"]},
]  # fmt: skip
# (sort, limit, offset): every sort, a page past the end, an empty page
PAGES = [("-date", 4, 3), ("date", 7, 2), ("articles", 3, 1), ("-articles", 4, 0),
         ("intensity", 5, 5), ("-intensity", 100, 0), ("-date", 0, 0), ("date", 7, 50)]


def test_every_faster_form_returns_the_plain_statements_rows(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = write(db_url, corpus())
    try:
        assert count_events(store, EventFilter()) > 40
        seen_forms: set[tuple[str, str]] = set()
        probed, default = {"actor", "source", "target", "text"}, q.PROBE_LIMIT
        for threshold in (default, 4, 1):
            monkeypatch.setattr(q, "PROBE_LIMIT", threshold)
            for filters in FILTERS:
                if threshold != default and not set(filters) & probed:
                    continue  # the threshold changes nothing else
                with store.reader() as conn:
                    f = EventFilter(**filters).validated()
                    seen_forms.update(("actor", form) for form in q._actor_forms(conn, f).values())
                    seen_forms.add(("text", q._text_form(conn, f, listing=True)))
                assert_same(store, EventFilter(**filters))
                for sort, limit, offset in PAGES:
                    assert_same(store, EventFilter(**filters, sort=sort, limit=limit,
                                                   offset=offset), count=False)  # fmt: skip
        # the rows are not all empty, and both forms of the probed filters ran
        assert len(query_events(store, EventFilter(country="RUS"))) >= 10
        assert len(query_events(store, EventFilter(text="ceasefire"))) >= 5
        assert {("actor", "in"), ("actor", "exists"), ("text", "exists")} <= seen_forms
        expected_text = "in" if store.is_postgres else "fts"
        assert ("text", expected_text) in seen_forms
    finally:
        store.close()


def test_the_probe_threshold_switches_forms(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = write(db_url, corpus())
    try:
        with store.reader() as conn:
            putin = EventFilter(actor="Putin").validated()
            rare = EventFilter(actor="Ösel Tränkle").validated()
            rows = conn.execute(select(func.count()).select_from(t.event_actors)
                                .where(*q._actor_rows("Putin", None))).scalar_one()  # fmt: skip
            assert rows >= 5
            assert q._actor_forms(conn, putin) == {"actor": "in"}  # far under 5,000
            monkeypatch.setattr(q, "PROBE_LIMIT", rows)  # exactly as many: frequent
            assert q._actor_forms(conn, putin) == {"actor": "exists"}
            assert q._actor_forms(conn, rare) == {"actor": "in"}
            monkeypatch.setattr(q, "PROBE_LIMIT", rows + 1)
            assert q._actor_forms(conn, putin) == {"actor": "in"}
            if not store.is_postgres:
                common = EventFilter(text="ceasefire").validated()
                monkeypatch.setattr(q, "PROBE_LIMIT", 2)
                assert q._text_form(conn, common, listing=True) == "exists"
                assert q._text_form(conn, common, listing=False) == "fts"  # counts: the index
                monkeypatch.setattr(q, "PROBE_LIMIT", 5_000)
                assert q._text_form(conn, common, listing=True) == "fts"
        for threshold in (1, 2, 3, 5, 8, 13, 5_000):
            monkeypatch.setattr(q, "PROBE_LIMIT", threshold)
            for filters in ({"actor": "Putin"}, {"source": "Russia"}, {"text": "ceasefire"},
                            {"actor": "Ösel"}, {"text": "Putin met"}):  # fmt: skip
                assert_same(store, EventFilter(**filters, limit=6, offset=2))
    finally:
        store.close()


# --- text search: the trigram index finds what the LIKE finds -------------------------------------

TRICKY = [
    "Ceasefire talks resumed in Geneva.", "The CEASEFIRE held overnight.",
    "Talks on a cease-fire failed.", "Société Générale reported losses.",
    "SOCIÉTÉ GÉNÉRALE shares fell.", "Une société anonyme signed.", "The été festival opened.",
    "ÉTÉ lasted until September.", "Aid rose by 50% in May.", "Aid rose by 50 percent in May.",
    "The a_b clause and the axb clause.", "The a%b ratio fell.", "Path C:\\temp\\x was seized.",
    'He said "no" to the deal.', "Bergstraße 5 was shelled.", "BERGSTRASSE 7 was shelled.",
    "İstanbul hosted the talks.", "Istanbul hosted more talks.", "Leaders met in Kyiv 🙂 today.",
    "EU and UN envoys met.", "Desalination plant hit.", "The Ab initiative.",
]  # fmt: skip
TERMS = [
    "ceasefire", "CEASEFIRE", "Ceasefire", "cease-fire", "ceasefire talks", "société",
    "SOCIÉTÉ", "societe", "générale", "été", "ÉTÉ", "Été", "50%", "%", "%%", "50 %", "_", "a_b",
    "a%b", "axb", "\\", "c:\\temp", '"no"', '"', "say", "straße", "STRASSE", "strasse",
    "i̇stanbul", "istanbul", "İstanbul", "🙂", "kyiv 🙂", "ab", "Ab", "EU", "u", "eu and",
    "  desalination  ", "desal", "nation plant", "zzz-not-there",
]  # fmt: skip


def tricky_docs() -> list[CodedDocument]:
    docs = []
    for i, sentence in enumerate(TRICKY):
        src, tgt = ACTORS[i % 4], ACTORS[4 + i % 5]
        ev = Event(id="e0", type=TYPES[i % len(TYPES)], cameo_root="04", intensity=1.0,
                   source=[src.id], target=[tgt.id], sentence=0,
                   trigger=TextSpan(start=0, end=3, text=sentence[:3]), confidence=0.9)  # fmt: skip
        docs.append(CodedDocument(
            doc_id=f"tricky-{i}", text=sentence, published=f"2025-03-{1 + i:02d}",
            sentences=[Sentence(index=0, start=0, end=len(sentence), text=sentence)],
            actors=[src, tgt], events=[ev],
        ))  # fmt: skip
    return docs


def test_trigram_search_equals_the_like(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = write(db_url, tricky_docs())
    try:
        with store.reader() as conn:
            fts = q.has_fts(conn)
            assert fts is (not store.is_postgres)
            if store.is_postgres:
                indexes = {ix["name"] for ix in inspect(conn).get_indexes("sentences")}
                assert "ix_sentences_text_trgm" in indexes
        found = {}
        for threshold in (5_000, 1):  # the FTS lookup, then the per-event check
            monkeypatch.setattr(q, "PROBE_LIMIT", threshold)
            for term in TERMS:
                f = EventFilter(text=term)
                with store.reader() as conn:
                    form = q._text_form(conn, f.validated(), listing=True)
                if fts and threshold == 5_000:
                    assert form == ("fts" if len(term.strip()) >= 3 else "exists"), term
                rows = assert_same(store, f)
                found[term] = len(rows)
        # the LIKE's meaning is kept: literal % and _, ASCII-only case folding on SQLite
        assert found["ceasefire"] == found["CEASEFIRE"] == 2
        assert found["%"] == 2 and found["50%"] == 1 and found["_"] == 1 and found["a_b"] == 1
        assert found["a%b"] == 1 and found["axb"] == 1 and found['"no"'] == 1
        assert found["\\"] == 1 and found["zzz-not-there"] == 0 and found["desal"] == 1
        assert found["ÉTÉ"] == found["été"] == found["Été"]  # the text is lower-cased first
        assert found["société"] >= 2  # "Société", "société" (and "SOCIÉTÉ" where lower() folds É)
        if not store.is_postgres:  # SQLite's lower() folds ASCII only: "SOCIÉTÉ", "ÉTÉ" stay
            assert found["société"] == 2 and found["été"] == 3  # été, société, Société
    finally:
        store.close()


# --- migration 0003 on a store that has data ------------------------------------------------------


def test_a_0002_store_upgrades_and_its_sentences_are_searchable(new_db_url: str) -> None:
    db_url = new_db_url
    old = Store(db_url, migrate=False)
    upgrade(old.engine, "0002")
    docs = tricky_docs()
    for doc in docs[:12]:
        assert old.write(doc).stored
    with old.reader() as conn:
        assert "sentences_fts" not in inspect(conn).get_table_names()
    old.close()

    store = Store(db_url)
    try:
        assert current_revision(store.engine) == head_revision() == "0003"
        with store.reader() as conn:
            assert q.has_fts(conn) is (not store.is_postgres)
            assert q._text_form(conn, EventFilter(text="société").validated(),
                                listing=True) == ("in" if store.is_postgres else "fts")  # fmt: skip
        assert len(assert_same(store, EventFilter(text="société"))) == 2  # indexed on upgrade
        assert len(assert_same(store, EventFilter(text="50%"))) == 1
        for doc in docs[12:]:  # written after the upgrade: the triggers index them
            assert store.write(doc).stored
        assert len(assert_same(store, EventFilter(text="desalination"))) == 1
        for term in TERMS:
            assert_same(store, EventFilter(text=term))
        if not store.is_postgres:
            _check_fts_follows_updates_and_deletes(store)
    finally:
        store.close()

    # downgrade removes it all, and search still answers (with the LIKE)
    old = Store(db_url, migrate=False)
    engine = old.engine
    _downgrade(engine, "0002")
    with engine.connect() as conn:
        insp = inspect(conn)
        assert "sentences_fts" not in insp.get_table_names()
        assert "ix_event_mentions_sentence" not in {
            ix["name"] for ix in insp.get_indexes("event_mentions")}  # fmt: skip
        assert {ix["name"] for ix in insp.get_indexes("sentences")} == {"ix_sentences_document"}
        if engine.dialect.name == "sqlite":
            names = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE "
                                         "'%fts%'").scalars().all()  # fmt: skip
            assert names == []
        else:
            assert conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))\
                .first() is None  # created by 0003, so removed by its downgrade
    assert current_revision(old.engine) == "0002"
    assert len(query_events(old, EventFilter(text="desalination"))) == 1
    old.close()
    with Store(db_url) as again:  # and upgrades once more
        assert current_revision(again.engine) == "0003"
        assert len(assert_same(again, EventFilter(text="société"))) == 2


def _downgrade(engine: Any, revision: str) -> None:
    from alembic import command

    from wirecoder.store.migrate import alembic_config

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _check_fts_follows_updates_and_deletes(store: Store) -> None:
    """SQLite: the triggers keep the external-content FTS table equal to ``sentences``."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE sentences SET text = 'Envoys discussed a truce.' "
                             "WHERE text = 'The CEASEFIRE held overnight.'")  # fmt: skip
        conn.exec_driver_sql("INSERT INTO sentences (id, document_id, idx, start, \"end\", "
                             "kind, text) SELECT 'extra:1', id, 99, 0, 5, 'body', "
                             "'A stray line about a truce.' FROM documents LIMIT 1")  # fmt: skip
    assert len(assert_same(store, EventFilter(text="ceasefire"))) == 1
    assert len(assert_same(store, EventFilter(text="truce"))) == 1

    def fts(term: str) -> int:
        with store.reader() as conn:
            return int(conn.exec_driver_sql(
                f"SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '\"{term}\"'"
            ).scalar())  # fmt: skip

    assert fts("truce") == 2  # the inserted sentence is indexed
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sentences WHERE id = 'extra:1'")
        # external content: this compares the index with the sentences table itself
        conn.exec_driver_sql("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
    assert fts("truce") == 1 and fts("ceasefire") == 1
    # The trigram index folds case beyond ASCII, SQLite's lower() does not: the index proposes
    # "SOCIÉTÉ GÉNÉRALE" for "société", and the LIKE that confirms each candidate drops it.
    assert fts("société") == 3
    assert len(assert_same(store, EventFilter(text="société"))) == 2


# --- PostgreSQL without the right to create pg_trgm -----------------------------------------------


def test_postgres_migration_skips_the_trigram_index_without_permission(pg_server_url: str) -> None:
    import psycopg

    url = make_url(pg_server_url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    role, dbname = f"wc_plain_{uuid.uuid4().hex[:8]}", f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'CREATE DATABASE "{dbname}"')  # owned by the superuser, not by the role
    admin_db = url.set(database=dbname).set(drivername="postgresql")
    with psycopg.connect(admin_db.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'GRANT CREATE, USAGE ON SCHEMA public TO "{role}"')
    user_url = url.set(database=dbname, username=role, password=None)
    try:
        with Store(user_url.render_as_string(hide_password=False)) as store:
            assert current_revision(store.engine) == "0003"
            with store.reader() as conn:
                assert conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))\
                    .first() is None  # fmt: skip
                indexes = {ix["name"] for ix in inspect(conn).get_indexes("sentences")}
                assert "ix_sentences_text_trgm" not in indexes
            for doc in tricky_docs():
                assert store.write(doc).stored
            assert len(assert_same(store, EventFilter(text="société"))) == 2
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


# --- SQLite plans ---------------------------------------------------------------------------------


def _plan(store: Store, stmt: Any) -> list[tuple[int, int, str]]:
    with store.reader() as conn:
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        return [(r[0], r[1], r[3]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


def test_sqlite_country_page_reads_each_country_index_in_order(sqlite_url: str) -> None:
    store = write(sqlite_url, corpus(12))
    try:
        with store.reader() as conn:
            plan = _plan(store, q.events_page_select(conn, EventFilter(country="RUS").validated()))
        details = [d for _, _, d in plan]
        assert not any("MULTI-INDEX OR" in d for d in details), details
        searches = {node: d for node, _, d in plan
                    if d.startswith("SEARCH") and "_country (" in d}  # fmt: skip
        assert {"ix_events_source_country", "ix_events_target_country"} <= {
            d.split(" INDEX ")[1].split(" ")[0] for d in searches.values()}, details
        # No full sort next to either country search: each branch reads its index in date order
        # (at most a sort of the ids within one date), so it can stop after limit + offset rows.
        parents = {parent for node, parent, _ in plan if node in searches}
        for node, parent, detail in plan:
            if parent in parents:
                assert detail != "USE TEMP B-TREE FOR ORDER BY", details
        # whereas the plain OR statement merges both indexes and sorts everything it found
        plain = [d for _, _, d in _plan(store, events_select(EventFilter(country="RUS")
                                                             .validated()))]  # fmt: skip
        assert "USE TEMP B-TREE FOR ORDER BY" in plain

        # the since clause is one range on a date index, not an OR of two scans
        since = EventFilter(since="2025-01-15", until="2025-02-15").validated()
        with store.reader() as conn:
            details = [d for _, _, d in _plan(store, q.events_page_select(conn, since))]
        assert not any("MULTI-INDEX OR" in d for d in details), details
    finally:
        store.close()
