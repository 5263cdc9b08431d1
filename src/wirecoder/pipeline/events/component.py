"""The ``wirecoder_events`` component: candidates per sentence, then document-level decisions
(content suppression, conditional offers, dyad targets, dates, places, background) and the
``Event`` records with a reason for every field."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter

from spacy.language import Language
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from wirecoder import plover
from wirecoder.pipeline.actors import countries
from wirecoder.pipeline.actors.rules import MAIN_COUNTRY_REASON, SECTOR_LABELS, slug
from wirecoder.pipeline.events import syntax
from wirecoder.pipeline.events.classifier import load_classifier
from wirecoder.pipeline.events.extract import SentenceEvents, actor_tables
from wirecoder.pipeline.events.lexicon import cues, longest_first
from wirecoder.pipeline.events.rules import (
    CONFLICTUAL,
    CONTENT_MODES,
    COOPERATIVE,
    INTENT_TYPES,
    Candidate,
    _lemma,
    modality,
    negation,
)
from wirecoder.pipeline.util import doc_text, sentences, tokens
from wirecoder.schema import Actor, Event, Location, TextSpan

CODED_KINDS = ("body", "caption")
DYAD_TYPES = frozenset(
    {
        "CONSULT",
        "AGREE",
        "REQUEST",
        "REJECT",
        "CONCEDE",
        "ACCUSE",
        "THREATEN",
        "ASSAULT",
        "SANCTION",
    }
)
RECIPROCAL_TYPES = frozenset({"CONSULT", "COOPERATE"})
HOME_TYPES = frozenset({"REQUEST", "ACCUSE", "PROTEST", "THREATEN", "REJECT"})
NON_STATE_SECTORS = frozenset(
    {"OPP", "CVL", "NGO", "IGO", "MED", "LAB", "EDU", "REB", "REL", "REF", "BUS"}
)
DEAL_CAMEO = frozenset({"057", "037"})
BACKGROUND_DAYS = 60
#: A sure material event (a deed, not words) whose doer the text does not name is coded with
#: an unknown source.
SOURCELESS_MIN = 0.6
#: ... and a statement (agreeing, accusing, demanding) when the model is surer still.
SOURCELESS_WORDS_MIN = 0.85


class EventCoder:
    """Code PLOVER events from a parsed document whose actors, dates and places are known."""

    def __init__(
        self, nlp: Language, name: str, caption_confidence: float, event_model: str = ""
    ) -> None:
        self.name = name
        self.caption_confidence = caption_confidence
        self.classifier = load_classifier(event_model or None)

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.actors or {}
        token_actor, sectors, kinds = actor_tables(doc)
        sentence_kinds = doc._.sentence_kinds or {}
        dyad = _dyad(doc, actors, token_actor)
        self._home = _home_government(actors)
        self._quoted = [
            (q.start, q.end, q.speaker) for q in (doc._.quotes or []) if q.direct and q.speaker
        ]
        self._places: dict = {}  # (doc, trigger index) → location, for this document only
        published = _parse_date(doc._.published)
        date_index = _DateIndex(doc)
        events: list[Event] = []
        explain = []
        for index, sent in enumerate(sentences(doc)):
            kind = sentence_kinds.get(sent.start, "body")
            text = doc_text(doc)[sent.start_char : sent.end_char]
            record = {"sentence": index, "kind": kind, "text": text, "events": [], "notes": []}
            explain.append(record)
            if kind not in CODED_KINDS:
                record["notes"].append(f"not coded: {kind} sentence")
                continue
            finder = SentenceEvents(sent, token_actor, sectors, kinds, self.classifier)
            candidates = finder.find()
            record["notes"].extend(finder.notes)
            for cand in self._decide(candidates, sent, token_actor, dyad, actors, record["notes"]):
                for event in self._events(cand, doc, sent, index, kind, published, date_index):
                    events.append(event)
                    record["events"].append(event.id)
                    record["notes"].append(
                        f"'{event.trigger.text}' → {event.type}"
                        + (" (negated)" if event.negated else "")
                        + f", {event.modality}: {cand.how}"
                    )
            if not record["events"] and not candidates:
                record["notes"].append("no predicate in the sentence matched the event lexicon")
        events.extend(self._quote_events(doc, explain, events, dyad, published, date_index))
        _date_headline_events(events, explain)
        doc._.events = events
        doc._.explain = explain
        doc._.actors = actors  # with any state added as the place an event happens in
        return doc

    def _where(self, sent: Span, trigger: Token) -> Location | None:
        """The event's location (the places stage's rule), worked out once per trigger."""
        key = (trigger.doc, trigger.i)
        if key not in self._places:
            self._places[key] = _location(trigger.doc, sent, trigger)
        return self._places[key]

    def _place_victims(self, cand: Candidate, sent: Span, actors: dict) -> None:
        """Give the victims of a deed the country where it happened when the text gives them
        none, or only the article's main country by default ("a journalist was killed in
        Beirut", "gunmen opened fire on visitors near Pahalgam"); failing a place, people a
        state's organs arrest or detain are that state's ("Ethiopia detained 11 reporters")."""
        where = self._where(sent, cand.trigger)
        country = where.country if where is not None else None
        # (only a killing's place overrides a defaulted country: a measure's sentence often
        # names a place it is about rather than where it was taken)
        overriding = country if cand.type == "ASSAULT" else None
        unplaced = [t for t in cand.targets if _unplaced_victim(actors.get(t), overriding)]
        if not unplaced:
            return
        why = f"where the deed against them happened ('{where.name}')" if country and where else ""
        if not country and cand.type == "COERCE":
            state = [actors[s] for s in cand.sources if s in actors and actors[s].country
                     and (actors[s].kind == "state" or actors[s].sector in STATE_ORGANS)]  # fmt: skip
            if state:
                country = state[0].country
                why = f"held by the state's own organs ({state[0].name})"
        if not country:
            return
        place = Location(name=where.name if where is not None else country, country=country)
        cand.targets = [_placed(actors, t, place, why) if t in unplaced else t for t in cand.targets]
        cand.reasons["target"] = (
            cand.reasons.get("target", "") + f"; placed in {country}, {why}"
        ).lstrip("; ")

    # ---------------------------------------------------------------- per sentence decisions
    def _decide(
        self, candidates: list[Candidate], sent: Span, token_actor: dict[int, str],
        dyad: tuple[str, str] | None, actors: dict, notes: list[str],
    ) -> list[Candidate]:  # fmt: skip
        by_token = {c.trigger.i: c for c in candidates if c.kind == "verb"}
        kept: list[Candidate] = []
        for cand in candidates:
            verb = cand.trigger
            head = by_token.get(verb.head.i) if verb.head.i != verb.i else None
            if cand.kind == "verb" and head is not None and (
                verb.dep_ in ("xcomp", "ccomp")
                or getattr(syntax.infinitive_complement(head.trigger), "i", None) == verb.i
            ):
                if head.type in INTENT_TYPES or _lemma(head.trigger) in cues()["intent_verbs"]:
                    cand.content_of = head
            if (
                cand.kind == "verb"
                and head is not None
                and head.type == "PROTEST"
                and verb.dep_ == "advcl"
                and cand.type in ("REQUEST", "ACCUSE", "PROTEST")
            ):  # "staged rallies to demand reforms": demands made by demonstrating are the protest
                cand.content_of = head
            cand.confidence -= 0.03 * _embedding(verb)
            background = _background_clause(verb)
            if background:
                cand.confidence -= 0.12
                cand.reasons["confidence"] = f"told as background ({background}), not the news"
            alleged = _alleged(verb)
            if alleged:
                # "an investigation into alleged crimes committed by Croat forces": the text
                # reports a claim, not the deed
                cand.confidence -= 0.15
                cand.reasons["confidence"] = (
                    cand.reasons.get("confidence", "") + f"; only alleged ('{alleged}')"
                ).lstrip("; ")
            demand = next(
                (d for d in candidates if d.demand_clause and d is not cand and d.object
                 and d.object[0] <= verb.i < d.object[1]), None
            )  # fmt: skip
            if demand is not None and cand.content_of is None and not _in_relative_clause(
                verb, demand.object[0]
            ):
                cand.content_of = demand  # "said the US must be ready to mediate"
            cand.negated, why = negation(cand)
            if why:
                cand.reasons["negated"] = why
            cand.modality, cand.attributed_to, why = modality(cand, sent, token_actor)
            cand.reasons["modality"] = why
        for cand in candidates:
            head = cand.content_of
            if (
                head is not None
                and _lemma(head.trigger) in ("warn", "caution", "fear")
                and cand.trigger.dep_ == "ccomp"
                and cand.sources
                and not set(cand.sources) & set(head.sources)
            ):
                # "X warned that Russia could strike": a warning about a third party's act,
                # not X's threat; the act is coded (hypothetical) and the warning is not.
                cand.content_of = None
                head.how = "dropped"
        for cand in candidates:
            if (
                cand.type == "REQUEST"
                and cand.how.startswith("model:")
                and not cand.targets
                and cand.content_of is None
            ):
                # "is pushing for a settlement": a call the lexicon does not know, made to no
                # one in particular, is a stance rather than a request
                cand.how = "dropped"
                notes.append(
                    f"'{cand.trigger.text}' (REQUEST by the model): no addressee, not coded"
                )
                continue
            if _in_attribution(cand.trigger):
                # "according to a press release by the Tigers": the source of the story
                cand.how = "dropped"
                notes.append(f"'{cand.trigger.text}' ({cand.type}): in an attribution, not news")
                continue
            if cand.kind == "verb" and _unrealised_precondition(cand.trigger):
                # "terms must be negotiated before any truce is declared": a milestone of a
                # plan, not something that happened or was announced
                cand.how = "dropped"
                notes.append(
                    f"'{cand.trigger.text}' ({cand.type}): in a 'before/until/unless' clause of "
                    "an action not yet taken, so not an event"
                )
        candidates = [c for c in candidates if c.how != "dropped"]
        for cand in candidates:
            if cand.content_of is not None:
                head = cand.content_of
                mode = CONTENT_MODES.get(head.type, {}).get(cand.type)
                if (
                    head.type in ("AGREE",)
                    and _lemma(head.trigger) in ("vow", "pledge", "promise", "swear", "prepare", "prepared", "ready", "determined")
                    and cand.type in CONFLICTUAL
                ):
                    head.type, head.cameo, head.how = (
                        "THREATEN",
                        "130",
                        head.how + "; a vow to act against someone is a threat",
                    )
                    mode = CONTENT_MODES["THREATEN"].get(cand.type)
                if mode and not head.mode:
                    head.mode = mode
                if head.object is None:
                    head.object = (cand.trigger.left_edge.i, cand.trigger.right_edge.i + 1)
                if not head.targets:
                    head.targets = [t for t in cand.targets if t not in head.sources]
                if cand.negated and head.type in ("AGREE",):
                    head.negated = True
                notes.append(
                    f"'{cand.trigger.text}' ({cand.type}): content of '{head.trigger.text}', coded there"
                )
                continue
            if not cand.sources and cand.kind == "verb":
                speaker = self._first_person_speaker(cand.trigger)
                if speaker is not None:
                    cand.sources = [speaker]
                    cand.reasons["source"] = "'I/we' inside a direct quote: its speaker"
            if (
                not cand.sources
                and cand.type in ("COERCE", "SANCTION")
                and syntax.is_passive(cand.trigger)
            ):
                # "43 people had been arrested, the Interior Ministry said": the authorities
                # reporting their own measure are the ones who took it
                speaker = cand.attributed_to if cand.attributed_to in actors else None
                if speaker is not None and actors[speaker].sector in ("GOV", "COP", "JUD"):
                    cand.sources = [speaker]
                    cand.reasons["source"] = "no agent; the authority that reports the measure"
                elif self._home is not None and cand.mode in ("arrest", "convict", "deport"):
                    # "the opposition leader was arrested": arrests, convictions and deportations
                    # are acts of the state where they happen
                    cand.sources = [self._home]
                    cand.reasons["source"] = (
                        f"no agent; {cand.mode} is an act of the state ({actors[self._home].name},"
                        " the article's main country)"
                    )
                    cand.confidence -= 0.2
            if not cand.sources:
                deed = plover.quad_class(cand.type) in (2, 4)
                if cand.kind not in ("verb", "noun") or cand.confidence < (
                    SOURCELESS_MIN if deed else SOURCELESS_WORDS_MIN
                ):
                    notes.append(f"'{cand.trigger.text}' ({cand.type}): no actor as source")
                    continue
                # "a car bomb killed 12 people", "two journalists were abducted": the deed is
                # news even when the text does not say who did it
                cand.reasons["source"] = "not named in the text (unknown source)"
                cand.confidence -= 0.25
                where = self._where(sent, cand.trigger) if cand.type in UNKNOWN_DOER_TYPES else None
                if where is not None and where.country:
                    # "a roadside bomb near Samarra killed a soldier": coded, as event data
                    # conventionally are, to an unidentified actor of the country it happens in
                    cand.sources = [_unidentified_in(where, actors)]
                    cand.reasons["source"] = (
                        f"not named in the text: an unidentified actor in {where.country}, where"
                        f" it happened ('{where.name}')"
                    )
            unless = _unless_clause(cand.trigger)
            if (
                unless is not None
                and cand.modality in plover.FUTURE_MODALITIES
                and cand.type not in ("THREATEN", "REQUEST", "AGREE")
                and not cand.negated
            ):
                # "will withdraw its troops unless ...", "will boycott the vote unless ...": an
                # act announced on a condition the other side must meet is a threat
                cand.how += (
                    f"; '{cand.trigger.text} ... unless {unless.text}': a conditional act is a"
                    " threat → THREATEN"
                )
                cand.mode = CONTENT_MODES["THREATEN"].get(cand.type) or cand.mode
                cand.type, cand.cameo = "THREATEN", "130"
                cand.modality = "asserted"
                cand.reasons["modality"] = "the threat is made now; only its content is conditional"
            if cand.type == "THREATEN":
                condition = unless or next(
                    (u for c in cand.trigger.children if c.dep_ in ("xcomp", "ccomp")
                     for u in [_unless_clause(c)] if u is not None), None
                )  # fmt: skip
                subj = syntax.subject(condition) if condition is not None else None
                ids = syntax.phrase_actors(subj, token_actor) if subj is not None else []
                ids = [i for i in ids if i not in cand.sources]
                if ids:
                    # "threatened a strike unless Israel rescinded the law": Israel must act
                    cand.targets = ids
                    cand.reasons["target"] = f"who must meet the condition ('unless {subj.text} ...')"
            if cand.modality == "conditional" and cand.type in COOPERATIVE:
                condition = next((c for c in cand.trigger.children if c.dep_ == "advcl"), None)
                cand.how += f"; a conditional {cand.type.lower()} is an offer → AGREE"
                cand.type, cand.cameo = "AGREE", "036" if cand.type == "CONSULT" else "030"
                if condition is not None:
                    subj = syntax.subject(condition)
                    ids = syntax.phrase_actors(subj, token_actor) if subj is not None else []
                    ids = [i for i in ids if i not in cand.sources]
                    if ids:
                        cand.targets = ids
                        cand.reasons["target"] = (
                            f"the party whose action is the condition ('{subj.text}')"
                        )
                cand.confidence = min(cand.confidence, 0.6)
            if cand.type == "MOBILIZE" or cand.type in COOPERATIVE or cand.type == "AGREE":
                # a state's own forces moved or committed are not the target: "Serbia masses
                # troops", "Kenya has not committed extra troops" (but "the ELN freed four
                # soldiers": a rebel group's captives are)
                own = {
                    actors[x].country for x in cand.sources
                    if x in actors and (actors[x].kind == "state" or actors[x].sector in ("GOV", "MIL"))
                }  # fmt: skip
                cand.targets = [
                    t for t in cand.targets
                    if not (t in actors and actors[t].sector == "MIL" and actors[t].country in own | {None})
                ]  # fmt: skip
            if cand.type in ("MOBILIZE", "ASSAULT"):
                # force is used by a state's forces: "Serbia masses troops" → Serbia (military)
                cand.sources = [_forces_of(s, actors) for s in cand.sources]
            if not cand.targets and cand.type in ("MOBILIZE", "ASSAULT", "SANCTION", "COERCE"):
                facing = _facing_state(cand.trigger, token_actor, actors, cand.sources)
                if facing is not None:
                    cand.targets = [facing]
                    cand.reasons["target"] = "the state the forces face or the measure reaches ('near/along/border with/from X')"
            if not cand.targets and cand.type in PLACE_TARGET_TYPES:
                where = self._where(sent, cand.trigger)
                state = _state_of(where.country if where else None, actors, where)
                if state is not None and (
                    state not in cand.sources or cand.type in DOMESTIC_TARGET_TYPES
                ):
                    # "shelled Juba", "lifted the curfew in Cizre": the state where the deed
                    # happens is the one it reaches
                    if state in cand.sources:
                        # the state's own measure: it reaches the people of that place
                        state = _people_of(state, actors, where)
                    cand.targets = [state]
                    cand.reasons["target"] = f"the state where it happens ('{where.name}')"
                    cand.confidence -= 0.05
            if cand.type in UNKNOWN_DOER_TYPES and cand.targets:
                self._place_victims(cand, sent, actors)
            if (
                not cand.targets
                and dyad is not None
                and cand.type in DYAD_TYPES
                and not _names_people(cand.trigger)
            ):
                other = _other_party(cand.sources, dyad, actors)
                if other is not None:
                    cand.targets = [other]
                    cand.reasons["target"] = (
                        f"not in the sentence; the other side of the article's main dyad "
                        f"({actors[dyad[0]].name}–{actors[dyad[1]].name})"
                    )
                    cand.confidence -= 0.15
            home = self._home
            if (
                not cand.targets
                and home is not None
                and cand.type in HOME_TYPES
                and not _names_people(cand.trigger)
                and all(
                    _outside_government(actors.get(s), actors[home].country) for s in cand.sources
                )
            ):
                cand.targets = [home]
                cand.reasons["target"] = (
                    f"not in the sentence; the government of the article's main country "
                    f"({actors[home].name}), whom outsiders' demands and protests address"
                )
                cand.confidence -= 0.15
            kept.append(cand)
        for cand in kept:  # (after content has filled in its head's targets)
            own = {actors[x].name for x in cand.sources if x in actors}
            # a group never acts on itself: "prisoners rioted, joining demonstrators", both
            # the place's civilians
            cand.targets = [t for t in cand.targets if t not in cand.sources
                            and not (t in actors and actors[t].name in own)]  # fmt: skip
        return kept

    def _quote_events(
        self, doc: Doc, explain: list[dict], events: list[Event], dyad: tuple[str, str] | None,
        published: dt.date | None, dates: "_DateIndex",
    ) -> list[Event]:  # fmt: skip
        """A direct quote whose words accuse or threaten ("they are war criminals", "they will
        pay a heavy price") is its speaker's ACCUSE or THREATEN, at low confidence."""
        actors = doc._.actors or {}
        token_actor: dict[int, str] = doc._.token_actor or {}
        text = doc_text(doc)
        c = cues()
        out: list[Event] = []
        sents = sentences(doc)
        for quote in doc._.quotes or []:
            if not quote.direct or not quote.speaker or quote.speaker not in actors:
                continue
            words = text[quote.start : quote.end].lower()
            kind, cue = None, None
            for phrase in longest_first(c["quote_threat_cues"]):
                if phrase in words:
                    kind, cue = "THREATEN", phrase
                    break
            if kind is None:
                for word in longest_first(c["quote_accusation_cues"]):
                    if f" {word} " in f" {words} " or f" {word}," in f" {words}":
                        kind, cue = "ACCUSE", word
                        break
            if kind is None:
                continue
            index = quote.sentence
            if any(e.sentence == index and e.type == kind and quote.speaker in e.source for e in events):
                continue  # the sentence already codes it ("X condemned ... as 'illegal'")
            cue_start = quote.start + words.index(cue)
            span = doc.char_span(cue_start, cue_start + len(cue), alignment_mode="expand")
            if span is None or index >= len(sents):
                continue
            speaker_country = actors[quote.speaker].country
            targets = []
            quoted = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            for i in range(quoted.start, quoted.end) if quoted is not None else ():
                actor = token_actor.get(i)
                if actor and actor != quote.speaker and actor not in targets and (
                    actors[actor].country != speaker_country or actors[actor].kind != "state"
                ):
                    targets.append(actor)
            cand = Candidate(
                trigger=span[0], trigger_end=span.end, type=kind,
                cameo="111" if kind == "ACCUSE" else "130", mode="disapprove" if kind == "ACCUSE" else None,
                how=f"direct quote by its speaker with '{cue}' → {kind} (implicit, low confidence)",
                kind="quote", sources=[quote.speaker], targets=targets[:1], confidence=0.45,
            )  # fmt: skip
            cand.reasons["source"] = "the quote's speaker"
            if cand.targets:
                cand.reasons["target"] = "named in the quote"
            elif dyad is not None:
                other = _other_party(cand.sources, dyad, actors)
                if other is not None:
                    cand.targets = [other]
                    cand.reasons["target"] = "the other side of the article's main dyad"
            cand.modality, cand.attributed_to = "asserted", None
            cand.reasons["modality"] = "said in the speaker's own words"
            sent = sents[index]
            kind_label = (doc._.sentence_kinds or {}).get(sent.start, "body")
            if kind_label not in CODED_KINDS:
                continue
            new = self._events(cand, doc, sent, index, kind_label, published, dates)
            out.extend(new)
            explain[index]["events"].extend(e.id for e in new)
            explain[index]["notes"].append(f"quote → {kind}: {cand.how}")
        return out

    def _first_person_speaker(self, verb: Token) -> str | None:
        """ "I never took up arms," Dawit said → the subject "I" is the quote's speaker."""
        subj = syntax.subject(verb)
        if subj is None or subj.lower_ not in ("i", "we"):
            return None
        for start, end, speaker in self._quoted:
            if start <= subj.idx < end:
                return speaker
        return None

    # ---------------------------------------------------------------- events
    def _events(
        self, cand: Candidate, doc: Doc, sent: Span, index: int, kind: str,
        published: dt.date | None, dates: "_DateIndex",
    ) -> list[Event]:  # fmt: skip
        date, date_text, date_reason, date_full = dates.for_candidate(cand, sent, published)
        background, background_why = _background(cand, date_full, published)
        location = self._where(sent, cand.trigger)
        start, end = (
            cand.trigger.idx,
            doc[cand.trigger_end - 1].idx + len(doc[cand.trigger_end - 1]),
        )
        trigger = TextSpan(start=start, end=end, text=doc_text(doc)[start:end])
        obj = None
        if cand.object is not None:
            o_start, o_end = cand.object
            o_start = max(o_start, sent.start)
            o_end = min(o_end, sent.end)
            if o_end > o_start:
                cs, ce = doc[o_start].idx, doc[o_end - 1].idx + len(doc[o_end - 1])
                obj = TextSpan(start=cs, end=ce, text=doc_text(doc)[cs:ce])
        confidence = cand.confidence
        if kind == "caption":
            confidence *= self.caption_confidence
        contexts = _contexts(cand, sent)
        reasons = dict(cand.reasons)
        reasons["type"] = cand.how
        reasons["date"] = date_reason
        if location is not None:
            reasons["location"] = f"'{location.name}' given by the sentence or its paragraph"
        if background:
            reasons["background"] = background_why
        # One event per source × target pair: "neither Trump nor Putin attended" is two events;
        # "X and Y held talks / signed a deal" is each of them towards the other.
        reciprocal = (
            not cand.targets
            and len(cand.sources) > 1
            and (cand.type in RECIPROCAL_TYPES or cand.cameo in DEAL_CAMEO)
        )
        if reciprocal:
            pairs = [(s, t) for s in cand.sources for t in cand.sources if s != t]
            reasons["target"] = "the other party of a joint action"
        else:
            pairs = [(s, t) for s in (cand.sources or [None]) for t in (cand.targets or [None])]
        out = []
        for source, target in pairs:
            key = f"{doc._.doc_id}|{start}|{cand.type}|{source}|{target}"
            out.append(
                Event(
                    id="ev-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                    type=cand.type,
                    mode=cand.mode,
                    cameo_root=cand.cameo[:2],
                    intensity=plover.intensity(cand.type),
                    source=[source] if source else [],
                    target=[target] if target else [],
                    object=obj,
                    contexts=contexts,
                    negated=cand.negated,
                    modality=cand.modality,  # type: ignore[arg-type]
                    attributed_to=cand.attributed_to,
                    date=date,
                    date_text=date_text,
                    date_reason=date_reason,
                    location=location,
                    sentence=index,
                    trigger=trigger,
                    confidence=round(max(0.05, min(1.0, confidence)), 3),
                    background=background,
                    caption=kind == "caption",
                    reasons=reasons,
                )
            )
        return out


# -------------------------------------------------------------------- document-level helpers
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "conj", "csubj"})


