"""Country names, ISO codes, demonyms and capitals, from the maintained ``countryinfo`` package.

Nothing here is typed by hand: a country is known by its name, its alternative spellings, its
ISO alpha-2/alpha-3 codes (written with or without dots: "U.S.", "US"), its demonym ("Russian")
and its capital ("Moscow", used as a metonym for the government).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    demonym: str | None
    capital: str | None


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents and dots, squash spaces: the key used for every lookup."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text.replace(".", ""))


# Short codes that are also ordinary English words once lower-cased: only accepted when written
# in capitals ("US", "U.S." yes; "us" no).
_CASE_SENSITIVE = {
    "us",
    "in",
    "is",
    "it",
    "am",
    "at",
    "be",
    "by",
    "do",
    "go",
    "he",
    "hi",
    "me",
    "my",
    "no",
    "of",
    "on",
    "or",
    "so",
    "to",
    "we",
    "an",
    "as",
    "id",
    "ma",
    "pa",
    "can",
    "per",
    "nor",
    "bar",
    "col",
    "cub",
    "gab",
    "gin",
    "ken",
    "mac",
    "mar",
    "mat",
    "ton",
    "ind",
    "tur",
    "pak",
    "sur",
    "ben",
    "bhs",
    "arm",
    "and",
    "aus",
}


@dataclass
class _Index:
    by_key: dict[str, Country]
    by_demonym: dict[str, Country]
    by_capital: dict[str, Country]
    by_iso3: dict[str, Country]


@lru_cache(maxsize=1)
def _index() -> _Index:
    from countryinfo import all_countries

    by_key: dict[str, Country] = {}
    by_demonym: dict[str, Country] = {}
    by_capital: dict[str, Country] = {}
    by_iso3: dict[str, Country] = {}
    # Larger countries first, so a shared demonym ("American", "Congolese") or code goes to the
    # country a news reader means.
    import json
    from importlib import resources

    supplement = json.loads(
        resources.files("wirecoder.data").joinpath("country_aliases.v1.json").read_text()
    )
    defunct = set(supplement.get("defunct", []))
    infos = [entry.info() for entry in all_countries()]
    infos = [i for i in infos if (i.get("ISO") or {}).get("alpha3") not in defunct]
    infos.sort(key=lambda info: -(info.get("population") or 0))
    for info in infos:
        iso = info.get("ISO") or {}
        iso3 = iso.get("alpha3")
        name = info.get("name")
        if not iso3 or not name or "," in name:
            continue
        capital = info.get("capital")
        if isinstance(capital, list):
            capital = capital[0] if capital else None
        country = by_iso3.get(iso3) or Country(iso3, name, info.get("demonym"), capital)
        by_iso3.setdefault(iso3, country)
        keys = [name, iso3, iso.get("alpha2") or ""] + list(info.get("altSpellings") or [])
        for key in keys:
            # Two-letter codes ("IN", "NO", "IT") are ordinary words far more often than
            # countries; the few that news copy uses for countries are in the supplement.
            if not key or "," in key or len(key.replace(".", "")) <= 2:
                continue
            by_key.setdefault(fold(key), country)
        if country.demonym:
            by_demonym.setdefault(fold(country.demonym), country)
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            by_capital.setdefault(fold(capital), country)
            # "Washington D.C." is written "Washington" in news copy.
            short = re.sub(r"\s+d\s*c$", "", fold(capital))
            by_capital.setdefault(short, country)
    _add_supplement(by_key, by_demonym, by_iso3, by_capital)
    return _Index(by_key, by_demonym, by_capital, by_iso3)


def _add_supplement(
    by_key: dict[str, Country],
    by_demonym: dict[str, Country],
    by_iso3: dict[str, Country],
    by_capital: dict[str, Country],
) -> None:
    """Add the news-copy forms the package lacks ("Britain", "Gaza"), from ``data/``."""
    import json
    from importlib import resources

    raw = resources.files("wirecoder.data").joinpath("country_aliases.v1.json").read_text()
    table = json.loads(raw)
    for iso3, extra in table.get("extra_countries", {}).items():
        country = Country(iso3, extra["name"], extra.get("demonym"), extra.get("capital"))
        by_iso3.setdefault(iso3, country)
        by_key.setdefault(fold(extra["name"]), country)
        if extra.get("demonym"):
            by_demonym.setdefault(fold(extra["demonym"]), country)
    for iso3, display in table.get("display_names", {}).items():
        old = by_iso3.get(iso3)
        if old is not None:
            new = Country(iso3, display, old.demonym, old.capital)
            for index in (by_key, by_demonym, by_iso3, by_capital):
                for key, value in list(index.items()):
                    if value is old:
                        index[key] = new
            by_key.setdefault(fold(display), new)
    for alias, iso3 in {**table["names"], **table.get("acronyms", {})}.items():
        if iso3 in by_iso3:
            by_key[fold(alias)] = by_iso3[iso3]
    for alias, iso3 in table["demonyms"].items():
        if iso3 in by_iso3:
            by_demonym[fold(alias)] = by_iso3[iso3]


def _allowed(text: str, key: str) -> bool:
    if key in _CASE_SENSITIVE or len(key) <= 3:
        letters = text.replace(".", "")
        return letters.isupper()
    return True


@lru_cache(maxsize=65536)
def country_by_name(text: str) -> Country | None:
    """The country named by ``text`` ("Ukraine", "the United States", "U.S.", "DRC"), or None."""
    key = fold(text)
    country = _index().by_key.get(key)
    if country is None or not _allowed(text, key):
        return None
    return country


@lru_cache(maxsize=65536)
def country_by_demonym(text: str) -> Country | None:
    """The country of a nationality adjective ("Russian", "Ukrainian", "American"), or None."""
    key = fold(text)
    country = _index().by_demonym.get(key)
    if country is None and key.endswith("s"):
        country = _index().by_demonym.get(key[:-1])  # "Ukrainians"
    if country is None and "-" in key:
        stem, _, suffix = key.rpartition("-")
        if suffix in AGENCY_SUFFIXES:  # "Saudi-led", "Russian-backed": who leads/backs
            country = _index().by_demonym.get(stem) or country_by_name(stem)
    return country


#: "X-led forces", "X-backed rebels": the country before the hyphen is behind the group.
AGENCY_SUFFIXES = frozenset({"led", "backed", "supported", "sponsored", "allied", "controlled"})


@lru_cache(maxsize=65536)
def country_by_capital(text: str) -> Country | None:
    """The country whose capital is ``text`` ("Kyiv" → Ukraine), for metonyms, or None."""
    return _index().by_capital.get(fold(text))


def country_by_iso3(code: str) -> Country | None:
    """The country with ISO 3166-1 alpha-3 ``code``, or None."""
    return _index().by_iso3.get(code.upper())


@lru_cache(maxsize=65536)
def resolve_country(text: str) -> Country | None:
    """Any of the above, in order: name/code, demonym, capital."""
    return country_by_name(text) or country_by_demonym(text) or country_by_capital(text)
