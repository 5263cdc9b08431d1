"""The ``wirecoder_time`` component: find date expressions in a Doc and date them.

Candidates come from two places: the NER's DATE/TIME entities, and a token Matcher for what the
small model misses or cuts short ("late on Wednesday", "over the weekend", "in March"). Each
candidate is read with :func:`rules.interpret` in the tense of its own clause; durations, ages and
"two days later" are dropped because they are not points in time; overlaps among the rest are
then resolved longest-first (so a sprawling NER span that reads as no date yields to the
matcher's shorter hit).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirecoder.pipeline.time.rules import DATE_KINDS, Reading, interpret, parse_published
from wirecoder.pipeline.time.util import clause_tense, lexicon
from wirecoder.schema import DateMention

SPAN_KEY = "dates"
NER_LABELS = frozenset({"DATE", "TIME"})
# Entities whose words are a name, not a time ("USA Today", "the Sunday Times").
NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "FAC"})

# Leading words the matcher needs as context but that are not part of the expression:
# "on Monday" is reported as "Monday", "in February 2022" as "February 2022".
_CONTEXT_PREPOSITIONS = frozenset(
    {"on", "in", "at", "by", "since", "until", "till", "from", "during", "before", "after", "of"}
)
# ...except before "the weekend", where "over the weekend" is the natural phrase.
_WEEKEND_PREPOSITIONS = frozenset({"over", "at", "during", "on"})
# Tokens either side of an anchor word that the matcher sees; the longest pattern is 6 tokens.
_WINDOW = 6


def _patterns() -> list[list[dict[str, object]]]:
    """Token patterns for the expressions the small NER misses or truncates."""
    lex = lexicon()
    weekdays = [w for w in lex["weekdays"] if len(w) > 4]  # full names only: "sat" is a verb
    months = list(lex["months"]) + [f"{m}." for m in lex["months"] if len(m) <= 4 and m != "may"]
    parts = lex["parts_of_day"]
    units = [u + s for u in lex["units"] for s in ("", "s")]
    weekday = {"LOWER": {"IN": weekdays}, "IS_TITLE": True}
    month = {"LOWER": {"IN": months}, "IS_TITLE": True}
    day = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
    year = {"SHAPE": "dddd"}
    comma = {"ORTH": ",", "OP": "?"}
    part = {"LOWER": {"IN": parts}, "OP": "?"}
    modifier = {"LOWER": {"IN": ["late", "early", "overnight"]}}
    prep = {"LOWER": {"IN": sorted(_CONTEXT_PREPOSITIONS)}}
    this_last_next = {"LOWER": {"IN": ["last", "this", "next", "coming"]}}
    return [
        # weekdays: "Monday", "late on Wednesday", "early Thursday", "last Friday night"
        [weekday, part],
        [modifier, {"LOWER": "on", "OP": "?"}, weekday, part],
        [this_last_next, weekday, part],
        # weekends
        [{"LOWER": {"IN": sorted(_WEEKEND_PREPOSITIONS)}}, {"LOWER": "the"}, {"LOWER": "weekend"}],
        [this_last_next, {"LOWER": "weekend"}],
        # calendar dates: "May 15, 2025", "15 May 2025", "May 15", "15th of May"
        [month, day, comma, year],
        [day, {"LOWER": "of", "OP": "?"}, month, comma, year],
        [month, day],
        [day, {"LOWER": "of", "OP": "?"}, month],
        # months and years: "February 2022", "in March", "mid-May", "late 2024", "in 2022"
        [month, comma, year],
        [prep, month],
        [{"LOWER": {"IN": ["early", "late", "mid"]}}, {"ORTH": "-", "OP": "?"}, month],
        [{"LOWER": {"IN": ["early", "late", "mid"]}}, {"ORTH": "-", "OP": "?"}, year],
        [prep, year],
        # days around publication: "yesterday", "this morning", "last night", "earlier today"
        [{"LOWER": {"IN": ["earlier", "later"]}, "OP": "?"},
         {"LOWER": {"IN": ["yesterday", "today", "tomorrow", "tonight"]}}, part],
        [{"LOWER": {"IN": ["this", "last"]}},
         {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}}],
        # periods: "last week", "earlier this month", "next year"
        [{"LOWER": {"IN": ["earlier", "later", "early", "late"]}, "OP": "?"}, this_last_next,
         {"LOWER": {"IN": ["week", "month", "year"]}}],
        # counted back: "three days ago", "a week ago"
        [{"LIKE_NUM": True}, {"LOWER": {"IN": units}}, {"LOWER": "ago"}],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": units}}, {"LOWER": "ago"}],
    ]  # fmt: skip


def _anchor_words() -> frozenset[str]:
    """Words at least one matcher pattern contains (years are caught by their shape)."""
    lex = lexicon()
    words = set(lex["weekdays"]) | set(lex["months"]) | {f"{m}." for m in lex["months"]}
    words |= {"weekend", "week", "month", "year", "ago", "yesterday", "today", "tomorrow"}
    words |= {"tonight", "morning", "afternoon", "evening", "night"}
    return frozenset(words)


def _trim(span: Span) -> Span | None:
    """Drop context prepositions and edge punctuation so the span is just the expression."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and doc[end - 1].is_punct:
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start < end and doc[start].lower_ in _CONTEXT_PREPOSITIONS:
        rest = doc[start + 1 : end].text.lower()
        if not (doc[start].lower_ in _WEEKEND_PREPOSITIONS and rest == "the weekend"):
            start += 1
    if start >= end:
        return None
    return doc[start:end]


