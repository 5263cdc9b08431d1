"""Paragraphs and sentence-kind cues for news text, as pure functions over strings.

Wire copy mixes the story with furniture: headings, bylines ("Reporting by ..."), photo captions
and agency credits ("REUTERS/Name", "NO RESALES. NO ARCHIVES."). Events in that furniture must
not be coded as if they were the story, so the sections stage labels every sentence. This module
holds the string-level tests it uses (and that ingest can use without spaCy); the patterns live in
``data/section_patterns.v1.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirecoder.ingest._data import load_json

_PATTERNS_FILE = "section_patterns.v1.json"
_BLANK_LINE_RE = re.compile(r"\n[ \t\f\v]*\n")
_BLANK_SPLIT_RE = re.compile(r"\n(?:[ \t\f\v]*\n)+")
_LINE_SPLIT_RE = re.compile(r"\n+")
# Rough sentence split, used only to find credit lines glued to a caption in one paragraph.
_PIECE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=\S)")
_EDGE_PUNCT = "\"“”‘’'«»()[]{}.,;:!?-–—"


@dataclass(frozen=True)
class _Rules:
    credit_markers: tuple[re.Pattern[str], ...]
    credit_whole: tuple[re.Pattern[str], ...]
    credit_max_words: int
    credit_max_plain_lower: int
    credit_allowed_lower: frozenset[str]
    caption: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    byline_max_words: int
    heading_max_words: int
    heading_min_capitalised: float
    heading_small_words: frozenset[str]
    quote_chars: str


def _compile(entries: list[dict[str, str]]) -> tuple[re.Pattern[str], ...]:
    """Compile ``{"pattern", "flags"}`` entries from the data file."""
    out = []
    for entry in entries:
        flags = re.IGNORECASE if "i" in entry.get("flags", "") else 0
        out.append(re.compile(entry["pattern"], flags))
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled section patterns, loaded once per process."""
    data: dict[str, Any] = load_json(_PATTERNS_FILE)
    credit, heading = data["credit"], data["heading"]
    return _Rules(
        credit_markers=_compile(credit["markers"]),
        credit_whole=_compile(credit["whole"]),
        credit_max_words=credit["max_words"],
        credit_max_plain_lower=credit["max_plain_lower_words"],
        credit_allowed_lower=frozenset(credit["allowed_lower_words"]),
        caption=_compile(data["caption"]["patterns"]),
        byline=_compile(data["byline"]["patterns"]),
        byline_max_words=data["byline"]["max_words"],
        heading_max_words=heading["max_words"],
        heading_min_capitalised=heading["min_capitalised_share"],
        heading_small_words=frozenset(heading["small_words"]),
        quote_chars=heading["quote_chars"],
    )


def splits_on_blank_lines(text: str) -> bool:
    """Whether paragraphs in ``text`` are separated by blank lines.

    Text with at least one blank line is taken to use blank lines between paragraphs, so single
    newlines inside it are line wrapping. Text without any blank line has one paragraph per line.
    """
    return _BLANK_LINE_RE.search(text) is not None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of ``text``, without surrounding whitespace.

    Args:
        text: Document text (newlines already normalised to ``\\n``).

    Returns:
        ``(start, end)`` pairs in order; ``text[start:end]`` is the paragraph, never empty.
    """
    splitter = _BLANK_SPLIT_RE if splits_on_blank_lines(text) else _LINE_SPLIT_RE
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*splitter.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + (len(chunk) - len(chunk.lstrip()))
            spans.append((start, start + len(stripped)))
        if match:
            pos = match.end()
    return spans


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (see :func:`paragraph_spans`)."""
    return [text[s:e] for s, e in paragraph_spans(text)]


