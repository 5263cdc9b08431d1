"""A fast "is this English?" check, so that non-English text is refused instead of mis-coded.

The English model would happily tag French or Russian text and the event rules would then code
nonsense, so ingest refuses such documents (error E004). A dependency-free heuristic is enough:
English prose is full of function words ("the", "of", "said", ...), and other languages written in
Latin script are full of *their* function words instead. Scripts other than Latin (Cyrillic, CJK,
Arabic, ...) are caught by the share of Latin letters. The check only judges texts with enough
words, so headlines and very short notes are always accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from wirecoder.ingest._data import load_json

_HINTS_FILE = "language_hints.v1.json"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class LanguageVerdict:
    """The outcome of :func:`judge_english`, with the numbers behind it for the error message."""

    english: bool
    reason: str
    words: int = 0
    english_share: float = 0.0
    latin_share: float = 1.0
    likely: str | None = None


@lru_cache(maxsize=1)
def _hints() -> tuple[dict[str, Any], dict[str, frozenset[str]]]:
    """Thresholds plus per-language function words (minus words English uses too)."""
    data = load_json(_HINTS_FILE)
    lists = {
        lang: frozenset(w for w in words if w not in STOP_WORDS)
        for lang, words in data["foreign_function_words"].items()
    }
    return data, lists


def _latin_share(text: str) -> tuple[float, int]:
    """Share of letters that are Latin script, and the number of letters seen."""
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
                latin += 1
    return (latin / letters if letters else 1.0), letters


def _share(words: list[str], vocab: frozenset[str] | set[str]) -> float:
    return sum(1 for w in words if w in vocab) / len(words) if words else 0.0


def judge_english(text: str) -> LanguageVerdict:
    """Decide whether ``text`` is English, explaining why.

    Three tests, in order: most letters must be Latin script; English function words must
    outnumber the function words of each listed foreign language; and among lower-case words
    (names are capitalised, so a list of officials still passes) enough must be English function
    words.

    Args:
        text: The document text (only the first ``sample_chars`` characters are read).

    Returns:
        A :class:`LanguageVerdict`; ``english`` is True when the text is English or too short to
        judge.
    """
    hints, foreign = _hints()
    sample = text[: hints["sample_chars"]]
    latin_share, letters = _latin_share(sample)
    if letters >= hints["min_letters"] and latin_share < hints["min_latin_share"]:
        return LanguageVerdict(
            False, f"only {latin_share:.0%} of letters are Latin script", latin_share=latin_share
        )
    raw = [w.replace("’", "'") for w in _WORD_RE.findall(sample)]
    if len(raw) < hints["min_words"]:
        return LanguageVerdict(True, "too short to judge", words=len(raw), latin_share=latin_share)
    words = [w.lower() for w in raw]
    english = _share(words, STOP_WORDS)
    common: dict[str, Any] = dict(words=len(words), english_share=english, latin_share=latin_share)
    best_lang, best_share = max(
        ((lang, _share(words, vocab)) for lang, vocab in foreign.items()), key=lambda p: p[1]
    )
    if best_share > english * hints["foreign_margin"]:
        return LanguageVerdict(
            False,
            f"{best_share:.0%} of words are {best_lang} function words, "
            f"only {english:.0%} English ones",
            likely=best_lang,
            **common,
        )
    lower = [w for w in raw if w[:1].islower()]
    if len(lower) >= hints["min_lower_words"]:
        lower_share = _share(lower, STOP_WORDS)
        if lower_share < hints["min_english_share"]:
            return LanguageVerdict(
                False,
                f"only {lower_share:.0%} of lower-case words are English function words",
                **common,
            )
    return LanguageVerdict(True, f"{english:.0%} of words are English function words", **common)


def looks_english(text: str) -> bool:
    """True when ``text`` is English or too short to judge (see :func:`judge_english`)."""
    return judge_english(text).english
