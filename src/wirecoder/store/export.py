"""Export stored events: PLOVER records, flat JSONL, GDELT 2.0 Events files and Parquet.

Every format streams: events are read in pages of ``batch`` by their id (keyset paging, the
same SQL on SQLite and PostgreSQL), each page with its mentions and actors, and written before
the next page is read, so memory stays flat however many events match. A filter's ``sort``,
``limit`` and ``offset`` are ignored: an export is every matching event, in id order.

Formats (one event per line or row):

- ``plover``: PLOVER-manual records (field names as in :mod:`wirecoder.plover_records`) with
  ``cite_info`` listing every report of the event, plus wirecoder's own fields.
- ``jsonl``: the flat event dicts of :func:`~wirecoder.store.query.query_events` plus
  ``mentions``.
- ``gdelt`` / ``gdelt-csv``: the 61 columns of the GDELT 2.0 Event table, tab- (or comma-)
  separated with a header row; which wirecoder value fills which column is data,
  ``data/gdelt_columns.v1.json``, rendered for people as ``docs/gdelt-mapping.md``
  (:func:`gdelt_mapping_markdown`).
- ``parquet``: the flat fields with an explicit schema, plus ``mention_count`` and
  ``document_names``, written one row group per page (needs ``pyarrow``).

The "first mention" of an event is the report that created it (its id is the event's id); the
other mentions follow by publication date, document name and sentence.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from datetime import date as Date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TextIO

from sqlalchemy import Connection, false, select

from wirecoder.errors import ConfigError, QueryError
from wirecoder.plover import FUTURE_MODALITIES, plover_view, quad_class
from wirecoder.store import tables as t
from wirecoder.store.query import EventFilter, events_select

ExportFormat = Literal["plover", "gdelt", "gdelt-csv", "parquet", "jsonl"]
FORMATS: tuple[str, ...] = ("plover", "gdelt", "gdelt-csv", "parquet", "jsonl")
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


# -- PLOVER and JSONL --------------------------------------------------------------------------
def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    sector = actor["sector"]
    return {
        "code": actor["country"] or (sector if sector == "IGO" else None),
        "sector": sector,
        "entity_text": actor["name"],
        "actor_id": actor["id"],
    }


def plover_record(ev: StoredEvent) -> dict[str, Any]:
    """One event as a PLOVER-manual record (see :mod:`wirecoder.plover_records`)."""
    flat, first = ev.flat, ev.first
    category = plover_view(flat["type"], flat["negated"], flat["modality"])
    context = list(_loads(first["contexts"]) or []) if first else []
    if flat["negated"]:
        context.append("negation")
    if flat["modality"] in FUTURE_MODALITIES:
        context.append("future" if flat["modality"] == "planned" else "hypothetical")
    if ev.extra["background"]:
        context.append("historical")
    place = None
    if flat["place_name"] is not None:
        place = {
            "name": flat["place_name"],
            "country": flat["place_country"],
            "lat": flat["lat"],
            "lon": flat["lon"],
            "geonameid": ev.extra["geonameid"],
        }
    return {
        "id": ev.id,
        "date": flat["date"],
        "actor": [_entity(a) for a in ev.sources],
        "event": [category],
        "recipient": [_entity(a) for a in ev.targets],
        "mode": flat["mode"],
        "context": context,
        "quad_code": quad_class(category),
        "event_loc": place,
        "event_text": first["trigger_text"] if first else None,
        "text": first["sentence"] if first else None,
        "text_info": {
            "sequence": first["sentence_index"],
            "start": first["trigger_start"],
            "end": first["trigger_end"],
        }
        if first
        else None,
        "cite_info": [
            {
                "doc_id": m["document"],
                "url": m["url"],
                "title": m["title"],
                "published": m["published"],
                "sentence": m["sentence"],
                "trigger": m["trigger_text"],
            }
            for m in ev.mentions
        ],
        "coder": "wirecoder",
        "wirecoder_type": flat["type"],
        "negated": flat["negated"],
        "modality": flat["modality"],
        "num_mentions": flat["num_mentions"],
        "num_articles": flat["num_articles"],
        "num_sources": flat["num_sources"],
        "conflict_with": flat["conflict_with"],
    }


def jsonl_record(ev: StoredEvent) -> dict[str, Any]:
    """The flat event dict of ``query_events`` plus every mention."""
    record = dict(ev.flat)
    record["mentions"] = [
        {
            "document": m["document"],
            "title": m["title"],
            "url": m["url"],
            "published": m["published"],
            "sentence_index": m["sentence_index"],
            "sentence": m["sentence"],
            "trigger": m["trigger_text"],
            "date": m["date"],
            "date_text": m["date_text"],
            "negated": bool(m["negated"]),
            "modality": m["modality"],
            "reasons": _loads(m["reasons"]) or {},
        }
        for m in ev.mentions
    ]
    return record


# -- GDELT -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def gdelt_columns() -> list[dict[str, Any]]:
    """The 61 GDELT 2.0 Event columns in order, each with its rule (``data/gdelt_columns``)."""
    return list(_data("gdelt_columns.v1.json")["columns"])


@lru_cache(maxsize=1)
def cameo_roots() -> dict[str, dict[str, Any]]:
    """CAMEO root → name, Goldstein value and CAMEO QuadClass (``data/cameo_goldstein``)."""
    return dict(_data("cameo_goldstein.v1.json")["roots"])


def _data(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(
        resources.files("wirecoder.data").joinpath(name).read_text(encoding="utf-8")
    )
    return raw


def global_event_id(event_id: str) -> int:
    """GLOBALEVENTID: the first 15 hex digits of the SHA-1 of the event id, as an integer."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _day(value: str | None) -> Date | None:
    if value and len(value) == 10:
        try:
            return Date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _num(value: Any) -> str:
    return "" if value is None else str(value)


