"""Read events back: filters → parameterised SQL, the same on SQLite and PostgreSQL.

Every filter value travels as a bound parameter (never pasted into SQL), and every value is
checked first: an unknown category, a malformed date or a three-letter code that is not
three letters is a :class:`~wirecoder.errors.QueryError`, not an empty answer.

How a page of events is read (``query_events``), so that the common filters stay fast on a
million events (``bench/bench_store.py``); every form returns the rows of the plain statement
(:func:`events_select`) in the same order:

- **Page first.** The ids of the page are chosen first (filters, sort, limit, offset on
  ``events`` alone); actor names and the first sentence are joined for those ids only.
- **Country.** ``source_country = c OR target_country = c`` would make SQLite read and sort
  every match; the page is the union of the first ``limit + offset`` events of each side, each
  read in sort order from its own index. Counts keep the OR.
- **Actors.** A probe counts the actor's ``event_actors`` rows (at most ``PROBE_LIMIT``): a
  rare actor's events are looked up by id (``events.id IN (SELECT event_id …)``), a frequent
  actor is checked event by event (``EXISTS``) along the sort order, which stops early. Counts
  use the IN form.
- **Text.** On SQLite with the FTS5 trigram index of migration 0003, a rare text (probe on the
  index) is looked up there (candidates from the index, confirmed by the usual LIKE, so the
  result is the LIKE's); a frequent one is checked event by event. Counts use the index. Texts
  under 3 characters, and stores without the index, use the LIKE. On PostgreSQL the text filter
  is one ``IN`` over the sentences, which its trigram index answers when ``pg_trgm`` was
  available to the migration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date as Date
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import aliased

from wirecoder.errors import QueryError
from wirecoder.plover import CATEGORIES
from wirecoder.store import tables as t
from wirecoder.store.actors import fold_name

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "demanded", "conditional")
# sort name → (column, descending?) keys; the id makes every order total
_SORT_KEYS: dict[str, tuple[tuple[str, bool], ...]] = {
    "date": (("date", False), ("id", False)),
    "-date": (("date", True), ("id", True)),
    "articles": (("num_articles", False), ("id", False)),
    "-articles": (("num_articles", True), ("id", False)),
    "intensity": (("intensity", False), ("id", False)),
    "-intensity": (("intensity", True), ("id", False)),
}
SORTS = {name: tuple(getattr(t.events.c, col).desc() if desc else getattr(t.events.c, col).asc()
                     for col, desc in keys) for name, keys in _SORT_KEYS.items()}  # fmt: skip
MAX_LIMIT = 10_000
# An actor or text filter matching fewer rows than this (``event_actors`` rows, sentences of
# the FTS index) is "rare": its events are looked up by id instead of checked along the order.
PROBE_LIMIT = 5_000
FTS_TABLE = "sentences_fts"  # SQLite FTS5 (trigram) index of sentences.text, migration 0003
FTS_MIN_CHARS = 3  # the trigram index cannot find shorter texts
_FTS = table(FTS_TABLE, column("rowid"))
_SQLITE_MASTER = table("sqlite_master", column("type"), column("name"))


@dataclass
class EventFilter:
    """What ``wirecoder query`` and ``GET /api/events`` filter on; None means "any"."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    sector: str | None = None
    type: list[str] = field(default_factory=list)
    quad_class: list[int] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    negated: bool | None = None
    modality: list[str] = field(default_factory=list)
    place: str | None = None
    text: str | None = None
    min_articles: int | None = None
    document: str | None = None
    sort: str = "-date"
    limit: int = 100
    offset: int = 0

    def validated(self) -> EventFilter:
        """A checked copy, with codes upper-cased; raises QueryError on a meaningless value."""
        f = EventFilter(**{x.name: getattr(self, x.name) for x in fields(self)})
        f.type = [v.strip().upper() for v in f.type if v.strip()]
        for v in f.type:
            if v not in CATEGORIES:
                raise QueryError(f"unknown event type {v!r} (one of {', '.join(CATEGORIES)})")
        for v in f.quad_class:
            if v not in (1, 2, 3, 4):
                raise QueryError(f"quad class must be 1-4, not {v!r}")
        f.modality = [v.strip().lower() for v in f.modality if v.strip()]
        for v in f.modality:
            if v not in MODALITIES:
                raise QueryError(f"unknown modality {v!r} (one of {', '.join(MODALITIES)})")
        for name in ("country",):
            value = getattr(f, name)
            if value is not None:
                value = value.strip().upper()
                if not re.fullmatch(r"[A-Z]{3}", value):
                    raise QueryError(f"{name} takes an ISO-3 country code like RUS, "
                                     f"not {getattr(self, name)!r}")  # fmt: skip
                setattr(f, name, value)
        if f.sector is not None:
            f.sector = f.sector.strip().upper()
            if not re.fullmatch(r"[A-Z]{2,5}", f.sector):
                raise QueryError(f"sector takes a code like GOV or MIL, not {self.sector!r}")
        for name in ("since", "until"):
            value = getattr(f, name)
            if value is not None:
                try:
                    Date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise QueryError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
        if f.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {f.sort!r}")
        if not (0 <= f.limit <= MAX_LIMIT) or f.offset < 0:
            raise QueryError(f"limit must be 0..{MAX_LIMIT} and offset ≥ 0")
        if f.min_articles is not None and f.min_articles < 0:
            raise QueryError("min_articles must be ≥ 0")
        for name in ("actor", "source", "target", "place", "text", "document"):
            value = getattr(f, name)
            if value is not None and (not value.strip() or len(value) > 500):
                raise QueryError(f"{name} must be 1-500 characters")
        return f


