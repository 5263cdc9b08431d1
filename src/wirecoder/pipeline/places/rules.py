"""Which place an event happened at: helpers over ``doc._.places`` for the event stage.

The event stage gives each event the location its sentence (or paragraph) states. The rule,
kept deliberately simple and predictable, is in :func:`location_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from spacy.tokens import Doc, Span, Token

from wirecoder.pipeline.places.gazetteer import toponym_for
from wirecoder.pipeline.util import doc_text
from wirecoder.schema import Location, Place, TextSpan

MentionRole = Literal["locative", "attributive", "origin", "actor", "target", "other"]

# Prepositions that say where something happens ("fighting in Bakhmut", "talks at Geneva").
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "into", "at", "near", "outside", "inside", "around", "across", "throughout", "within"}
)
# Locative only when they hang off a verb: "air-dropped over Gaza", "fired along the border",
# but "a dispute over Kashmir" is a topic.
VERB_LOCATIVE_PREPOSITIONS = frozenset({"over", "along", "through"})
# Prepositions that say where someone or something comes from, not where the event is.
ORIGIN_PREPOSITIONS = frozenset({"from"})
# Dependency links that keep a place inside the phrase its head belongs to:
# "in Antalya, Turkey" (appos), "in Kyiv and Kharkiv" (conj). Not "compound": in "at the U.S.
# embassy" the country qualifies the embassy, it is not where anything happens.
_PHRASE_LINKS = frozenset({"appos", "conj"})
_SKIPPABLE_BEFORE = frozenset({"DET", "ADJ"})
# A place in these slots acts or qualifies ("Beijing said", "Japan's minister", "U.S. envoy").
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "compound", "amod", "nmod"})
# A place in these slots is acted upon ("blamed Pakistan", "urged Israel", "hit Port Sudan"):
# usually a government standing for its people, so it says little about where the event is.
_TARGET_DEPS = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
_VERBAL = frozenset({"VERB", "AUX"})


class _CharRange(Protocol):
    start: int
    end: int


def _bounds(sent: Span | _CharRange) -> tuple[int, int]:
    """Character bounds of a spaCy sentence Span or a schema Sentence."""
    if isinstance(sent, Span):
        return sent.start_char, sent.end_char
    return sent.start, sent.end


def _places(doc: Doc) -> list[Place]:
    return list(doc._.places or [])


def place_for_span(doc: Doc, start_char: int, end_char: int) -> Place | None:
    """The place one of whose mentions overlaps ``[start_char, end_char)``.

    Args:
        doc: a document the places component has run on.
        start_char: start of the text range.
        end_char: end of the text range.

    Returns:
        The first such Place (mention order), or None.
    """
    overlapping = [
        (mention.start, index, place)
        for index, place in enumerate(_places(doc))
        for mention in place.mentions
        if mention.start < end_char and start_char < mention.end
    ]
    return min(overlapping, key=lambda item: item[:2])[2] if overlapping else None


def places_in_sentence(doc: Doc, sent: Span | _CharRange) -> list[Place]:
    """Places mentioned inside a sentence, in order of their first mention there.

    Args:
        doc: a document the places component has run on.
        sent: a sentence Span (``doc.sents``) or a schema ``Sentence``.

    Returns:
        The Places (the document-level objects, with all their mentions).
    """
    start, end = _bounds(sent)
    return [place for _, place in _mentions_in(doc, start, end, first_only=True)]


def _mentions_in(
    doc: Doc, start: int, end: int, *, first_only: bool = False
) -> list[tuple[TextSpan, Place]]:
    pairs: list[tuple[TextSpan, Place]] = []
    for place in _places(doc):
        inside = [m for m in place.mentions if start <= m.start and m.end <= end]
        if first_only:
            inside = inside[:1]
        pairs.extend((m, place) for m in inside)
    pairs.sort(key=lambda pair: pair[0].start)
    return pairs


def governing_preposition(doc: Doc, mention: TextSpan) -> Token | None:
    """The preposition that introduces a place mention, if any.

    Reads the parse: the mention's root is followed up through apposition, coordination and
    "the city of" to its preposition; a possessive ("Russia's war") has none. When the parse
    gives none, the nearest preceding word (skipping determiners and adjectives: "in eastern
    Ukraine") is used if it is a preposition.

    Args:
        doc: the parsed document.
        mention: a place mention in it.

    Returns:
        The preposition token, or None.
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = _climb(span.root)
    if token.dep_ == "poss":
        return None
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ == "of" and prep.head.dep_ == "pobj":
            prep = prep.head.head  # "in the city of Mariupol"
        if _preposition_kind(prep) is not None:
            return prep
    before = span.start - 1
    while before >= 0 and doc[before].pos_ in _SKIPPABLE_BEFORE:
        before -= 1
    if before >= 0 and doc[before].pos_ == "ADP" and _preposition_kind(doc[before]) is not None:
        return doc[before]
    return None


def mention_role(doc: Doc, mention: TextSpan) -> MentionRole:
    """Whether a place mention says where something happens, where someone comes from, or neither.

    "locative": a locative preposition attached to a verb ("fighting raged in Bakhmut").
    "attributive": a locative preposition attached to a noun ("talks in Istanbul", but also
    "officials in Moscow said"), weaker evidence of where the event is. "origin": "from ...".
    "actor": the place acts or qualifies someone ("Beijing said", "Japan's minister", "the
    U.S. envoy"), which says nothing about where the event is. "target": the place is the
    object of a verb ("India blamed Pakistan", "drones hit Port Sudan"). "other": anything
    else ("a summit planned for Antalya", a dateline "KYIV —").

    Args:
        doc: the parsed document.
        mention: a place mention in it.

    Returns:
        One of "locative", "attributive", "origin", "actor", "target", "other".
    """
    prep = governing_preposition(doc, mention)
    if prep is None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        dep = _climb(span.root).dep_ if span is not None and len(span) else ""
        if dep in _ACTOR_DEPS:
            return "actor"
        return "target" if dep in _TARGET_DEPS else "other"
    kind = _preposition_kind(prep)
    verbal = prep.head.pos_ in _VERBAL or prep.head is prep
    if kind == "locative" and not verbal:
        return "other" if prep.lower_ in VERB_LOCATIVE_PREPOSITIONS else "attributive"
    return kind or "other"


def _climb(token: Token) -> Token:
    """Follow apposition and coordination up to the head of the phrase the place is in."""
    while token.dep_ in _PHRASE_LINKS and token.head is not token:
        token = token.head
    return token


def _preposition_kind(token: Token) -> MentionRole | None:
    word = token.lower_
    if word in LOCATIVE_PREPOSITIONS or word in VERB_LOCATIVE_PREPOSITIONS:
        return "locative"
    if word in ORIGIN_PREPOSITIONS:
        return "origin"
    return None


def _specificity(place: Place) -> int:
    toponym = toponym_for(place)
    return toponym.specificity if toponym is not None else 2


def _within(inner: Place, outer: Place) -> bool:
    """Inner lies inside outer (same country, strictly more specific)."""
    return (
        inner.country is not None
        and inner.country == outer.country
        and _specificity(inner) < _specificity(outer)
    )


def _choose(doc: Doc, start: int, end: int, *, locative_only: bool = False) -> Place | None:
    pairs = _mentions_in(doc, start, end)
    if not pairs:
        return None
    roles = [(mention_role(doc, m), place) for m, place in pairs]
    others = _distinct(place for role, place in roles if role in ("other", "attributive", "target"))
    for strength in ("locative", "attributive"):
        locative = _distinct(place for role, place in roles if role == strength)
        if locative:
            # "struck Kharkiv in eastern Ukraine": a place inside a locative place counts too.
            pool = locative + [
                p for p in others if p not in locative and any(_within(p, loc) for loc in locative)
            ]
            return min(pool, key=lambda p: (_specificity(p), pool.index(p)))
    if locative_only:
        return None
    plain = _distinct(place for role, place in roles if role == "other")
    # Only one place left once containers of another mentioned place ("Turkey" in
    # "Antalya, Turkey") are set aside.
    innermost = [p for p in plain if not any(_within(q, p) for q in plain if q is not p)]
    return innermost[0] if len(innermost) == 1 else None


def _distinct(places: Iterable[Place]) -> list[Place]:
    """The places in order, each once (by identity: doc._.places holds one object per place)."""
    out: list[Place] = []
    for place in places:
        if not any(place is seen for seen in out):
            out.append(place)
    return out


def _attached_to(doc: Doc, start: int, end: int, trigger: Token | Span) -> Place | None:
    """Most specific place whose locative preposition hangs off the trigger verb."""
    verb = trigger.root if isinstance(trigger, Span) else trigger
    pool = _distinct(
        place
        for mention, place in _mentions_in(doc, start, end)
        if (prep := governing_preposition(doc, mention)) is not None
        and _preposition_kind(prep) == "locative"
        and prep.head.i == verb.i
    )
    return min(pool, key=lambda p: (_specificity(p), pool.index(p))) if pool else None


def attached_location(doc: Doc, sent: Span | _CharRange, trigger: Token | Span) -> Location | None:
    """Only the first step of :func:`location_for`: a place in a locative phrase attached to
    the trigger itself, or None (callers can then reuse the sentence's own location)."""
    start, end = _bounds(sent)
    place = _attached_to(doc, start, end, trigger)
    return Location(**place.model_dump(exclude={"mentions"})) if place is not None else None


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the paragraph (text between line breaks) holding ``[start, end)``.

    Args:
        text: the document text.
        start: start of a sentence.
        end: end of that sentence.

    Returns:
        ``(paragraph_start, paragraph_end)``.
    """
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return para_start, len(text) if para_end == -1 else para_end


def location_for(
    doc: Doc, sent: Span | _CharRange, trigger: Token | Span | None = None
) -> Location | None:
    """The location a sentence gives for its events, or None.

    With a ``trigger`` (the event's verb), a place in a locative phrase attached to that very
    verb wins first ("envoys met in Geneva" for the meeting, even if the sentence also says
    "officials in Moscow said"). Then the rule, applied to the sentence, then (if it gives
    nothing) to its paragraph (the text between line breaks):

    1. Places introduced by a locative preposition ("in", "into", "at", "near", "outside", "inside",
       "around", "across", "throughout", "within") attached to a verb win ("fighting raged in
       Bakhmut"); failing those, ones attached to a noun ("talks in Istanbul"). Among them, and
       any place the text puts inside one of them ("struck Kharkiv in eastern Ukraine"), the
       most specific (city over region or state, over country, over multi-country region or
       continent), then the first mentioned.
    2. Otherwise, when exactly one place is mentioned in a plain role ("a summit planned for
       Antalya, Turkey"; a country named together with one of its own cities counts as that
       city), that place. Origins ("from Kyiv"), places that act or qualify ("Beijing said",
       "Japan's minister", "the U.S. envoy") and objects of verbs ("India blamed Pakistan")
       are not locations and are ignored here.
    3. Otherwise None: several unrelated places with no locative preposition are ambiguous.

    The paragraph fallback applies rule 1 only: a place named in a neighbouring sentence is
    carried over only when that sentence says something happened there.

    Args:
        doc: a document the places component has run on (with a dependency parse).
        sent: a sentence Span (``doc.sents``) or a schema ``Sentence`` (character offsets).
        trigger: optional event trigger token (or span; its root is used).

    Returns:
        A new Location (no mentions), or None.
    """
    start, end = _bounds(sent)
    place = _attached_to(doc, start, end, trigger) if trigger is not None else None
    if place is None:
        place = _choose(doc, start, end)
    if place is None:
        para_start, para_end = paragraph_bounds(doc_text(doc), start, end)
        if (para_start, para_end) != (start, end):
            place = _choose(doc, para_start, para_end, locative_only=True)
    if place is None:
        return None
    return Location(**place.model_dump(exclude={"mentions"}))
