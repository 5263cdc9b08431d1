"""Read stored events page by page, each with its mentions and actors: the input of every export.

Events are read in pages by their id (keyset paging, the same SQL on SQLite and PostgreSQL), so
memory stays flat however many events match.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, false, select

from wirecoder.errors import QueryError
from wirecoder.store import tables as t
from wirecoder.store.query import EventFilter, events_select

_IN_CHUNK = 900  # ids per IN (...) list: well under every database's parameter limit

# Event columns the exports need beyond the flat ones of ``events_select``.
_EXTRA = {
    "background": t.events.c.background,
    "date_max": t.events.c.date_max,
    "geonameid": t.events.c.geonameid,
    "created_at": t.events.c.created_at,
}


# -- reading ---------------------------------------------------------------------------------
@dataclass
class StoredEvent:
    """One event with what every format needs: its flat fields, reports and actors."""

    flat: dict[str, Any]
    extra: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.flat["id"])

    @property
    def first(self) -> dict[str, Any] | None:
        return self.mentions[0] if self.mentions else None


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _IN_CHUNK):
        yield ids[i : i + _IN_CHUNK]


def _mentions(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    m, d, s = t.event_mentions, t.documents, t.sentences
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        rows = conn.execute(
            select(
                m.c.event_id,
                m.c.id,
                m.c.sentence_index,
                m.c.trigger_text,
                m.c.trigger_start,
                m.c.trigger_end,
                m.c.date,
                m.c.date_text,
                m.c.negated,
                m.c.modality,
                m.c.contexts,
                m.c.reasons,
                d.c.name.label("document"),
                d.c.title,
                d.c.url,
                d.c.published,
                d.c.source,
                s.c.text.label("sentence"),
            )
            .select_from(
                m.join(d, d.c.id == m.c.document_id).outerjoin(s, s.c.id == m.c.sentence_id)
            )
            .where(m.c.event_id.in_(chunk))
        )
        keys = list(rows.keys())
        for row in rows:
            mention = dict(zip(keys, row, strict=True))
            found[mention["event_id"]].append(mention)
    for event_id, mentions in found.items():
        mentions.sort(
            key=lambda r: (
                r["id"] != event_id,
                r["published"] or "",
                r["document"],
                r["sentence_index"],
                r["id"],
            )
        )
    return found


def _actors(conn: Connection, ids: list[str]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    ea, a = t.event_actors, t.actors
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            select(ea.c.event_id, ea.c.role, a.c.id, a.c.name, a.c.kind, a.c.country, a.c.sector)
            .select_from(ea.join(a, a.c.id == ea.c.actor_id))
            .where(ea.c.event_id.in_(chunk))
        )
        keys = list(rows.keys())
        for row in rows:
            actor = dict(zip(keys, row, strict=True))
            found.setdefault((actor["event_id"], actor["role"]), []).append(actor)
    return found


def iter_events(
    conn: Connection, f: EventFilter | None = None, *, batch: int = 5000, skip_negated: bool = False
) -> Iterator[list[StoredEvent]]:
    """Pages of at most ``batch`` matching events, in id order (keyset paging on events.id).

    Args:
        conn: a read connection (``store.reader()``).
        f: the filter (its sort, limit and offset are ignored); None for every event.
        batch: events per page.
        skip_negated: leave out negated events.

    Returns:
        An iterator of pages; each event carries its mentions (first mention first) and its
        source and target actors (the event's first-named actor first).
    """
    if batch < 1:
        raise QueryError(f"batch must be at least 1, not {batch!r}")
    f = replace(f or EventFilter(), limit=0, offset=0).validated()  # raises before any output
    return _pages(conn, f, batch, skip_negated)


def _pages(
    conn: Connection, f: EventFilter, batch: int, skip_negated: bool
) -> Iterator[list[StoredEvent]]:
    e = t.events.c
    base = events_select(f).limit(None).offset(None).order_by(None)
    flat_keys = [str(c.key) for c in base.selected_columns]
    query = base.add_columns(*(col.label(f"x_{name}") for name, col in _EXTRA.items()))
    query = query.order_by(e.id).limit(batch)
    if skip_negated:
        query = query.where(e.negated == false())
    n_flat, id_at = len(flat_keys), flat_keys.index("id")
    extra_keys = list(_EXTRA)
    last: str | None = None
    while True:
        rows = conn.execute(query if last is None else query.where(e.id > last)).all()
        if not rows:
            return
        ids = [str(r[id_at]) for r in rows]
        mentions = _mentions(conn, ids)
        actors = _actors(conn, ids)
        page = []
        for event_id, row in zip(ids, rows, strict=True):
            flat = dict(zip(flat_keys, row[:n_flat], strict=True))
            flat["negated"] = bool(flat["negated"])
            extra = dict(zip(extra_keys, row[n_flat:], strict=True))
            extra["background"] = bool(extra["background"])
            page.append(
                StoredEvent(
                    flat,
                    extra,
                    mentions[event_id],
                    _ordered(actors.get((event_id, "source"), []), flat["source_actor_id"]),
                    _ordered(actors.get((event_id, "target"), []), flat["target_actor_id"]),
                )
            )
        yield page
        if len(rows) < batch:
            return
        last = ids[-1]


def _ordered(actors: list[dict[str, Any]], first: str | None) -> list[dict[str, Any]]:
    return sorted(actors, key=lambda a: (a["id"] != first, a["id"]))