#: Subordinators of clauses that give background to the main news ("as", "after", "because").
BACKGROUND_MARKS = frozenset({"as", "after", "because", "since", "when", "while", "before",
                              "until", "once", "following"})  # fmt: skip
BACKGROUND_PREPS = frozenset({"after", "following", "amid", "over", "despite", "before", "since",
                              "during", "because"})  # fmt: skip


def _background_clause(token: Token) -> str | None:
    """Why the trigger is background to the sentence's news, or None: it sits in a relative
    clause, in an "as/after/because ..." clause or an "after/amid/over ..." phrase."""
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("relcl", "acl") and node.pos_ in ("VERB", "AUX"):
            return f"in a clause describing '{node.head.text}'"
        if node.dep_ == "advcl":
            mark = next((c for c in node.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ in BACKGROUND_MARKS:
                return f"in a '{mark.text} ...' clause"
        if node.dep_ in ("pobj", "pcomp") and node.head.lower_ in BACKGROUND_PREPS:
            return f"in an '{node.head.text} ...' phrase"
        node = node.head
    return None


#: Words that present a deed as a claim: "the alleged massacre", "suspected arson".
ALLEGATION_WORDS = frozenset({"alleged", "purported", "suspected", "claimed", "reported"})


def _alleged(token: Token) -> str | None:
    """The words calling the trigger's deed a claim, or None: on the trigger ("the alleged
    massacre") or on the noun a participle trigger describes ("alleged crimes committed by")."""
    nouns = [token]
    if token.dep_ in ("acl", "relcl"):
        nouns.append(token.head)
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "amod" and child.lower_ in ALLEGATION_WORDS and child.i < noun.i:
                return f"{child.text} {noun.text}"
    return None


def _in_relative_clause(token: Token, start: int) -> bool:
    """Does a relative clause lie between the trigger and the clause starting at ``start``
    ("must return a helicopter that was captured last week": the capture is a fact)?"""
    node = token
    for _ in range(12):
        if node.dep_ in ("relcl", "acl") and node.i != token.i or node.dep_ == "relcl":
            return True
        if node.head.i == node.i or node.i < start:
            return False
        node = node.head
    return False


def _in_attribution(token: Token) -> bool:
    """Is the trigger inside an "according to ..." phrase?"""
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ == "according":
            return True
    return False


def _unrealised_precondition(token: Token) -> bool:
    """Is the trigger in a "before/until ..." clause of a clause that has not happened yet (a
    modal or bare verb: "must be negotiated before any truce is declared", "to wait until
    troops withdraw"), or in an "unless ..." clause (the condition of a threat)?"""
    marks = {m.lower_ for m in token.children if m.dep_ == "mark"}
    if token.dep_ != "advcl" or not marks & {"before", "until", "unless"}:
        return False
    if "unless" in marks:
        return True  # "will boycott the vote unless the president agrees to step down"
    head = token.head
    return head.tag_ == "VB" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in head.children
    )


def _unless_clause(token: Token) -> Token | None:
    """The "unless ..." clause attached to a trigger, if any."""
    for child in token.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "unless" for m in child.children
        ):
            return child
    return None


