"""Places stage: offline geocoding of place mentions and each sentence's event location.

``gazetteer`` resolves names to locations, ``component`` is the spaCy component that fills
``doc._.places``, ``rules`` answers "where did this sentence's event happen?".
"""

from __future__ import annotations

from wirecoder.pipeline.places.gazetteer import (
    Toponym,
    country_of,
    is_capital,
    is_place,
    iso2_to_iso3,
    lookup,
    resolve,
)
from wirecoder.pipeline.places.rules import (
    location_for,
    mention_role,
    place_for_span,
    places_in_sentence,
)

__all__ = [
    "Toponym",
    "country_of",
    "is_capital",
    "is_place",
    "iso2_to_iso3",
    "location_for",
    "lookup",
    "mention_role",
    "place_for_span",
    "places_in_sentence",
    "resolve",
]
