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