def _embedding(token: Token) -> int:
    """How many clause boundaries lie between a trigger and its sentence's root: the main
    clause's action is the one the sentence asserts most directly."""
    depth = 0
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            break
        if node.dep_ in CLAUSAL_DEPS:
            depth += 1
        node = node.head
    return depth


PUBLICATION_FALLBACK = "no date expression governs the trigger: publication date"


def _date_headline_events(events: list[Event], explain: list[dict]) -> None:
    """A headline states the news without a date ("Colombia's ELN frees six captives"); the
    lead paragraph dates it. An undated event in the first sentence takes the date of the
    first later event of the same type in the next few sentences that has its own date."""
    if not events or not explain:
        return
    first = next((r["sentence"] for r in explain if r["kind"] == "body"), None)
    if first is None:
        return
    for event in events:
        if event.sentence != first or event.date_reason != PUBLICATION_FALLBACK:
            continue
        for later in events:
            if (
                first < later.sentence <= first + 4
                and later.type == event.type
                and later.date_reason != PUBLICATION_FALLBACK
                and later.date
            ):
                event.date = later.date
                event.date_text = later.date_text
                event.date_reason = (
                    f"headline: dated by the lead's '{later.date_text}' "
                    f"(sentence {later.sentence}, same {later.type} event)"
                )
                break