def _is_name_part(span: Span) -> bool:
    """A weekday or month that belongs to a name: "Good Friday", "the Sunday Times"."""
    lex = lexicon()
    doc = span.doc
    first = span[0]
    if first.lower_ in lex["weekdays"] and span.start > 0:
        prev = doc[span.start - 1]
        if prev.is_title and prev.lower_ in lex["named_day_prefixes"]:
            return True
    root = span.root
    head = root.head
    return (
        root.dep_ == "compound"
        and head.pos_ == "PROPN"
        and not span.start <= head.i < span.end
        and head.lower_ not in lex["parts_of_day"]
        and head.lower_ not in lex["months"]
    )


class TimeTagger:
    """Finds and dates expressions; the matcher is built once per pipeline, not per document."""

    def __init__(self, nlp: Language, name: str = "wirecoder_time") -> None:
        """Build the matcher.

        Args:
            nlp: the pipeline whose vocab the matcher uses.
            name: component name.
        """
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("DATE_EXPR", _patterns())
        self.anchors = _anchor_words()

    def _windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Stretches of the doc around words every pattern needs (a weekday, "ago", a year...).

        The Matcher costs time on every token it visits; running it only near anchor words
        keeps the stage cheap on long articles where dates are sparse.
        """
        windows: list[tuple[int, int]] = []
        for tok in doc:
            if tok.lower_ in self.anchors or tok.shape_ == "dddd":
                start, end = max(0, tok.i - _WINDOW), min(len(doc), tok.i + _WINDOW + 1)
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], end)
                else:
                    windows.append((start, end))
        return windows

    def candidates(self, doc: Doc) -> list[Span]:
        """NER DATE/TIME entities plus matcher hits, trimmed; overlapping spans are kept.

        Overlaps are resolved later, after reading, so that a sprawling NER span that reads as
        no date ("Monday, weeks after") gives way to the matcher's "Monday". Matcher hits inside
        a name entity ("USA Today") and weekdays or months that are part of a name ("Good
        Friday Agreement", "Sunday Times") are dropped.

        Args:
            doc: a processed Doc.

        Returns:
            Candidate spans, possibly overlapping, with duplicates removed.
        """
        in_name = {tok.i for ent in doc.ents if ent.label_ in NAME_LABELS for tok in ent}
        spans = [ent for ent in doc.ents if ent.label_ in NER_LABELS]
        for w_start, w_end in self._windows(doc):
            for _, start, end in self.matcher(doc[w_start:w_end]):
                start, end = start + w_start, end + w_start
                if not any(i in in_name for i in range(start, end)):
                    spans.append(doc[start:end])
        unique: dict[tuple[int, int], Span] = {}
        for span in map(_trim, spans):
            if span is not None and not _is_name_part(span):
                unique.setdefault((span.start, span.end), span)
        return list(unique.values())

    def __call__(self, doc: Doc) -> Doc:
        """Write ``doc._.dates`` and ``doc.spans["dates"]``.

        Args:
            doc: a Doc after NER (and ideally the parser, for tense).

        Returns:
            The same Doc.
        """
        published = parse_published(doc._.published)
        readings: dict[tuple[int, int], tuple[Reading, str]] = {}
        kept: list[Span] = []
        for span in self.candidates(doc):
            is_future, why_tense = clause_tense(span.root)
            reading = interpret(span.text, published, future=is_future)
            if reading.kind in DATE_KINDS:
                readings[(span.start, span.end)] = (reading, why_tense)
                kept.append(span)
        mentions: list[DateMention] = []
        spans: list[Span] = []
        for span in sorted(filter_spans(kept), key=lambda s: s.start):
            reading, why_tense = readings[(span.start, span.end)]
            reason = reading.reason
            if reading.tense_sensitive and reading.value is not None:
                reason = f"{reason} [tense: {why_tense}]"
            mentions.append(
                DateMention(
                    text=span.text,
                    value=reading.value,
                    start=span.start_char,
                    end=span.end_char,
                    reason=reason,
                )
            )
            spans.append(Span(doc, span.start, span.end, label=reading.value or ""))
        doc._.dates = mentions
        doc.spans[SPAN_KEY] = spans
        return doc