# --- building blocks ------------------------------------------------------------------------------


def _actor_ids(name: str) -> Select[Any]:
    """Stored actors that ``name`` means: their id, their name, or one of their aliases."""
    folded = fold_name(name)
    by_name = select(t.actors.c.id).where(
        or_(t.actors.c.id == name.strip(),
            func.lower(t.actors.c.name).like(contains_pattern(name.strip()), escape="\\"))
    )  # fmt: skip
    if not folded:  # only punctuation: no alias can contain "nothing" meaningfully
        return by_name
    by_alias = select(t.actor_aliases.c.actor_id).where(
        t.actor_aliases.c.alias_key.like(f"%:%{_escape(folded)}%", escape="\\")
    )
    return by_name.union(by_alias)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(value: str) -> str:
    """Case-folded LIKE pattern (``ESCAPE '\\'``) for ``value`` anywhere; wildcards literal."""
    return f"%{_escape(value.lower())}%"


def _actor_rows(name: str, role: str | None) -> list[Any]:
    """Conditions on ``event_actors`` rows naming (an actor meant by) ``name`` in ``role``."""
    ea = t.event_actors
    conditions = [ea.c.actor_id.in_(_actor_ids(name))]
    if role:
        conditions.append(ea.c.role == role)
    return conditions


def _involving(name: str, role: str | None) -> Any:
    """EXISTS form: checked event by event (cheap when many events match and the scan of the
    sort order stops early)."""
    ea = t.event_actors
    return exists(select(literal(1)).select_from(ea)
                  .where(ea.c.event_id == t.events.c.id, *_actor_rows(name, role)))  # fmt: skip


def _involving_in(name: str, role: str | None) -> Any:
    """IN form: the actor's rows of ``ix_event_actors_actor`` give the event ids (cheap when few
    events match, and for counting)."""
    ea = t.event_actors
    return t.events.c.id.in_(select(ea.c.event_id).where(*_actor_rows(name, role)))


def _like_pattern(text: str) -> str:
    return contains_pattern(text.strip())


def _fts_phrase(text: str) -> str | None:
    """The FTS5 query for a case-insensitive substring search of ``text`` (a quoted phrase of
    trigrams), or None where the trigram index cannot answer it (fewer than 3 characters)."""
    term = text.strip().lower()
    if len(term) < FTS_MIN_CHARS or "\x00" in term:
        return None
    return '"' + term.replace('"', '""') + '"'


def _fts_match(phrase: str) -> Any:
    return literal_column(FTS_TABLE).op("MATCH")(phrase)


def _text_clause(text: str, form: str) -> Any:
    """The sentence-text filter in one of three forms, all with the same result.

    ``exists``: for each event, does one of its mentions' sentences contain the text
    (``lower(text) LIKE '%…%'``)? ``in``: the events of the mentions of every sentence that
    contains it (PostgreSQL answers the LIKE from its trigram index when it has one). ``fts``
    (SQLite with the FTS5 table): the trigram index finds the candidate sentences and the same
    LIKE confirms each, so the result is exactly the LIKE's, trigram folding aside.
    """
    e, m, s = t.events.c, t.event_mentions, t.sentences
    like = func.lower(s.c.text).like(_like_pattern(text), escape="\\")
    if form == "exists":
        return exists(select(literal(1)).select_from(m.join(s, s.c.id == m.c.sentence_id))
                      .where(m.c.event_id == e.id, like))  # fmt: skip
    if form == "in":
        return e.id.in_(select(m.c.event_id)
                        .select_from(s.join(m, m.c.sentence_id == s.c.id)).where(like))  # fmt: skip
    phrase = _fts_phrase(text)
    assert form == "fts" and phrase is not None
    return e.id.in_(
        select(m.c.event_id)
        .select_from(_FTS.join(s, literal_column("sentences.rowid") == _FTS.c.rowid)
                     .join(m, m.c.sentence_id == s.c.id))
        .where(_fts_match(phrase), like)
    )  # fmt: skip