def _root(ev: StoredEvent) -> str:
    return str(ev.flat["cameo_root"] or "")[:2]


def _actor(ev: StoredEvent, col: dict[str, Any], what: str) -> Any:
    return ev.flat[f"{col['role']}_{what}"]


def _actor_code(ev: StoredEvent, col: dict[str, Any]) -> str:
    return (_actor(ev, col, "country") or "") + (_actor(ev, col, "sector") or "")


def _is_root(ev: StoredEvent, col: dict[str, Any]) -> str:
    first = ev.first
    return "" if first is None else ("1" if first["sentence_index"] <= 1 else "0")


def _whole_country(ev: StoredEvent) -> bool:
    name, country = ev.flat["place_name"], ev.flat["place_country"]
    if not name or not country:
        return False
    from wirecoder.pipeline.actors.countries import country_by_name

    found = country_by_name(name)
    return found is not None and found.iso3 == country


def _geo_type(ev: StoredEvent, col: dict[str, Any]) -> str:
    if ev.flat["place_name"] is None:
        return ""
    return "1" if _whole_country(ev) else "4"


def _geo_full_name(ev: StoredEvent, col: dict[str, Any]) -> str:
    name, country = ev.flat["place_name"], ev.flat["place_country"]
    if name is None:
        return ""
    if country and not _whole_country(ev):
        from wirecoder.pipeline.actors.countries import country_by_iso3

        found = country_by_iso3(country)
        return f"{name}, {found.name if found else country}"
    return str(name)


def _fraction(ev: StoredEvent, col: dict[str, Any]) -> str:
    day = _day(ev.flat["date"])
    if day is None:
        return ""
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def _date_added(ev: StoredEvent, col: dict[str, Any]) -> str:
    stamp = datetime.fromisoformat(ev.extra["created_at"])
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y%m%d%H%M%S")


def _source_url(ev: StoredEvent, col: dict[str, Any]) -> str:
    first = ev.first
    return "" if first is None else str(first["url"] or first["document"])


def _date_part(ev: StoredEvent, n: int) -> str:
    """The first ``n`` parts of the event's ISO date (year, month, day) run together, or ""."""
    parts = (ev.flat["date"] or "").split("-")
    if len(parts) < n or not all(p.isdigit() for p in parts[:n]):
        return ""
    return "".join(parts[:n])


def _field(ev: StoredEvent, col: dict[str, Any]) -> str:
    name = col["field"]
    return _num(ev.flat[name] if name in ev.flat else ev.extra[name])


def _cameo(ev: StoredEvent, key: str) -> str:
    info = cameo_roots().get(_root(ev))
    return "" if info is None else _num(info[key])


