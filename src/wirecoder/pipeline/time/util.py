"""Shared helpers for the time stage: the word lists and clause tense.

Word lists live in ``data/time_expressions.v1.json`` so that adding a spelling ("Thurs") is a
data change, not a code change. Tense is read from the dependency parse because a wire reporter's
bare weekday means the *last* such day in a past-tense clause ("rebels attacked on Monday") but
the *next* one in a future-tense clause ("ministers will meet on Friday").
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Span, Token

LEXICON_FILE = "time_expressions.v1.json"

# How far up the tree we look for the verb that governs an expression, and how many untensed
# verbs (infinitives, conjuncts) we pass through to reach a tensed one. Parses are shallow; the
# caps only guard against pathological trees.
_MAX_CLIMB = 12
_MAX_INHERIT = 8


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The time word lists, loaded once per process.

    Returns:
        The parsed ``time_expressions.v1.json`` (keys: weekdays, months, number_words, ...).
    """
    raw = resources.files("wirecoder.data").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse, or None for verbless fragments.

    Args:
        token: any token, typically the root of a date expression.

    Returns:
        The verb (or auxiliary used as main verb) whose clause contains the token.
    """
    current = token
    for _ in range(_MAX_CLIMB):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _has_future_marker(verb: Token, markers: frozenset[str]) -> str | None:
    """A future adverb hanging on the verb ("next week", "tomorrow"), but not "the next day"."""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "conj", "cc", "punct"):
            continue
        for tok in (child, *child.children):
            if tok.lower_ not in markers:
                continue
            if tok.lower_ == "next" and any(d.lower_ == "the" for d in tok.head.children):
                continue  # "the next day": narrative sequence, not the future
            return tok.text
    return None


def _verb_tense(verb: Token) -> tuple[bool | None, str]:
    """Decide one verb's tense: True future, False past/present, None untensed (look higher).

    Args:
        verb: a verb token.

    Returns:
        (verdict, explanation) where the explanation quotes the words that decided it.
    """
    lex = lexicon()
    modals = frozenset(lex["future_modals"])
    governors = frozenset(lex["future_governors"])
    scheduling = frozenset(lex["scheduling_verbs"])
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modal = next((a for a in auxes if a.lower_ in modals and a.tag_ == "MD"), None)
    if modal is not None:
        if any(a.lemma_ == "have" for a in auxes):
            return False, f"'{modal.text} have {verb.text}' is a past modal"
        return True, f"'{verb.text}' has '{modal.text}'"
    marker = _has_future_marker(verb, frozenset(lex["future_markers"]))
    if marker is not None:
        return True, f"'{verb.text}' is dated by '{marker}'"
    if verb.lemma_ in scheduling and verb.tag_ in ("VBN", "JJ"):
        return True, f"'{verb.text}' schedules something"
    for child in verb.children:
        if child.dep_ == "acomp" and child.lemma_ in scheduling:
            return True, f"'{verb.text} {child.text}' schedules something"
    to_aux = any(a.lower_ == "to" for a in auxes)
    if to_aux:
        head = verb.head
        if head.lemma_ in governors and (head.lemma_ != "go" or head.tag_ == "VBG"):
            return True, f"'{head.text} to {verb.text}' looks ahead"
        return None, ""
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return False, f"'{verb.text}' is past tense"
    if verb.tag_ in ("VBZ", "VBP") or auxes:
        return False, f"'{verb.text}' is present tense"
    if verb.tag_ == "VBN":
        return False, f"'{verb.text}' is a past participle"
    return None, ""


def clause_tense(token: Token) -> tuple[bool, str]:
    """Whether the clause holding ``token`` speaks of the future, with the words that decided it.

    Untensed verbs (infinitives, bare conjuncts such as "sign" in "will meet and sign") take the
    tense of the verb they hang on, so "will try to meet on Friday" is future.

    Args:
        token: a token of the expression (usually ``span.root``).

    Returns:
        (is_future, explanation). Without a dependency parse: (False, "no parse ...").
    """
    if not token.doc.has_annotation("DEP"):
        return False, "no parse; read as past"
    verb = governing_verb(token)
    for _ in range(_MAX_INHERIT):
        if verb is None:
            break
        verdict, why = _verb_tense(verb)
        if verdict is not None:
            return verdict, why
        if verb.head.i == verb.i:
            break
        verb = governing_verb(verb.head)
    return False, "no tensed verb; read as past"


def clause_is_future(token: Token) -> bool:
    """True when the clause containing ``token`` is future-tense ("will", "is going to", "next").

    Args:
        token: a token of the expression.

    Returns:
        True for future-tense clauses, False for past/present or when undecidable.
    """
    return clause_tense(token)[0]


def sentence_is_future(sent: Span) -> bool:
    """True when the sentence's main verb is future-tense.

    Prefer :func:`clause_is_future` for an expression inside a sentence: reported speech mixes
    tenses ("said on Tuesday that talks would resume on Friday").

    Args:
        sent: a sentence span.

    Returns:
        Whether the root clause speaks of the future.
    """
    return clause_is_future(sent.root)
