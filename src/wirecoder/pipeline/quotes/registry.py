"""spaCy component registration for the quote stage."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from wirecoder.pipeline import extensions  # noqa: F401
from wirecoder.pipeline.quotes.rules import build


@Language.component(
    "wirecoder_quotes", requires=["doc._.actors", "token.dep"], assigns=["doc._.quotes"]
)
def quote_finder(doc: Doc) -> Doc:
    """Find direct and indirect quotes and resolve their speakers to actors."""
    doc._.quotes = build(doc, doc._.token_actor or {})
    return doc