def _parse_date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _dyad(doc: Doc, actors: dict, token_actor: dict[int, str]) -> tuple[str, str] | None:
    """The article's two main parties (state actors), used to complete a missing target.

    An explicit "talks/war/conflict between X and Y" wins; otherwise the two most-mentioned
    states when together they hold most state mentions and each is named at least twice.
    """
    states = {a.id for a in actors.values() if a.kind == "state"}
    for tok in tokens(doc):
        if tok.lower_ == "between":
            for obj in tok.children:
                ids = [i for i in syntax.phrase_actors(obj, token_actor) if i in states]
                if len(ids) == 2:
                    return ids[0], ids[1]
    counts: Counter[str] = Counter()
    for actor in actors.values():
        if actor.country is None:
            continue
        state = next((s for s in states if actors[s].country == actor.country), None)
        if state is not None:
            counts[state] += len(actor.mentions)
    top = counts.most_common(3)
    if len(top) >= 2 and top[1][1] >= 3 and top[1][1] >= 0.4 * top[0][1]:
        total = sum(counts.values())
        if (top[0][1] + top[1][1]) / total >= 0.6 and (len(top) < 3 or top[1][1] > top[2][1]):
            return top[0][0], top[1][0]
    return None


PEOPLE_NOUNS = frozenset(
    {"party", "group", "people", "member", "supporter", "opposition", "leader", "activist",
     "protester", "critic", "dissident", "rival", "militia", "rebel", "ally", "official"}
)  # fmt: skip


