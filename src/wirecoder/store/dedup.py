"""When are two reports the same real-world event? The store's de-duplication rule.

Two event mentions are one event when all of these hold (GDELT counts its Mentions the same way):

- the same category (``type``);
- the same canonical source actors and the same canonical target actors (as sets);
- the same polarity (negated or not) and the same realis class: asserted/reported on one side,
  planned/demanded/hypothetical/conditional on the other (a meeting that *will* happen is not
  the meeting that happened);
- dates within one day: each mention's date is the date its text gives, else its article's
  publication date; two known day dates at most one day apart match, two equal month dates
  match, and undated mentions only match inside one article;
- compatible places: either unknown, or the same geonames id, or within 150 km, or the same
  country when one of them is the whole country.

A negated and a positive report of the same event (same everything but polarity) are kept as two
events and each is flagged with ``conflict_with`` pointing at the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date as Date

from wirecoder.plover import FUTURE_MODALITIES

NEAR_KM = 150.0


def is_realis(modality: str) -> bool:
    return modality not in FUTURE_MODALITIES


def actor_key(ids: list[str]) -> str:
    return "|".join(sorted(set(ids)))


@dataclass(frozen=True)
class PlaceRef:
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    whole_country: bool = False


def day(value: str | None) -> Date | None:
    """A YYYY-MM-DD string as a date; None for month or year dates and for non-dates."""
    if value and len(value) == 10:
        try:
            return Date.fromisoformat(value)
        except ValueError:
            return None
    return None


def dates_match(a: str | None, b: str | None, same_document: bool) -> bool:
    """Dates within a day; see the module docstring for month and undated mentions."""
    if a is None or b is None:
        return a is None and b is None and same_document
    day_a, day_b = day(a), day(b)
    if day_a and day_b:
        return abs((day_a - day_b).days) <= 1
    return a == b


def _km(a: PlaceRef, b: PlaceRef) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def places_match(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    if a is None or b is None or (a.name is None and a.lat is None) or (
        b.name is None and b.lat is None
    ):
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.whole_country or b.whole_country:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return _km(a, b) <= NEAR_KM
    return (a.name or "").lower() == (b.name or "").lower()
