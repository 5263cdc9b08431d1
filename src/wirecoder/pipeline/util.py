"""Helpers every stage shares.

spaCy computes ``Doc.text`` by joining every token on each access, so a stage that reads it in a
loop turns linear work quadratic. :func:`doc_text` reads it once per document and caches it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "wirecoder_text"
_SENTS = "wirecoder_sents"
_TOKENS = "wirecoder_tokens"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = doc.text
        doc.user_data[_KEY] = cached
    return cached


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, computed once per document (every stage after the parser asks)."""
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_SENTS] = cached
    return cached


def tokens(doc: Doc) -> list[Token]:
    """``list(doc)``, made once per document: every whole-document pass of the actor and event
    stages walks the same Token objects instead of creating them again."""
    cached = doc.user_data.get(_TOKENS)
    if cached is None:
        cached = list(doc)
        doc.user_data[_TOKENS] = cached
    return cached


def release(doc: Doc) -> None:
    """Drop the per-document caches (they hold spans of the doc: a reference cycle)."""
    for key in (_KEY, _SENTS, _TOKENS, "wirecoder_contexts", "wirecoder_word_ids",
                "wirecoder_sentence_locations"):
        doc.user_data.pop(key, None)
