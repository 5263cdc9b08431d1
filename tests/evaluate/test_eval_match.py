"""The README's matching rules, one at a time."""

from __future__ import annotations

from wirecoder.evaluate.match import (
    actor_matches,
    country_for_name,
    inside,
    locate_sentence,
    max_matching,
    normalise_country,
    speaker_alternatives,
    word_overlap,
)
from wirecoder.schema import Actor


def person(name: str, *aliases: str, country: str | None = None) -> Actor:
    return Actor(id="a", name=name, kind="person", country=country, aliases=list(aliases))


def test_locate_sentence_exact_every_occurrence() -> None:
    text = "The port reopened. The port reopened. Trade resumed."
    assert locate_sentence(text, "The port reopened.") == [(0, 18), (19, 37)]
    assert locate_sentence(text, "Trade stopped.") == []


def test_locate_sentence_falls_back_to_folded_quotes_and_whitespace() -> None:
    text = "Intro.  The mayor\u2019s office  said \u201cno\u201d \u2014 twice.\nEnd."
    spans = locate_sentence(text, 'The mayor\'s office said "no" - twice.')
    assert len(spans) == 1
    start, end = spans[0]
    assert text[start:end] == "The mayor\u2019s office  said \u201cno\u201d \u2014 twice."


def test_inside() -> None:
    assert inside(5, 9, [(0, 10)])
    assert not inside(5, 12, [(0, 10)])
    assert inside(15, 18, [(0, 10), (12, 20)])


def test_person_full_name_case_insensitive_and_alias() -> None:
    assert actor_matches("ana ferreira", person("Ana Ferreira"))
    assert actor_matches("President Ferreira", person("Ana Ferreira", "President Ferreira"))
    assert not actor_matches("Rui Ferreira", person("Ana Ferreira"))


def test_surname_match_only_when_one_side_has_no_first_name() -> None:
    assert actor_matches("Ferreira", person("Ana Ferreira"))
    assert actor_matches("Ana Ferreira", person("Ferreira"))
    assert not actor_matches("Rui Ferreira", person("Ana Ferreira"))
    organisation = Actor(id="o", name="Ferreira", kind="organisation")
    assert not actor_matches("Ana Ferreira", organisation)


def test_other_actors_by_name_or_alias_ignoring_leading_the() -> None:
    council = Actor(id="c", name="Harbour Council", kind="organisation", aliases=["the Council"])
    assert actor_matches("The Harbour Council", council)
    assert actor_matches("council", council)
    assert not actor_matches("Harbour Board", council)


def test_government_actor_matches_by_country_and_sector() -> None:
    minister = Actor(id="m", name="Rui Costa", kind="person", country="PRT", sector="GOV")
    state = Actor(id="s", name="Portugal", kind="state", country="PRT")
    army = Actor(id="x", name="Portuguese army", kind="organisation", country="PRT", sector="MIL")
    police = Actor(id="p", name="Lisbon police", kind="organisation", country="PRT", sector="COP")
    chile = Actor(id="c", name="Chile", kind="state", country="CHL")
    gov = "Portugal (government)"
    assert actor_matches(gov, minister, country="PRT")
    assert actor_matches(gov, state, country="PRT")  # no sector given: either
    assert not actor_matches(gov, army, country="PRT")
    # police, courts and legislatures are organs of the state: they stand for its government
    assert actor_matches(gov, police, country="PRT")
    assert not actor_matches("Portugal (military)", police, country="PRT")
    assert not actor_matches(gov, chile, country="PRT")
    assert actor_matches("Portugal (military)", army, country="PRT")
    assert not actor_matches("Portugal (military)", minister, country="PRT")


def test_government_actor_country_from_name_when_gold_gives_none() -> None:
    state = Actor(id="s", name="Lisbon", kind="state", country="PRT")
    assert country_for_name("Portugal") == "PRT"
    assert actor_matches("Portugal (government)", state)
    assert actor_matches("Lusitania (government)", state, known_countries={"lusitania": "PRT"})
    assert not actor_matches("Atlantis (government)", state)


def test_non_iso_country_codes_are_mapped() -> None:
    assert normalise_country("jap") == "JPN"
    assert normalise_country("PRT") == "PRT"
    assert normalise_country("") is None


def test_max_matching_is_one_to_one_and_maximum() -> None:
    # gold 0 fits outputs 0 and 1, gold 1 only output 0: a greedy pass would pair 0-0 and stop.
    edges = {(0, 0), (0, 1), (1, 0)}
    matching = max_matching(2, 2, lambda i, j: (i, j) in edges)
    assert matching == {0: 1, 1: 0}
    # two gold events, one output: only one can be matched
    assert len(max_matching(2, 1, lambda i, j: True)) == 1


def test_max_matching_keeps_seeded_pairs_matched() -> None:
    matching = max_matching(2, 2, lambda i, j: True, seed={0: 1})
    assert matching == {0: 1, 1: 0}


def test_word_overlap_is_share_of_gold_words() -> None:
    assert word_overlap("we will talk again soon", "We will talk") == 0.6
    assert word_overlap("we will talk again soon", "we will") == 0.4
    assert word_overlap("no no no", "no") == 1 / 3  # a bag, not a set


def test_speaker_alternatives() -> None:
    assert speaker_alternatives("Portugal (government) / Lisbon") == [
        "Portugal (government)", "Lisbon",
    ]  # fmt: skip
    assert speaker_alternatives("Ana Ferreira") == ["Ana Ferreira"]