Rule = Callable[[StoredEvent, dict[str, Any]], str]
GDELT_RULES: dict[str, Rule] = {
    "global_event_id": lambda ev, col: str(global_event_id(ev.id)),
    "sqldate": lambda ev, col: _date_part(ev, 3),
    "month_year": lambda ev, col: _date_part(ev, 2),
    "year": lambda ev, col: _date_part(ev, 1),
    "fraction_date": _fraction,
    "actor_code": _actor_code,
    "actor_name": lambda ev, col: _num(_actor(ev, col, "name")),
    "actor_country": lambda ev, col: _num(_actor(ev, col, "country")),
    "actor_sector": lambda ev, col: _num(_actor(ev, col, "sector")),
    "is_root_event": _is_root,
    "cameo_root": lambda ev, col: _root(ev),
    "cameo_quad_class": lambda ev, col: _cameo(ev, "quad_class"),
    "goldstein": lambda ev, col: _cameo(ev, "goldstein"),
    "event_field": _field,
    "geo_type": _geo_type,
    "geo_full_name": _geo_full_name,
    "geo_country": lambda ev, col: _num(ev.flat["place_country"]),
    "date_added": _date_added,
    "source_url": _source_url,
}
"""The functions the ``rule`` names of ``data/gdelt_columns.v1.json`` refer to."""


def gdelt_row(ev: StoredEvent) -> list[str]:
    """The event's 61 GDELT 2.0 Event column values, as strings ("" when empty)."""
    return [rule(ev, col) for rule, col in _gdelt_plan()]


def _empty(ev: StoredEvent, col: dict[str, Any]) -> str:
    return ""


@lru_cache(maxsize=1)
def _gdelt_plan() -> list[tuple[Rule, dict[str, Any]]]:
    return [(_empty if c["rule"] is None else GDELT_RULES[c["rule"]], c) for c in gdelt_columns()]


