"""Loaders for the actor stage's data files (``wirecoder/data``): the actor dictionary, generic
agent nouns and titles. Users extend the dictionary with their own JSONL file (same fields) via
``WIRECODER_ACTORS`` or the component's ``extra_dictionaries`` setting."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class DictionaryEntry:
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _read_data(name: str) -> str:
    return resources.files("wirecoder.data").joinpath(name).read_text(encoding="utf-8")


def _parse_jsonl(text: str, origin: str) -> list[DictionaryEntry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            row = json.loads(line)
            entries.append(
                DictionaryEntry(
                    name=row["name"],
                    kind=row.get("kind", "organisation"),
                    country=row.get("country"),
                    sector=row.get("sector"),
                    aliases=tuple(row.get("aliases", [])),
                )
            )
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{origin}:{number}: not a valid actor entry ({exc})") from exc
    return entries


@lru_cache(maxsize=8)
def dictionary(extra: tuple[str, ...] = ()) -> tuple[DictionaryEntry, ...]:
    """The bundled actor dictionary plus user files (later entries win on a shared alias)."""
    entries = _parse_jsonl(_read_data("actors.v1.jsonl"), "actors.v1.jsonl")
    paths = list(extra)
    env = os.environ.get("WIRECODER_ACTORS")
    if env:
        paths.extend(p for p in env.split(os.pathsep) if p)
    for path in paths:
        entries.extend(_parse_jsonl(Path(path).read_text(encoding="utf-8"), path))
    return tuple(entries)


@lru_cache(maxsize=1)
def agents() -> tuple[dict[str, str], frozenset[str]]:
    """Generic agent nouns → sector, and those coded even without a country."""
    data = json.loads(_read_data("agents.v1.json"))
    return dict(data["agents"]), frozenset(data["collective_without_country"])


@lru_cache(maxsize=1)
def sector_modifiers() -> dict[str, str]:
    """Modifiers that set the sector of the agent they modify ("opposition leaders" → OPP)."""
    data = json.loads(_read_data("agents.v1.json"))
    return dict(data.get("sector_modifiers", {}))


@lru_cache(maxsize=1)
def plural_only() -> frozenset[str]:
    """Agent nouns that only name someone in the plural or with a country."""
    return frozenset(json.loads(_read_data("agents.v1.json")).get("plural_only", []))


@lru_cache(maxsize=1)
def titles() -> tuple[dict[str, str], frozenset[str]]:
    """Title words → sector, and modifier words that may stand inside a role."""
    data = json.loads(_read_data("titles.v1.json"))
    return dict(data["titles"]), frozenset(data["modifiers"])


@lru_cache(maxsize=1)
def people() -> dict[str, dict[str, str | None]]:
    """Well-known office-holders by folded name and alias → country, sector, role, name."""
    from wirecoder.pipeline.actors.countries import fold

    table: dict[str, dict[str, str | None]] = {}
    for line in _read_data("people.v1.jsonl").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "_doc" in row:
            continue
        info = {k: row.get(k) for k in ("name", "country", "sector", "role")}
        for form in [row["name"], *row.get("aliases", [])]:
            table.setdefault(fold(form), info)
    return table
