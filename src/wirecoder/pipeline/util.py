"""Helpers every stage shares.

spaCy computes ``Doc.text`` by joining every token on each access, so a stage that reads it in a
loop turns linear work quadratic. :func:`doc_text` reads it once per document and caches it.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "wirecoder_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = doc.text
        doc.user_data[_KEY] = cached
    return cached
