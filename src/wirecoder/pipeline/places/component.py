"""The ``wirecoder_places`` component: geocodes place mentions into ``doc._.places``.

Candidates are NER spans labelled GPE, LOC or FAC plus phrase matches of our regions table
("the Middle East", "Donbas"), because the small English model often misses or mislabels
such regions. NORP spans are never candidates: demonyms ("Russian") describe actors, not places.
Each candidate is trimmed ("the", possessive "'s"), resolved with the gazetteer, and grouped
into one :class:`~wirecoder.schema.Place` per distinct location with all its mentions.
Names the gazetteer cannot resolve are skipped, never guessed, and so is a town whose name is
also part of a person's name in the same article ("Machado").

"City, Country" and "City, State" phrases (one NER span, or two spans joined by a comma) are
resolved inside the second part, so "Paris, Texas" is not Paris, France; the second part is
still recorded as its own place when it resolves.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirecoder.pipeline.places import gazetteer
from wirecoder.pipeline.places.gazetteer import Toponym
from wirecoder.schema import Place, TextSpan

DEFAULT_LABELS = ("GPE", "LOC", "FAC")
_SLIP_LABELS = frozenset({"PERSON", "ORG"})
_LEADING_DROP = frozenset({"the"})
_TRAILING_DROP = frozenset({"'s", "’s", "'", "’"})


class PlaceResolver:
    """Find, resolve and group place mentions (see the module docstring for the rules)."""

    def __init__(self, nlp: Language, name: str, labels: Iterable[str] = DEFAULT_LABELS) -> None:
        """Build the region matcher and the gazetteer indexes (once per process).

        Args:
            nlp: the pipeline this component joins (for its vocab and tokenizer).
            name: the component name in the pipeline.
            labels: NER labels whose spans are place candidates.
        """
        self.name = name
        self.labels = frozenset(labels)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("REGION", [nlp.make_doc(n) for n in gazetteer.region_names()])
        gazetteer.warm_up()

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.places`` and ``doc.spans["places"]``.

        Args:
            doc: a parsed document with entities.

        Returns:
            The same document.
        """
        spans = self._candidates(doc)
        person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
        found: list[tuple[Span, Toponym]] = []
        containers: dict[int, Toponym] = {}  # span start -> what it contains ("Georgia" = US state)
        for index, span in enumerate(spans):
            if span.start in containers:
                found.append((span, containers[span.start]))
                continue
            nxt = spans[index + 1] if index + 1 < len(spans) else None
            context = nxt if nxt is not None and _comma_between(span, nxt) else None
            resolved = [
                (s, t) for s, t in self._resolve_span(span, context)
                if not _is_surname(s, t, person_words)
            ]  # fmt: skip
            found.extend(resolved)
            if context is not None and resolved and resolved[0][1].kind == "city":
                outer = gazetteer.container_of(context.text, resolved[0][1])
                if outer is not None:
                    containers[context.start] = outer
        found.extend(_repeat_mentions(doc, found))
        found.sort(key=lambda pair: pair[0].start)
        doc._.places = _group(found)
        doc.spans["places"] = [
            Span(doc, span.start, span.end, label=toponym.name) for span, toponym in found
        ]
        return doc

    def _candidates(self, doc: Doc) -> list[Span]:
        raw = [ent for ent in doc.ents if ent.label_ in self.labels]
        # The small model tags some capitals PERSON or ORG ("Kyiv"); take those that are
        # unmistakably places (is_place refuses person-like names such as "Jackson").
        raw.extend(
            ent for ent in doc.ents
            if ent.label_ in _SLIP_LABELS and gazetteer.is_place(ent.text)
        )  # fmt: skip
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            if not span.text.islower():  # "arctic air" is weather, "the Arctic" a region
                raw.append(span)
        trimmed = [t for t in (_trim(span) for span in raw) if t is not None]
        return sorted(filter_spans(trimmed), key=lambda s: s.start)

    def _resolve_span(self, span: Span, context: Span | None) -> list[tuple[Span, Toponym]]:
        """Resolve one candidate, splitting "City, Country" inside it; returns (span, place)."""
        parts = _split_on_commas(span)
        head, rest = parts[0], parts[1:]
        if context is not None:
            rest = [*rest, context]
        toponym = None
        for part in rest:
            toponym = gazetteer.resolve(head.text, within=part.text)
            if toponym is not None:
                break
        if toponym is None:
            toponym = gazetteer.resolve(head.text)
            if toponym is None and len(parts) > 1:
                whole = gazetteer.resolve(span.text)  # "Washington, D.C." is one name
                return [(span, whole)] if whole is not None else []
        out: list[tuple[Span, Toponym]] = []
        resolved_parts = [
            (p, (toponym and gazetteer.container_of(p.text, toponym)) or gazetteer.resolve(p.text))
            for p in parts[1:]
        ]
        if toponym is not None:
            if len(parts) > 1 and all(t is None for _, t in resolved_parts):
                out.append((span, toponym))  # nothing else to record: the whole span is the city
                return out
            out.append((head, toponym))
        out.extend((p, t) for p, t in resolved_parts if t is not None)
        return out