def _country_clause(country: str) -> Any:
    e = t.events.c
    return or_(e.source_country == country, e.target_country == country)


def _clauses(f: EventFilter, *, actor_forms: dict[str, str] | None = None,
             text_form: str = "exists", country: bool = True) -> list[Any]:  # fmt: skip
    e = t.events.c
    clauses: list[Any] = []
    for name, role in (("actor", None), ("source", "source"), ("target", "target")):
        value = getattr(f, name)
        if value:
            form = (actor_forms or {}).get(name, "in")
            clauses.append(_involving_in(value, role) if form == "in" else _involving(value, role))
    if f.country and country:
        clauses.append(_country_clause(f.country))
    if f.sector:
        clauses.append(or_(e.source_sector == f.sector, e.target_sector == f.sector))
    if f.type:
        clauses.append(e.type.in_(f.type))
    if f.quad_class:
        clauses.append(e.quad_class.in_(f.quad_class))
    if f.since:
        # A month-dated event ("2025-05") is inside a range that starts within its month. Written
        # as one range on the date index plus a per-row check (the equivalent
        # ``date >= since OR (length(date) = 7 AND date >= month)`` makes SQLite merge two scans).
        clauses.append(and_(e.date >= f.since[:7],
                            or_(e.date >= f.since, func.length(e.date) == 7)))  # fmt: skip
    if f.until:
        clauses.append(e.date <= f.until + "~")  # "2025-05-31~" sorts after every day of it
    if f.negated is not None:
        clauses.append(e.negated == f.negated)
    if f.modality:
        clauses.append(e.modality.in_(f.modality))
    if f.place:
        value = f.place.strip()
        clauses.append(or_(func.lower(e.place_name).like(contains_pattern(value), escape="\\"),
                           e.place_country == value.upper()))  # fmt: skip
    if f.min_articles is not None:
        clauses.append(e.num_articles >= f.min_articles)
    if f.text:
        clauses.append(_text_clause(f.text, text_form))
    if f.document:
        m, d = t.event_mentions, t.documents
        clauses.append(exists(
            select(literal(1)).select_from(m.join(d, d.c.id == m.c.document_id))
            .where(m.c.event_id == e.id, or_(d.c.id == f.document, d.c.name == f.document))
        ))  # fmt: skip
    return clauses


def where_clauses(f: EventFilter) -> list[Any]:
    """The WHERE conditions of ``f`` (validated), in the form that suits a scan of all matches
    (counts, statistics, exports): actor filters as ``events.id IN (…)``, the text filter as a
    LIKE checked event by event. ``query_events`` picks its own forms (see the module doc)."""
    return _clauses(f)


# --- the plan: which form each filter takes -------------------------------------------------------


def has_fts(conn: Connection) -> bool:
    """Does this store have the FTS5 trigram index of sentences (SQLite, migration 0003)?"""
    if conn.dialect.name != "sqlite":
        return False
    return conn.execute(
        select(literal(1)).select_from(_SQLITE_MASTER)
        .where(_SQLITE_MASTER.c.type == "table", _SQLITE_MASTER.c.name == FTS_TABLE)
    ).first() is not None  # fmt: skip


def _probe(conn: Connection, rows: Select[Any]) -> bool:
    """Do fewer than PROBE_LIMIT rows match? (Reads at most PROBE_LIMIT of them.)"""
    n = conn.execute(select(func.count()).select_from(rows.limit(PROBE_LIMIT).subquery()))
    return int(n.scalar_one()) < PROBE_LIMIT


def _text_form(conn: Connection, f: EventFilter, *, listing: bool) -> str:
    if not f.text:
        return "exists"
    if conn.dialect.name == "postgresql":
        return "in"
    phrase = _fts_phrase(f.text)
    if phrase is None or not has_fts(conn):
        return "exists"
    if not listing:
        return "fts"
    rare = _probe(conn, select(literal(1)).select_from(_FTS).where(_fts_match(phrase)))
    return "fts" if rare else "exists"


def _actor_forms(conn: Connection, f: EventFilter) -> dict[str, str]:
    forms = {}
    for name, role in (("actor", None), ("source", "source"), ("target", "target")):
        value = getattr(f, name)
        if value:
            rows = select(literal(1)).select_from(t.event_actors).where(*_actor_rows(value, role))
            forms[name] = "in" if _probe(conn, rows) else "exists"
    return forms


# --- the statements -------------------------------------------------------------------------------


