"""Counts of stored events grouped by time, category and actors (``wirecoder stats``).

Each group key is one SQL expression, so grouping runs in the database on both backends; weeks
are ISO weeks (``2025-W20``). Events count once however many articles reported them; the
``mentions`` and ``articles`` columns add up their reports.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, case, func, select

from wirecoder.errors import QueryError
from wirecoder.store import tables as t
from wirecoder.store.query import EventFilter, where_clauses

GROUPS = ("day", "week", "month", "year", "type", "quad", "dyad", "source", "target",
          "country", "source_country", "target_country", "modality", "negated")  # fmt: skip


def _week(engine_name: str) -> Any:
    e = t.events.c
    if engine_name == "postgresql":
        expr = func.to_char(func.to_date(e.date, "YYYY-MM-DD"), 'IYYY-"W"IW')
    else:
        # SQLite has no ISO week: the Thursday of the date's week decides the ISO year and week.
        thursday = func.date(e.date, "-3 days", "weekday 4")
        expr = func.printf("%s-W%02d", func.strftime("%Y", thursday),
                           (func.strftime("%j", thursday) - 1) / 7 + 1)  # fmt: skip
    return case((func.length(e.date) == 10, expr), else_=None)


def _key(name: str, dialect: str) -> list[Any]:
    e = t.events.c
    if name == "day":
        return [case((func.length(e.date) == 10, e.date), else_=None).label("day")]
    if name == "week":
        return [_week(dialect).label("week")]
    if name == "month":
        return [func.substr(e.date, 1, 7).label("month")]
    if name == "year":
        return [func.substr(e.date, 1, 4).label("year")]
    if name == "type":
        return [e.type.label("type")]
    if name == "quad":
        return [e.quad_class.label("quad_class")]
    if name == "dyad":
        return [e.source_actor_id.label("source"), e.target_actor_id.label("target")]
    if name in ("source", "target"):
        return [getattr(e, f"{name}_actor_id").label(name)]
    if name == "country":
        return [func.coalesce(e.source_country, e.target_country).label("country")]
    if name in ("source_country", "target_country", "modality", "negated"):
        return [getattr(e, name).label(name)]
    raise QueryError(f"cannot group by {name!r} (one of {', '.join(GROUPS)})")


def event_stats(store: Any, by: list[str], f: EventFilter | None = None,
                limit: int = 1000) -> list[dict[str, Any]]:  # fmt: skip
    """Event counts per group, ordered by the group keys (time series read in order)."""
    f = (f or EventFilter()).validated()
    if not by:
        raise QueryError("give at least one grouping (e.g. --by day,type)")
    engine: Engine = store.engine
    keys = [expr for name in by for expr in _key(name.strip(), engine.dialect.name)]
    query = (
        select(*keys, func.count().label("events"),
               func.sum(t.events.c.num_mentions).label("mentions"),
               func.sum(t.events.c.num_articles).label("articles"))
        .where(*where_clauses(f))
        .group_by(*keys)
        .order_by(*keys)
        .limit(limit)
    )  # fmt: skip
    with store.reader() as conn:
        rows = conn.execute(query).mappings().all()
    return [{k: (int(v) if k in ("events", "mentions", "articles") else v)
             for k, v in row.items()} for row in rows]  # fmt: skip


__all__ = ["GROUPS", "event_stats"]
