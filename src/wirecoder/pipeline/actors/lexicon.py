"""Loaders for the actor stage's data files (``wirecoder/data``): the actor dictionary, generic
agent nouns, titles, and well-known office-holders with their terms (who was "Ukraine's
president" on a given day). Users extend the dictionary with their own JSONL file (same fields)
via ``WIRECODER_ACTORS`` or the component's ``extra_dictionaries`` setting."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
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
def instrument_nouns() -> dict[str, str]:
    """Weapons and craft that stand for the forces using them ("Russian aircraft") → sector."""
    return dict(json.loads(_read_data("agents.v1.json")).get("instruments", {}))


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
def _people_file() -> tuple[tuple[dict, ...], dict[str, str]]:
    """The people file's entries, and its ``_roles`` table as variant form → office."""
    rows: list[dict] = []
    forms: dict[str, str] = {}
    for number, line in enumerate(_read_data("people.v1.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "_roles" in row:
            for office, variants in row["_roles"].items():
                for variant in [office, *variants]:
                    forms[_role_words(variant)] = _role_words(office)
        elif not any(key.startswith("_") for key in row):
            for key in ("since", "until"):
                if row.get(key) is not None:
                    try:
                        date.fromisoformat(row[key])
                    except ValueError as exc:
                        raise ValueError(
                            f"people.v1.jsonl:{number}: {key} is not YYYY-MM-DD ({exc})"
                        ) from exc
            rows.append(row)
    return tuple(rows), forms


@lru_cache(maxsize=1)
def people() -> dict[str, dict[str, str | None]]:
    """Well-known office-holders by folded name and alias → country, sector, role, name."""
    from wirecoder.pipeline.actors.countries import fold

    table: dict[str, dict[str, str | None]] = {}
    for row in _people_file()[0]:
        info = {k: row.get(k) for k in ("name", "country", "sector", "role")}
        for form in [row["name"], *row.get("aliases", [])]:
            table.setdefault(fold(form), info)
    return table


@lru_cache(maxsize=1)
def surname_countries() -> dict[str, frozenset[str]]:
    """Folded surname (last word of a known person's name or alias) → the countries of the
    people who bear it. Why: "President Bush" names no first name, yet both Bushes are
    American, and "Bush" must not be taken for a town in Egypt."""
    from wirecoder.pipeline.actors.countries import fold

    table: dict[str, set[str]] = {}
    for row in _people_file()[0]:
        for form in [row["name"], *row.get("aliases", [])]:
            words = fold(form).split()
            if len(words) > 1 and row.get("country"):
                table.setdefault(words[-1], set()).add(str(row["country"]))
    return {k: frozenset(v) for k, v in table.items()}


# -- offices: who held an office on a given day -----------------------------------------------


@dataclass(frozen=True)
class Office:
    """One people-file entry seen as an office held from ``since`` until ``until``."""

    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str | None
    role: str
    since: date
    until: date | None  # the first day outside the term (the successor's ``since``)

    def held_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)

    def term(self) -> str:
        """ "President since 2019-05-20", "Foreign Secretary 2024-07-05 to 2025-09-05"."""
        office = re.sub(r"^former\s+", "", self.role, flags=re.I)
        if self.until is None:
            return f"{office} since {self.since.isoformat()}"
        return f"{office} {self.since.isoformat()} to {self.until.isoformat()}"


def _role_words(text: str) -> str:
    """An office written the way role keys compare: lower case, no accents, dots, hyphens or
    articles, British spelling of "defence"."""
    from wirecoder.pipeline.actors.countries import fold

    words = fold(text).replace("-", " ").replace("defense", "defence").split()
    return " ".join(w for w in words if w not in ("the", "a", "an"))


def role_key(text: str) -> str:
    """The office a role names, for comparing roles: "Minister of Foreign Affairs", "foreign
    secretary" and "Foreign Minister" give the same key (the people file's ``_roles``); "former
    X" is office X."""
    words = _role_words(text)
    words = re.sub(r"^former\s+", "", words)
    return _people_file()[1].get(words, words)


@lru_cache(maxsize=1)
def offices() -> dict[tuple[str, str], tuple[Office, ...]]:
    """People-file entries that give a country and a ``since`` date, by (country, role key)."""
    table: dict[tuple[str, str], list[Office]] = {}
    for row in _people_file()[0]:
        if not row.get("country") or not row.get("since") or not row.get("role"):
            continue
        office = Office(
            name=row["name"], aliases=tuple(row.get("aliases", [])), country=row["country"],
            sector=row.get("sector"), role=row["role"], since=date.fromisoformat(row["since"]),
            until=date.fromisoformat(row["until"]) if row.get("until") else None,
        )  # fmt: skip
        table.setdefault((office.country, role_key(office.role)), []).append(office)
    return {key: tuple(found) for key, found in table.items()}


def office_holders(country: str, role: str, day: date) -> list[Office]:
    """The people-file entries that held office ``role`` of ``country`` on ``day``."""
    return [o for o in offices().get((country, role_key(role)), ()) if o.held_on(day)]
