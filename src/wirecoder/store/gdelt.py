"""GDELT 2.0 Events-style rows for stored events (``wirecoder export --format gdelt``).

Which wirecoder value fills which of the 61 columns is data (``data/gdelt_columns.v1.json``),
rendered for people as ``docs/gdelt-mapping.md`` by :func:`gdelt_mapping_markdown`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

from wirecoder.store.dedup import day as parse_day
from wirecoder.store.stream import StoredEvent


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
    day = parse_day(ev.flat["date"])
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
        "`wirecoder.store.gdelt.gdelt_mapping_markdown()` (regenerate with "
        "`python -m wirecoder.store.gdelt > docs/gdelt-mapping.md`); a test keeps the two equal.",
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


if __name__ == "__main__":
    sys.stdout.write(gdelt_mapping_markdown())
