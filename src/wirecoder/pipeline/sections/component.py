"""The two spaCy components of the sections stage, as plain callables.

``set_paragraph_starts`` runs before the parser: the parser does not know that a blank line ends
a paragraph, and would otherwise glue a heading onto the first sentence of the story, or a credit
line onto the next paragraph. It only ever sets ``is_sent_start = True`` and leaves every other
boundary to the parser.

``SectionsComponent`` runs after NER and labels every sentence, using the paragraph kinds ingest
recorded in ``doc._.blocks`` first and the string rules second.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

from wirecoder.ingest.segment import credit_spans, paragraph_spans
from wirecoder.pipeline import extensions  # noqa: F401  (registers Doc extensions)
from wirecoder.pipeline.sections.rules import classify_sentence
from wirecoder.pipeline.util import doc_text, sentences
from wirecoder.schema import SentenceKind

_KINDS: frozenset[str] = frozenset({"body", "caption", "credit", "heading", "byline"})


def set_paragraph_starts(doc: Doc) -> Doc:
    """Mark the first token of every paragraph after the first as a sentence start.

    Args:
        doc: A tokenised, not yet parsed document.

    Returns:
        The same document.
    """
    idx = [token.idx for token in doc]
    for start, _ in paragraph_spans(doc_text(doc))[1:]:
        # the token holding the paragraph's first character (normally starting exactly there)
        i = bisect_right(idx, start) - 1
        while 0 <= i < len(doc) - 1 and doc[i].is_space:
            i += 1
        if i > 0:
            doc[i].is_sent_start = True
    return doc


class _BlockIndex:
    """Look up the ingest-known kind of the paragraph covering a character offset.

    Blocks may arrive as tuples or, after a JSON round trip, as lists; unknown kinds are ignored.
    """

    def __init__(self, blocks: Iterable[Sequence[object]] | None) -> None:
        rows = sorted(
            (int(b[0]), int(b[1]), str(b[2])) for b in (blocks or []) if str(b[2]) in _KINDS
        )
        self._starts = [r[0] for r in rows]
        self._rows = rows

    def kind_at(self, offset: int) -> SentenceKind | None:
        """The kind of the block containing ``offset`` (blocks are paragraphs: no overlaps)."""
        pos = bisect_right(self._starts, offset) - 1
        if pos >= 0:
            start, end, kind = self._rows[pos]
            if start <= offset < end:
                return kind  # type: ignore[return-value]
        return None


def _content_range(span: Span) -> tuple[int, int] | None:
    """Character range of a span without leading/trailing whitespace tokens (None if all space)."""
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _sentences(doc: Doc) -> list[Span]:
    """``doc.sents``, or one span per paragraph when nothing set sentence boundaries."""
    if doc.has_annotation("SENT_START"):
        return sentences(doc)
    spans = []
    for start, end in paragraph_spans(doc_text(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


class SectionsComponent:
    """Set ``doc._.sentence_kinds`` to ``{sentence start token index: kind}`` for every sentence."""

    def __call__(self, doc: Doc) -> Doc:
        """Label every sentence of ``doc``.

        Args:
            doc: A parsed document; ``doc._.blocks`` may hold ingest-known paragraph kinds.

        Returns:
            The same document, with ``doc._.sentence_kinds`` set.
        """
        text = doc_text(doc)
        paragraphs = paragraph_spans(text)
        para_starts = [s for s, _ in paragraphs]
        blocks = _BlockIndex(doc._.blocks)
        credits: dict[int, list[tuple[int, int]]] = {}
        kinds: dict[int, SentenceKind] = {}
        for sent in _sentences(doc):
            content = _content_range(sent)
            if content is None:
                kinds[sent.start] = "body"
                continue
            start, end = content
            p = max(bisect_right(para_starts, start) - 1, 0)
            p_start, p_end = paragraphs[p] if paragraphs else (start, end)
            if p not in credits:
                credits[p] = [
                    (p_start + s, p_start + e) for s, e in credit_spans(text[p_start:p_end])
                ]
            kinds[sent.start] = classify_sentence(
                text[start:end],
                text[p_start:p_end],
                block_kind=blocks.kind_at(start),
                paragraph_has_credit=bool(credits[p]),
                in_credit_line=any(s <= start and end <= e for s, e in credits[p]),
            )
        doc._.sentence_kinds = kinds
        return doc