def _names_people(verb: Token) -> bool:
    """Whether the predicate's object names people we could not resolve: then the target is
    that unknown party, and no article-level guess should replace it."""
    for child in verb.children:
        heads = [child] if child.dep_ in ("dobj", "nsubjpass") else []
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "with", "to"):
            heads = [o for o in child.children if o.dep_ == "pobj"]
        for head in heads:
            if head.ent_type_ in ("PERSON", "ORG", "NORP") or head.lemma_.lower() in PEOPLE_NOUNS:
                return True
    return False


FACING_PREPS = frozenset({"near", "along", "toward", "towards", "at", "on", "from", "with", "against"})


def _facing_state(verb: Token, token_actor: dict[int, str], actors: dict, sources: list[str]) -> str | None:
    """A state named as where forces are massed or whom a measure reaches: "troops near Kosovo",
    "to the border with Venezuela", "diplomats from Argentina"."""
    own = {actors[s].country for s in sources if s in actors}
    for tok in verb.subtree:
        if tok.dep_ != "pobj" or tok.head.lower_ not in FACING_PREPS or tok.i - verb.i > 12:
            continue
        actor = token_actor.get(tok.i)
        if actor in actors and actors[actor].kind == "state" and actors[actor].country not in own:
            return actor
    return None


def _forces_of(actor_id: str, actors: dict) -> str:
    """The military group of a state actor's country, when the article names one."""
    actor = actors.get(actor_id)
    if actor is None or actor.kind != "state":
        return actor_id
    return next(
        (a.id for a in actors.values()
         if a.kind == "group" and a.sector == "MIL" and a.country == actor.country and a.mentions),
        actor_id,
    )  # fmt: skip