def gdelt_mapping_markdown() -> str:
    """``docs/gdelt-mapping.md``: the GDELT column table, rendered from the data file."""
    data = _data("gdelt_columns.v1.json")
    lines = [
        "# GDELT 2.0 Events export: column mapping",
        "",
        "`wirecoder export --format gdelt` (`wirecoder.store.export.export_events(store, "
        '"gdelt", ...)`) writes one row per stored event with all 61 columns of the GDELT 2.0 '
        "Event table, in GDELT's order. This page is generated from "
        "`src/wirecoder/data/gdelt_columns.v1.json` by "
        "`wirecoder.store.export.gdelt_mapping_markdown()` (regenerate with "
        "`python -m wirecoder.store.export > docs/gdelt-mapping.md`); a test keeps the two equal.",
        "",
        "## Conventions and deviations",
        "",
        *(f"- {note}" for note in data["notes"]),
        "",
        "## Columns",
        "",
        "| # | Column | In GDELT | wirecoder value |",
        "|---|---|---|---|",
    ]
    for i, col in enumerate(data["columns"], start=1):
        cells = [str(i), f"`{col['name']}`", col["gdelt"], col["wirecoder"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", f"Source: {data['_source']}", ""]
    return "\n".join(lines)


# -- Parquet ---------------------------------------------------------------------------------
_PARQUET_INTS = {"quad_class", "num_mentions", "num_articles", "num_sources"}
_PARQUET_FLOATS = {"intensity", "lat", "lon", "confidence"}
_PARQUET_BOOLS = {"negated"}


def parquet_schema(flat_keys: list[str]) -> Any:
    """The explicit Arrow schema: the flat fields (strings unless listed above), nullable, plus
    ``mention_count`` (int32) and ``document_names`` (list<string>)."""
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in _PARQUET_INTS:
            return pa.int32()
        if name in _PARQUET_FLOATS:
            return pa.float64()
        if name in _PARQUET_BOOLS:
            return pa.bool_()
        return pa.string()

    fields = [pa.field(name, kind(name), nullable=name != "id") for name in flat_keys]
    fields += [
        pa.field("mention_count", pa.int32(), nullable=False),
        pa.field("document_names", pa.list_(pa.string()), nullable=False),
    ]
    return pa.schema(fields)


def _flat_keys() -> list[str]:
    return [str(c.key) for c in events_select(EventFilter()).selected_columns]


def _write_parquet(pages: Iterator[list[StoredEvent]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a store dependency
        raise ConfigError("--format parquet needs pyarrow (pip install pyarrow)") from None
    keys = _flat_keys()
    schema = parquet_schema(keys)
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for page in pages:
            columns: dict[str, list[Any]] = {k: [] for k in schema.names}
            for ev in page:
                for k in keys:
                    value = ev.flat[k]
                    if value is not None and schema.field(k).type == pa.string():
                        value = str(value)
                    columns[k].append(value)
                columns["mention_count"].append(len(ev.mentions))
                names: list[str] = []
                for m in ev.mentions:
                    if m["document"] not in names:
                        names.append(m["document"])
                columns["document_names"].append(names)
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            count += len(page)
    return count


# -- output ----------------------------------------------------------------------------------
@contextmanager
def _text_out(out: str | os.PathLike[str] | TextIO) -> Iterator[TextIO]:
    """A text stream for ``out``: stdout for "-", the stream itself, or a file written to a
    temporary name and moved into place only when the export succeeds."""
    if isinstance(out, str) and out == "-":
        yield sys.stdout
        return
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    path = Path(out)
    tmp = path.with_name(f".{path.name}.part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def export_events(
    store: Any,
    fmt: ExportFormat,
    out: str | os.PathLike[str] | TextIO,
    f: EventFilter | None = None,
    *,
    batch: int = 5000,
    include_negated: bool = False,
    header: bool = True,
) -> int:
    """Write every event matching ``f`` to ``out`` in format ``fmt``.

    Args:
        store: a :class:`wirecoder.store.Store`.
        fmt: ``plover``, ``jsonl``, ``gdelt`` (tab-separated), ``gdelt-csv`` or ``parquet``.
        out: a file path, "-" for stdout, or an open text stream (not for parquet).
        f: filter; its sort, limit and offset are ignored (all matches, in id order).
        batch: events read and written per page (memory stays flat).
        include_negated: gdelt only: also write negated events (GDELT has no negation).
        header: gdelt only: start with a row of column names.

    Returns:
        The number of events written.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    gdelt = fmt in ("gdelt", "gdelt-csv")
    skip_negated = gdelt and not include_negated
    if fmt == "parquet" and not (isinstance(out, (str, os.PathLike)) and str(out) != "-"):
        raise QueryError("--format parquet writes a file: give a path, not '-' or a stream")
    with store.reader() as conn:
        pages = iter_events(conn, f, batch=batch, skip_negated=skip_negated)
        if fmt == "parquet":
            path = Path(out)  # type: ignore[arg-type]
            tmp = path.with_name(f".{path.name}.part")
            try:
                count = _write_parquet(pages, tmp)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            return count
        count = 0
        with _text_out(out) as fh:
            if gdelt:
                writer = _gdelt_writer(fh, fmt)
                if header:
                    writer([c["name"] for c in gdelt_columns()])
            for page in pages:
                for ev in page:
                    if fmt == "plover":
                        fh.write(json.dumps(plover_record(ev), ensure_ascii=False) + "\n")
                    elif fmt == "jsonl":
                        fh.write(json.dumps(jsonl_record(ev), ensure_ascii=False) + "\n")
                    else:
                        writer(gdelt_row(ev))
                count += len(page)
            fh.flush()
        return count


def _gdelt_writer(fh: TextIO, fmt: str) -> Callable[[list[str]], None]:
    if fmt == "gdelt-csv":
        out = csv.writer(fh, lineterminator="\n")
        return out.writerow
    clean = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
    width = len(gdelt_columns()) - 1

    def write(row: list[str]) -> None:
        line = "\t".join(row)
        if line.count("\t") != width or "\n" in line or "\r" in line:
            line = "\t".join(v.translate(clean) for v in row)
        fh.write(line + "\n")

    return write


__all__ = [
    "FORMATS",
    "GDELT_RULES",
    "ExportFormat",
    "StoredEvent",
    "cameo_roots",
    "export_events",
    "gdelt_columns",
    "gdelt_mapping_markdown",
    "gdelt_row",
    "global_event_id",
    "iter_events",
    "jsonl_record",
    "parquet_schema",
    "plover_record",
]

if __name__ == "__main__":
    sys.stdout.write(gdelt_mapping_markdown())