def _repeat_mentions(doc: Doc, found: list[tuple[Span, Toponym]]) -> list[tuple[Span, Toponym]]:
    """Later (or earlier) occurrences of a resolved name that NER left untagged.

    The small model tags "Kyiv" in one sentence and misses it in the next; one sense per
    article is the better bet, so every other occurrence of the exact same words becomes a
    mention too, unless it lies inside another entity ("Kyiv Independent") or the name was
    resolved to different places in this article ("Georgia" the state and the country).
    """
    senses: dict[tuple[str, ...], set[int]] = {}
    by_surface: dict[tuple[str, ...], Toponym] = {}
    for span, toponym in found:
        surface = tuple(t.text for t in span)
        if surface[0][:1].isupper():
            senses.setdefault(surface, set()).add(id(toponym))
            by_surface[surface] = toponym
    taken: set[int] = {i for span, _ in found for i in range(span.start, span.end)}
    taken.update(i for ent in doc.ents for i in range(ent.start, ent.end))
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for surface, ids in senses.items():
        if len(ids) == 1:
            firsts.setdefault(surface[0], []).append(surface)
    extra: list[tuple[Span, Toponym]] = []
    for token in doc:
        for surface in firsts.get(token.text, ()):
            end = token.i + len(surface)
            if end > len(doc) or any(i in taken for i in range(token.i, end)):
                continue
            if tuple(t.text for t in doc[token.i : end]) == surface:
                extra.append((doc[token.i : end], by_surface[surface]))
                taken.update(range(token.i, end))
    return extra


def _is_surname(span: Span, toponym: Toponym, person_words: set[str]) -> bool:
    """A town named like a person in the same article is that person ("Machado" after
    "Maria Corina Machado"); countries, regions and capitals are never taken for people."""
    if toponym.kind != "city" or toponym.capital_of or _locative_slot(span):
        return False
    return all(t.lower_ in person_words for t in span if not t.is_punct)


#: Prepositions that put a name where something happens, and nouns that name a place's kind.
_LOCATIVE_PREPS = frozenset({"in", "near", "into", "outside", "inside", "around"})
_PLACE_NOUNS = frozenset({"town", "city", "village", "province", "region", "district", "port",
                          "capital", "enclave", "county", "state", "island"})  # fmt: skip


def _locative_slot(span: Span) -> bool:
    """ "a curfew in Cizre", "the town of Sivas": the syntax says place, whatever NER said."""
    root = span.root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ in _LOCATIVE_PREPS:
        return True
    return prep.lower_ == "of" and prep.head.lemma_.lower() in _PLACE_NOUNS


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and trailing possessive or punctuation tokens."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_DROP or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in _TRAILING_DROP or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label)


def _split_on_commas(span: Span) -> list[Span]:
    parts: list[Span] = []
    start = span.start
    for token in span:
        if token.text == ",":
            if token.i > start:
                parts.append(span.doc[start : token.i])
            start = token.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts or [span]


def _comma_between(first: Span, second: Span) -> bool:
    """True for "Antalya, Turkey" written as two spans with only a comma between them."""
    return second.start == first.end + 1 and first.doc[first.end].text == ","


def _key(toponym: Toponym) -> tuple[object, ...]:
    if toponym.geonameid is not None:
        return (toponym.geonameid,)
    return (toponym.name, toponym.country)


def _group(found: list[tuple[Span, Toponym]]) -> list[Place]:
    """One Place per distinct location, in order of first mention, with all its mentions."""
    places: dict[tuple[object, ...], Place] = {}
    for span, toponym in found:
        key = _key(toponym)
        place = places.get(key)
        if place is None:
            location = toponym.to_location()
            place = places[key] = Place(**location.model_dump())
        place.mentions.append(TextSpan(start=span.start_char, end=span.end_char, text=span.text))
    return list(places.values())