def _home_government(actors: dict) -> str | None:
    """The state actor of the country that most of the article's actors belong to (≥ 50 %)."""
    counts: Counter[str] = Counter()
    for actor in actors.values():
        if actor.country:
            counts[actor.country] += len(actor.mentions)
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    if n / sum(counts.values()) < 0.5:
        return None
    return next((a.id for a in actors.values() if a.kind == "state" and a.country == country), None)


def _outside_government(actor, home_country: str | None) -> bool:  # type: ignore[no-untyped-def]
    """A source that addresses the home government: foreigners and non-state actors."""
    if actor is None:
        return False
    return actor.country != home_country or actor.sector in NON_STATE_SECTORS


def _other_party(sources: list[str], dyad: tuple[str, str], actors: dict) -> str | None:
    """Only a state-level source (government or forces) stands in for one side of the dyad."""
    countries = {
        actors[s].country for s in sources if s in actors and actors[s].sector in ("GOV", "MIL")
    }
    a, b = dyad
    if actors[a].country in countries and actors[b].country not in countries:
        return b
    if actors[b].country in countries and actors[a].country not in countries:
        return a
    return None


class _DateIndex:
    """Each date mention with the tokens on its path to the verb it modifies."""

    def __init__(self, doc: Doc) -> None:
        self.entries: list[tuple[object, list[int], int | None]] = []
        datelines = _dateline_ranges(doc)
        for mention in doc._.dates or []:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            if any(a <= mention.start < b for a, b in datelines):
                continue  # "SANTIAGO, June 4 —" dates the filing, not the events
            if not _temporal_attachment(span.root):
                continue  # "the 1960 treaty": a date inside a name or description
            path: list[int] = []
            node = span.root
            verb = None
            for _ in range(12):
                path.append(node.i)
                if node.head.i == node.i:
                    break
                node = node.head
                if syntax.is_verbal(node) and node.pos_ != "AUX":
                    verb = node.i
                    path.append(node.i)
                    break
            self.entries.append((mention, path, verb))

    def for_candidate(
        self, cand: Candidate, sent: Span, published: dt.date | None
    ) -> tuple[str | None, str | None, str, str | None]:
        """(date, words, reason, full value incl. year-only) for one candidate."""
        trigger = cand.trigger
        in_sentence = [e for e in self.entries if sent.start_char <= e[0].start < sent.end_char]  # type: ignore[attr-defined]
        future = cand.modality in ("planned", "hypothetical", "conditional", "demanded")
        for mention, path, _ in in_sentence:
            if trigger.i in path:
                return _as_event_date(mention, f"'{mention.text}' modifies the trigger")
        node = trigger
        speech = cues()["speech_verbs"]
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            for mention, path, verb in in_sentence:
                if verb == node.i:
                    if future and _lemma(node) in speech:
                        break  # when it was said, not when it will happen
                    return _as_event_date(
                        mention,
                        f"'{mention.text}' governs the clause ('{node.text}') the trigger depends on",
                    )
        if not future and trigger.tag_ in ("VBD", "VBN") and len(in_sentence) == 1:
            mention = in_sentence[0][0]
            return _as_event_date(
                mention, f"'{mention.text}' is the only date in the sentence (approximate)"
            )
        if published is not None:
            return (published.isoformat(), None, PUBLICATION_FALLBACK, published.isoformat())
        return None, None, "no date expression and no publication date", None


