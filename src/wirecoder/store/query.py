"""Read events back: filters → one parameterised SQL query, the same on SQLite and PostgreSQL.

Every filter value travels as a bound parameter (never pasted into SQL), and every value is
checked first: an unknown category, a malformed date or a three-letter code that is not
three letters is a :class:`~wirecoder.errors.QueryError`, not an empty answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date as Date
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from wirecoder.errors import QueryError
from wirecoder.plover import CATEGORIES
from wirecoder.store import tables as t
from wirecoder.store.actors import fold_name

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "demanded", "conditional")
SORTS = {
    "date": (t.events.c.date.asc(), t.events.c.id.asc()),
    "-date": (t.events.c.date.desc(), t.events.c.id.desc()),
    "articles": (t.events.c.num_articles.asc(), t.events.c.id.asc()),
    "-articles": (t.events.c.num_articles.desc(), t.events.c.id.asc()),
    "intensity": (t.events.c.intensity.asc(), t.events.c.id.asc()),
    "-intensity": (t.events.c.intensity.desc(), t.events.c.id.asc()),
}
MAX_LIMIT = 10_000


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
                    raise QueryError(f"--{name} takes an ISO-3 country code like RUS, "
                                     f"not {getattr(self, name)!r}")  # fmt: skip
                setattr(f, name, value)
        if f.sector is not None:
            f.sector = f.sector.strip().upper()
            if not re.fullmatch(r"[A-Z]{2,5}", f.sector):
                raise QueryError(f"--sector takes a code like GOV or MIL, not {self.sector!r}")
        for name in ("since", "until"):
            value = getattr(f, name)
            if value is not None:
                try:
                    Date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise QueryError(f"--{name} must be a date YYYY-MM-DD, not {value!r}") from None
        if f.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {f.sort!r}")
        if not (0 <= f.limit <= MAX_LIMIT) or f.offset < 0:
            raise QueryError(f"limit must be 0..{MAX_LIMIT} and offset ≥ 0")
        if f.min_articles is not None and f.min_articles < 0:
            raise QueryError("min_articles must be ≥ 0")
        for name in ("actor", "source", "target", "place", "text", "document"):
            value = getattr(f, name)
            if value is not None and (not value.strip() or len(value) > 500):
                raise QueryError(f"--{name} must be 1-500 characters")
        return f


def _actor_ids(name: str) -> Select[Any]:
    """Stored actors that ``name`` means: their id, their name, or one of their aliases."""
    folded = fold_name(name)
    by_name = select(t.actors.c.id).where(
        or_(t.actors.c.id == name.strip(),
            func.lower(t.actors.c.name).like(f"%{_escape(name.strip().lower())}%", escape="\\"))
    )  # fmt: skip
    if not folded:  # only punctuation: no alias can contain "nothing" meaningfully
        return by_name
    by_alias = select(t.actor_aliases.c.actor_id).where(
        t.actor_aliases.c.alias_key.like(f"%:%{_escape(folded)}%", escape="\\")
    )
    return by_name.union(by_alias)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _involving(name: str, role: str | None) -> Any:
    ea = t.event_actors
    conditions = [ea.c.event_id == t.events.c.id, ea.c.actor_id.in_(_actor_ids(name))]
    if role:
        conditions.append(ea.c.role == role)
    return exists(select(literal(1)).select_from(ea).where(and_(*conditions)))


def where_clauses(f: EventFilter) -> list[Any]:
    e = t.events.c
    clauses: list[Any] = []
    if f.actor:
        clauses.append(_involving(f.actor, None))
    if f.source:
        clauses.append(_involving(f.source, "source"))
    if f.target:
        clauses.append(_involving(f.target, "target"))
    if f.country:
        clauses.append(or_(e.source_country == f.country, e.target_country == f.country))
    if f.sector:
        clauses.append(or_(e.source_sector == f.sector, e.target_sector == f.sector))
    if f.type:
        clauses.append(e.type.in_(f.type))
    if f.quad_class:
        clauses.append(e.quad_class.in_(f.quad_class))
    if f.since:
        # A month-dated event ("2025-05") is inside a range that starts within its month.
        clauses.append(or_(e.date >= f.since,
                           and_(func.length(e.date) == 7, e.date >= f.since[:7])))  # fmt: skip
    if f.until:
        clauses.append(e.date <= f.until + "~")  # "2025-05-31~" sorts after every day of it
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


def events_select(f: EventFilter) -> Select[Any]:
    """The SELECT for ``f`` (validated), with actor names joined and the first sentence."""
    src, tgt = aliased(t.actors), aliased(t.actors)
    e = t.events
    m, s = t.event_mentions, t.sentences
    first_sentence = (
        select(s.c.text).select_from(m.join(s, s.c.id == m.c.sentence_id))
        .where(m.c.id == e.c.id)  # an event's id is the id of the report that created it
        .scalar_subquery()
    )  # fmt: skip
    query = (
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
        .where(*where_clauses(f))
        .order_by(*SORTS[f.sort])
        .limit(f.limit).offset(f.offset)
    )  # fmt: skip
    return query


def query_events(store: Any, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching ``f`` as plain dicts (JSON-ready), newest first by default."""
    f = f.validated()
    with store.reader() as conn:
        rows = conn.execute(events_select(f)).mappings().all()
    return [{k: (bool(v) if k == "negated" else v) for k, v in row.items()} for row in rows]


def count_events(store: Any, f: EventFilter) -> int:
    f = f.validated()
    with store.reader() as conn:
        return int(conn.execute(
            select(func.count()).select_from(t.events).where(*where_clauses(f))
        ).scalar_one())  # fmt: skip