def rough_sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Split on sentence-final punctuation followed by space; good enough for credit lines.

    Returns:
        ``(start, end)`` offsets into ``paragraph`` of each non-empty piece, whitespace trimmed.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*_PIECE_SPLIT_RE.finditer(paragraph), None]:
        end = match.start() if match else len(paragraph)
        # the split point sits after closing quotes/brackets: keep them with the piece
        if match:
            end = match.start() + len(match.group(0).rstrip())
        chunk = paragraph[pos:end]
        if chunk.strip():
            start = pos + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(chunk.strip())))
        if match:
            pos = match.end()
    return spans


def rough_sentences(paragraph: str) -> list[str]:
    """The pieces of :func:`rough_sentence_spans` as strings."""
    return [paragraph[s:e] for s, e in rough_sentence_spans(paragraph)]


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCT)


def _credit_shaped(sentence: str, r: _Rules) -> bool:
    """Short, and almost no ordinary lower-case words: a credit line, not prose about a photo."""
    words = sentence.split()
    if len(words) > r.credit_max_words:
        return False
    plain_lower = 0
    for word in words:
        for part in re.split(r"[/|]", word):
            bare = _bare(part)
            if bare[:1].islower() and bare.lower() not in r.credit_allowed_lower:
                plain_lower += 1
    return plain_lower <= r.credit_max_plain_lower


def is_credit(sentence: str) -> bool:
    """Whether ``sentence`` is agency or photo credit boilerplate.

    Examples: "REUTERS/Jane Doe", "Photo: Jane Doe/AFP", "(AP Photo/Jane Doe)", "Getty Images",
    "NO RESALES. NO ARCHIVES.", "Ministry of Defence/Handout via REUTERS".

    Args:
        sentence: One sentence (or line) of text.

    Returns:
        True for credit lines; prose that merely mentions an agency stays False.
    """
    text = sentence.strip()
    if not text:
        return False
    r = rules()
    if any(p.search(text) for p in r.credit_whole):
        return True
    return any(p.search(text) for p in r.credit_markers) and _credit_shaped(text, r)


def is_byline(sentence: str) -> bool:
    """Whether ``sentence`` is a byline or a reporting/editing credit.

    Examples: "By Jane Doe", "By Jane Doe and John Roe, Reuters",
    "Reporting by Jane Doe; Editing by John Roe", "Writing by Jane Doe".
    """
    text = sentence.strip()
    r = rules()
    if not text or len(text.split()) > r.byline_max_words:
        return False
    return any(p.search(text) for p in r.byline)


def has_caption_cue(sentence: str) -> bool:
    """Whether ``sentence`` describes a photo: "in this handout photo", "is pictured", ..."""
    text = sentence.strip()
    return bool(text) and any(p.search(text) for p in rules().caption)


def credit_spans(paragraph: str) -> list[tuple[int, int]]:
    """Offsets of the rough sentences of ``paragraph`` that are credit lines.

    The parser may cut "REUTERS/Jane Doe" after the slash; a sentence lying inside one of these
    ranges is part of a credit line even when its own text ("Doe") does not look like one.
    """
    return [(s, e) for s, e in rough_sentence_spans(paragraph) if is_credit(paragraph[s:e])]


def has_credit(paragraph: str) -> bool:
    """Whether any rough sentence of ``paragraph`` is a credit line (so the rest is a caption)."""
    return bool(credit_spans(paragraph))


def is_heading(paragraph: str) -> bool:
    """Whether a whole paragraph looks like a heading or headline.

    A heading is short, has no sentence-final period (a question or exclamation mark is fine),
    is not a quotation, and is in title case or capitals.

    Args:
        paragraph: The paragraph text.

    Returns:
        True for e.g. "A Missed Chance for Peace?" or "TALKS COLLAPSE IN GENEVA".
    """
    text = paragraph.strip()
    r = rules()
    if not text or "\n" in text or text[0] in r.quote_chars:
        return False
    if text.rstrip(r.quote_chars + ")").endswith("."):
        return False
    words = [w for w in (_bare(w) for w in text.split()) if w]
    if not words or len(words) > r.heading_max_words:
        return False
    if not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return False
    content = [w for w in words if w.lower() not in r.heading_small_words]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capitalised / len(content) >= r.heading_min_capitalised