def _dateline_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of datelines ("KYIV, May 7 —") opening a paragraph."""
    ranges = []
    for sent in sentences(doc):
        first = sent[0]
        if first.i > 0 and "\n" not in doc[first.i - 1].text_with_ws:
            continue
        if not (first.is_upper and first.is_alpha and len(first) > 1):
            continue
        for tok in sent[:16]:
            if tok.text in ("—", "–", "-", "--") and tok.i > sent.start and doc[tok.i - 1].whitespace_:
                ranges.append((sent.start_char, tok.idx + len(tok)))
                break
    return ranges


TEMPORAL_PREPS = frozenset(
    {"in", "on", "at", "during", "since", "over", "from", "before", "after",
     "throughout", "through", "within", "between", "around", "early", "late"}
)  # fmt: skip


def _temporal_attachment(root: Token) -> bool:
    """Whether a date expression's head attaches as a time adjunct (npadvmod, "on Monday")."""
    if root.dep_ in ("npadvmod", "advmod", "tmod", "obl", "ROOT", "appos", "conj"):
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ in TEMPORAL_PREPS
    if root.dep_ == "prep":  # the mention includes its preposition: "over the weekend"
        return root.lower_ in TEMPORAL_PREPS
    return False


def _as_event_date(mention: object, why: str) -> tuple[str | None, str | None, str, str | None]:
    value = mention.value  # type: ignore[attr-defined]
    text = mention.text  # type: ignore[attr-defined]
    reason = f"{why}; {mention.reason}" if mention.reason else why  # type: ignore[attr-defined]
    if value and len(value) == 4:
        return None, text, reason + " (year only: below the contract's month precision)", value
    return value, text, reason, value


def _background(cand: Candidate, full: str | None, published: dt.date | None) -> tuple[bool, str]:
    """Historical context: the event's date lies well before publication, or "since ..."."""
    if full and published is not None:
        parts = [int(p) for p in full.split("-")]
        year, month, day = (parts + [12, 28])[:3] if len(parts) == 1 else (parts + [28])[:3]
        try:
            when = dt.date(year, month, min(day, 28))
        except ValueError:
            when = None
        if when is not None and (published - when).days > BACKGROUND_DAYS:
            return True, f"dated {full}, more than {BACKGROUND_DAYS} days before publication"
    for child in cand.trigger.children:
        if child.dep_ == "prep" and child.lower_ == "since" and published is not None:
            years = [
                int(t.text)
                for t in child.subtree
                if t.like_num and len(t.text) == 4 and t.text.isdigit()
            ]
            if any(1900 < y < published.year for y in years):
                return (
                    True,
                    f"'since {max(years)}': an ongoing state that began long before the news",
                )
    node = cand.trigger
    for _ in range(4):
        if node.lower_ == "since" and node.dep_ == "prep":
            return True, "inside a 'since ...' phrase: the history behind the news"
        if node.head.i == node.i:
            break
        node = node.head
    return False, ""


def _sentence_contexts(sent: Span) -> tuple[str, ...]:
    """PLOVER contexts a sentence's words point to, computed once per sentence."""
    cache = sent.doc.user_data.setdefault("wirecoder_contexts", {})
    if sent.start in cache:
        return cache[sent.start]
    order, by_word, phrases = _context_index()
    doc = sent.doc
    words = doc.user_data.get("wirecoder_word_ids")
    if words is None:  # lemma and lower-case form of every token, as string ids, once a doc
        words = doc.user_data["wirecoder_word_ids"] = doc.to_array([LEMMA, LOWER])
    strings = doc.vocab.strings
    ids = set(words[sent.start : sent.end].ravel().tolist())
    hit = {c for i in ids for c in by_word.get(strings[i].lower(), ())}
    if phrases:
        text = doc_text(doc)[sent.start_char : sent.end_char].lower()
        hit.update(c for phrase, c in phrases if c not in hit and phrase in text)
    found = tuple(c for c in order if c in hit)
    cache[sent.start] = found
    return found


