"""Read canonical actors: event counts, aliases and dyads (for ``wirecoder actors`` and the API)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from wirecoder.store import tables as t
from wirecoder.store.query import contains_pattern


def list_actors(store: Any, *, name: str | None = None, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Actors with how many events they are a source or target of, most active first."""
    a, ea = t.actors, t.event_actors
    counts = (
        select(ea.c.actor_id, func.count(func.distinct(ea.c.event_id)).label("events"))
        .group_by(ea.c.actor_id).subquery()
    )  # fmt: skip
    query = (
        select(a.c.id, a.c.name, a.c.kind, a.c.country, a.c.sector,
               func.coalesce(counts.c.events, 0).label("events"))
        .select_from(a.outerjoin(counts, counts.c.actor_id == a.c.id))
        .order_by(func.coalesce(counts.c.events, 0).desc(), a.c.id)
        .limit(limit).offset(offset)
    )  # fmt: skip
    if name:
        query = query.where(func.lower(a.c.name).like(contains_pattern(name), escape="\\"))
    with store.reader() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        ids = [r["id"] for r in rows]
        aliases: dict[str, list[str]] = {}
        if ids:
            for row in conn.execute(
                select(t.actor_aliases.c.actor_id, t.actor_aliases.c.alias)
                .where(t.actor_aliases.c.actor_id.in_(ids))
            ):  # fmt: skip
                aliases.setdefault(row.actor_id, []).append(row.alias)
    for row in rows:
        row["aliases"] = sorted(set(aliases.get(row["id"], [])))
    return rows


def count_actors(store: Any, *, name: str | None = None) -> int:
    """How many actors :func:`list_actors` would page through."""
    query = select(func.count()).select_from(t.actors)
    if name:
        query = query.where(func.lower(t.actors.c.name).like(contains_pattern(name), escape="\\"))
    with store.reader() as conn:
        return int(conn.execute(query).scalar_one())
