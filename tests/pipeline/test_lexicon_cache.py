"""Lexicons are read once per process: stages call these per sentence, so re-reading a data
file there made coding three times slower once (a decorator slipped onto another function)."""

from __future__ import annotations

from wirecoder.pipeline.events.lexicon import cues, longest_first


def test_cue_lists_are_loaded_once_and_ordered_longest_first() -> None:
    assert cues() is cues()
    phrases = cues()["quote_threat_cues"]
    ordered = longest_first(phrases)
    assert ordered is longest_first(phrases)
    assert set(ordered) == set(phrases)
    assert [len(p) for p in ordered] == sorted((len(p) for p in ordered), reverse=True)


def test_actor_lexicons_are_loaded_once() -> None:
    from wirecoder.pipeline.actors import lexicon

    for loader in (lexicon.agents, lexicon.sector_modifiers, lexicon.instrument_nouns,
                   lexicon.plural_only, lexicon.titles, lexicon.people):  # fmt: skip
        assert loader() is loader(), f"{loader.__name__} re-reads its data file on every call"


def test_event_classifier_is_loaded_once() -> None:
    from wirecoder.pipeline.events.classifier import load_classifier

    assert load_classifier() is load_classifier()