@functools.lru_cache(maxsize=1)
def _context_index() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple]:
    """The context cue table as (context order, word -> contexts, (phrase, context) pairs):
    a sentence is looked up word by word instead of scanning every cue list."""
    table: dict[str, list[str]] = cues()["contexts"]
    by_word: dict[str, list[str]] = {}
    phrases = []
    for context, words in table.items():
        for word in words:
            if " " in word:
                phrases.append((word, context))
            else:
                by_word.setdefault(word, []).append(context)
    return tuple(table), {w: tuple(c) for w, c in by_word.items()}, tuple(phrases)


#: Deeds whose target, when the text names none, is the state where they happen.
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT", "CONCEDE",
                                "THREATEN", "PROTEST"})  # fmt: skip


#: Deeds a state does to its own territory and people ("Turkey imposed a curfew in Cizre": the
#: target is Turkey's), so the place's state may also be the source.
DOMESTIC_TARGET_TYPES = frozenset({"COERCE", "CONCEDE", "THREATEN", "ASSAULT"})


def _add_actor(actors: dict, **fields) -> str:
    """Add an actor the text implies but the actors stage could not know (it depends on where
    an event happens) under a fresh id, and return the id."""
    base = slug(fields["name"])
    ident, n = base, 2
    while ident in actors:
        ident, n = f"{base}-{n}", n + 1
    actors[ident] = Actor(id=ident, **fields)
    return ident


#: Deeds whose unnamed doer is coded as an unidentified actor of the place's country.
UNKNOWN_DOER_TYPES = frozenset({"ASSAULT", "COERCE"})


def _unidentified_in(where: Location, actors: dict) -> str:
    """The id of an "unidentified" actor of the country ``where`` lies in, added once."""
    found = countries.country_by_iso3(where.country or "")
    name = f"{found.name if found else where.country} (unidentified)"
    for actor in actors.values():
        if actor.name == name:
            return actor.id
    return _add_actor(
        actors, name=name, kind="group", country=where.country,
        reason="a doer the text does not name, placed in the country where the deed happened",
    )  # fmt: skip


#: Sectors through which a state acts at home.
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "JUD"})


def _unplaced_victim(actor: Actor | None, where: str | None = None) -> bool:
    """A person or unnamed group of no international body, with no country or only the
    article's main country given by default when the deed happened in another (``where``)."""
    if actor is None or actor.kind not in ("person", "group") or actor.sector in ("IGO", "NGO", "IMG"):
        return False
    if actor.country is None:
        return True
    defaulted = MAIN_COUNTRY_REASON in (actor.reason or "")
    return defaulted and where is not None and actor.country != where


def _placed(actors: dict, actor_id: str, where: Location, why: str) -> str:
    """The victim ``actor_id`` placed in the country of ``where`` (``why``: how that country
    was found): the person gains that country; an unnamed group becomes that country's group
    of the same kind ("journalist" in Beirut → "Lebanon (media)"), added once."""
    actor = actors[actor_id]
    found = countries.country_by_iso3(where.country or "")
    if found is None:
        return actor_id
    why = f"; country {found.iso3}: {why}"
    if actor.kind == "person":
        actors[actor_id] = actor.model_copy(
            update={"country": found.iso3, "reason": (actor.reason or "") + why}
        )
        return actor_id
    label = SECTOR_LABELS.get(actor.sector or "", actor.name)
    name = f"{found.name} ({label})"
    for other in actors.values():
        if other.name == name or (
            other.kind == "group" and other.sector == actor.sector and other.country == found.iso3
            and actor.sector
        ):  # fmt: skip
            return other.id
    return _add_actor(
        actors, name=name, kind="group", country=found.iso3, sector=actor.sector,
        mentions=list(actor.mentions), reason=(actor.reason or "") + why,
    )  # fmt: skip


def _people_of(state: str, actors: dict, where: Location) -> str:
    """The civilians of a state's actor, added when the text does not name them: whom a
    state's measure at home reaches ("imposed a curfew in Cizre")."""
    country = actors[state].country
    for actor in actors.values():
        if actor.kind == "group" and actor.sector == "CVL" and actor.country == country:
            return actor.id
    return _add_actor(
        actors, name=f"{actors[state].name} (civilians)", kind="group", country=country,
        sector="CVL", reason=f"the people of '{where.name}', where the state's own measure applies",
    )  # fmt: skip


def _state_of(country: str | None, actors: dict, where: Location | None = None) -> str | None:
    """The id of the document's state actor for ``country``. When the text does not name that
    state but the event happens at a place inside it (``where``: "a curfew in Abidjan"), the
    state is added to ``actors``, its reason naming the place."""
    if not country:
        return None
    for actor in actors.values():
        if actor.kind == "state" and actor.country == country:
            return actor.id
    found = countries.country_by_iso3(country) if where is not None else None
    if found is None:
        return None
    return _add_actor(
        actors, name=found.name, kind="state", country=found.iso3, sector="GOV",
        reason=f"the state where '{where.name}' lies (an event happens there)",
    )  # fmt: skip


def _location(doc: Doc, sent: Span, trigger: Token) -> Location | None:
    """The places stage's location for an event: a place attached to its trigger, else the
    sentence's (worked out once per sentence: most triggers share it)."""
    try:
        from wirecoder.pipeline.places.rules import attached_location, location_for
    except ImportError:
        return None
    found = attached_location(doc, sent, trigger)
    if found is None:
        cache = doc.user_data.setdefault("wirecoder_sentence_locations", {})
        if sent.start not in cache:
            cache[sent.start] = location_for(doc, sent)
        found = cache[sent.start]
    if found is None:
        return None
    return Location(**found.model_dump(include={"name", "country", "lat", "lon", "geonameid"}))


def _contexts(cand: Candidate, sent: Span) -> list[str]:
    found = list(_sentence_contexts(sent))
    if cand.type in ("ASSAULT", "MOBILIZE") and "military" not in found:
        found.insert(0, "military")
    return found