def _columns() -> Select[Any]:
    """The flat event row: every events column the API shows, actor names, first sentence."""
    src, tgt = aliased(t.actors), aliased(t.actors)
    e = t.events
    m, s = t.event_mentions, t.sentences
    first_sentence = (
        select(s.c.text).select_from(m.join(s, s.c.id == m.c.sentence_id))
        .where(m.c.id == e.c.id)  # an event's id is the id of the report that created it
        .scalar_subquery()
    )  # fmt: skip
    return (
        select(
            e.c.id, e.c.date, e.c.type, e.c.mode, e.c.quad_class, e.c.cameo_root, e.c.intensity,
            e.c.source_actor_id, src.c.name.label("source_name"), e.c.source_country,
            e.c.source_sector, e.c.target_actor_id, tgt.c.name.label("target_name"),
            e.c.target_country, e.c.target_sector, e.c.negated, e.c.modality,
            e.c.place_name, e.c.place_country, e.c.lat, e.c.lon, e.c.num_mentions,
            e.c.num_articles, e.c.num_sources, e.c.conflict_with, e.c.confidence,
            first_sentence.label("sentence"),
        )
        .select_from(e.outerjoin(src, src.c.id == e.c.source_actor_id)
                     .outerjoin(tgt, tgt.c.id == e.c.target_actor_id))
    )  # fmt: skip


def events_select(f: EventFilter) -> Select[Any]:
    """The SELECT for ``f`` (validated), with actor names joined and the first sentence.

    The straightforward single statement (exports, the event page and the stream build on
    it); ``query_events`` runs the faster equivalent of :func:`events_page_select`.
    """
    return (_columns().where(*where_clauses(f)).order_by(*SORTS[f.sort])
            .limit(f.limit).offset(f.offset))  # fmt: skip


def _page(f: EventFilter, clauses: list[Any]) -> Select[Any]:
    """The ids of the requested page, in order, without the joined names and sentences."""
    e = t.events.c
    order = SORTS[f.sort]
    if not f.country:
        return select(e.id).where(*clauses).order_by(*order).limit(f.limit).offset(f.offset)
    # Country: the events where it is the source country and those where it is the target
    # country, each read in sort order from its own index and cut at limit + offset, merged.
    keys = [name for name, _ in _SORT_KEYS[f.sort]]
    branches = []
    for side in (e.source_country, e.target_country):
        branch = (select(*(getattr(e, k) for k in keys)).where(side == f.country, *clauses)
                  .order_by(*order).limit(f.limit + f.offset).subquery())  # fmt: skip
        branches.append(select(*(branch.c[k] for k in keys)))
    merged = union(*branches).subquery("merged")
    merged_order = [merged.c[k].desc() if desc else merged.c[k].asc()
                    for k, desc in _SORT_KEYS[f.sort]]  # fmt: skip
    return select(merged.c.id).order_by(*merged_order).limit(f.limit).offset(f.offset)


def events_page_select(conn: Connection, f: EventFilter) -> Select[Any]:
    """What ``query_events`` runs for ``f`` (validated): the same rows in the same order as
    :func:`events_select`, planned for speed.

    Probes (at most ``PROBE_LIMIT`` rows each) decide the form of the actor and text filters,
    so the statement depends on the data and needs ``conn``.
    """
    clauses = _clauses(f, actor_forms=_actor_forms(conn, f),
                       text_form=_text_form(conn, f, listing=True), country=False)  # fmt: skip
    return _columns().where(t.events.c.id.in_(_page(f, clauses))).order_by(*SORTS[f.sort])


def count_select(conn: Connection, f: EventFilter, cap: int | None = None) -> Select[Any]:
    """What ``count_events`` runs for ``f`` (validated); with ``cap``, it stops counting there."""
    clauses = _clauses(f, text_form=_text_form(conn, f, listing=False))
    if cap is None:
        return select(func.count()).select_from(t.events).where(*clauses)
    matching = select(t.events.c.id).where(*clauses).limit(cap).subquery()
    return select(func.count()).select_from(matching)


def query_events(store: Any, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching ``f`` as plain dicts (JSON-ready), newest first by default."""
    f = f.validated()
    with store.reader() as conn:
        rows = conn.execute(events_page_select(conn, f)).mappings().all()
    return [{k: (bool(v) if k == "negated" else v) for k, v in row.items()} for row in rows]


def count_events(store: Any, f: EventFilter, cap: int | None = None) -> int:
    """How many events match ``f``; with ``cap``, at most ``cap`` (counting stops there, which
    keeps a page's total cheap when millions match)."""
    f = f.validated()
    with store.reader() as conn:
        return int(conn.execute(count_select(conn, f, cap)).scalar_one())
