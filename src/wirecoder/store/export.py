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

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from wirecoder.errors import ConfigError, QueryError
from wirecoder.plover import plover_context, plover_view, quad_class
from wirecoder.store.gdelt import (
    GDELT_RULES,
    _gdelt_writer,
    cameo_roots,
    gdelt_columns,
    gdelt_mapping_markdown,
    gdelt_row,
    global_event_id,
)
from wirecoder.store.query import EventFilter, events_select
from wirecoder.store.stream import StoredEvent, _loads, iter_events

ExportFormat = Literal["plover", "gdelt", "gdelt-csv", "parquet", "jsonl"]
FORMATS: tuple[str, ...] = ("plover", "gdelt", "gdelt-csv", "parquet", "jsonl")
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
    own = list(_loads(first["contexts"]) or []) if first else []
    context = plover_context(own, flat["negated"], flat["modality"], ev.extra["background"])
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

