"""Find event candidates in one sentence: verbs from the lexicon, nominal events ("Russia's
invasion"), evaluation frames ("view the invasion as illegal"), copular evaluations ("neutrality
is a red line") and travel cues ("en route to Turkey"). Then attach sources, targets and objects.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from wirecoder import plover
from wirecoder.pipeline.actors.rules import stance_prefixed
from wirecoder.pipeline.events import syntax
from wirecoder.pipeline.events.classifier import (
    NONE,
    EventClassifier,
    Prediction,
    features,
    is_candidate,
)
from wirecoder.pipeline.events.lexicon import cues, longest_first
from wirecoder.pipeline.events.rules import (
    OBJECT_TARGET_PREPS,
    OWNER_PREPS,
    TARGET_PREPS,
    Candidate,
    _lemma,
    match_verb,
    trigger_end,
)
from wirecoder.pipeline.util import doc_text

_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "through"})

#: Nouns naming someone by their tie to another ("Israel's ally", "Iran's proxies"): the
#: possessor is who they are tied to, not who they are.
RELATIONAL_NOUNS = frozenset({"ally", "partner", "proxy", "rival", "enemy", "foe", "neighbour",
                              "neighbor", "opponent", "adversary", "client", "surrogate"})  # fmt: skip

#: Verbs that bring someone in to hear something: "summoned the ambassador to complain".
SUMMONING_VERBS = frozenset({"summon", "call", "meet", "invite", "receive", "telephone", "phone"})

#: Nouns for a message whose "that ... must" clause is a demand ("issued a reminder that ...").
MESSAGE_NOUNS = frozenset({"reminder", "warning", "message", "statement", "notice", "note",
                           "letter", "ultimatum", "call", "appeal", "demand"})  # fmt: skip

#: Dependencies the phrase-target search does not follow: the subject side, attributions,
#: side clauses, and phrases of time and manner.
_NOT_TARGET_DEPS = frozenset({
    "nsubj", "nsubjpass", "csubj", "agent", "aux", "auxpass", "punct", "parataxis", "advcl",
    "conj", "cc", "relcl", "npadvmod", "advmod", "mark", "neg", "expl",
})  # fmt: skip
#: Slots where an actor is acted on: objects, objects of prepositions, possessors, and the
#: subject of a complement clause ("demanded that Iraq withdraw").
_TARGET_SLOT_DEPS = frozenset({"pobj", "dobj", "poss", "compound", "nmod", "amod", "nsubj",
                               "dative", "appos", "attr"})  # fmt: skip

#: The most a doubtful model takes off a "said that Y must ..." demand's confidence.
DEMAND_DISCOUNT_MAX = 0.05

#: The classifier codes a predicate the lexicon does not know from this probability on.
NEW_EVENT_MIN = 0.3
#: A lexicon candidate's confidence: this much of the rule's, the rest the model's probability.
RULE_WEIGHT = 0.5
#: ... or from this one for a light verb ("led", "held", "took": the object decides).
LIGHT_VERB_MIN = 0.6
#: ... and overrides the lexicon's category when it gives that category less than this
RELABEL_MAX_RULE_P = 0.5
#: ... while its own choice reaches this.
RELABEL_MIN = 0.4


def _reweigh(cand: Candidate, pred: Prediction) -> None:
    """Blend the classifier's probability into a lexicon candidate's confidence, and relabel the
    candidate when the model is sure of another category and gives the lexicon's very little."""
    rule_p = pred.p(cand.type)
    if (
        not cand.specific  # an entry that checked the object/particle knows more than the model
        and pred.label not in (NONE, cand.type)
        and pred.probability >= RELABEL_MIN
        and rule_p < RELABEL_MAX_RULE_P
    ):
        old = cand.type
        cand.type, cand.cameo, cand.mode = pred.label, plover.cameo_root(pred.label) + "0", None
        cand.how += f"; model: {pred.explain()} over the lexicon's {old} (p={rule_p:.2f})"
        rule_p = pred.probability
    else:
        cand.how += f"; model: {cand.type} p={rule_p:.2f}"
    cand.reasons["model"] = pred.explain()
    blended = RULE_WEIGHT * cand.confidence + (1 - RULE_WEIGHT) * rule_p
    if cand.demand_clause:
        # "said that Sudan must return ...": the obligation clause is the evidence; the model
        # sees only a speech verb, so it may confirm the demand but not discount it much
        blended = max(blended, cand.confidence - DEMAND_DISCOUNT_MAX)
    cand.confidence = round(blended, 3)


def _coordinated_subjects(subj: Token) -> list[Token]:
    """Subjects the parser attached side by side instead of as a coordination: "X and Y held
    talks" parsed with two nsubj children joined only by an "and" between them."""
    head = subj.head
    others = []
    for sibling in head.children:
        if sibling.dep_ != "nsubj" or sibling.i == subj.i:
            continue
        lo, hi = sorted((sibling.i, subj.i))
        if hi - lo < 15 and any(t.lower_ in ("and", "&") for t in subj.doc[lo + 1 : hi]):
            others.append(sibling)
    return others


def _names_a_state(token: Token) -> bool:
    """ "U.S. sanctions", "Russian invasion" name an agent; "Doha meeting" names a place."""
    from wirecoder.pipeline.actors import countries

    return bool(
        countries.country_by_name(token.text) or countries.country_by_demonym(token.text)
    ) or (token.ent_type_ in ("ORG", "NORP"))


def actor_tables(doc: Doc) -> tuple[dict[int, str], dict[str, str | None], dict[str, str]]:
    """What the event rules and the classifier read about a document's actors: token index →
    actor id, actor id → sector (and ``id + "#country"`` → ISO-3), actor id → kind."""
    actors = doc._.actors or {}
    token_actor: dict[int, str] = doc._.token_actor or {}
    sectors: dict[str, str | None] = {a.id: a.sector for a in actors.values()}
    for a in actors.values():
        sectors[a.id + "#country"] = a.country
    return token_actor, sectors, {a.id: a.kind for a in actors.values()}


def _agreement_to_act(verb: Token) -> bool:
    """Does the verb's object carry an infinitive ("a consensus to exchange information")?"""
    obj = syntax.direct_object(verb)
    if obj is None:
        return False
    return any(
        c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in obj.children
    )


class SentenceEvents:
    """Candidates of one sentence, with notes on the predicates that were not coded."""

    def __init__(self, sent: Span, actors: dict[int, str], sectors: dict[str, str | None],
                 kinds: dict[str, str], classifier: EventClassifier | None = None,
                 ) -> None:  # fmt: skip
        self.sent = sent
        self.tokens = list(sent)  # one Token object per word, shared by every pass below
        self.text_low = doc_text(sent.doc)[sent.start_char : sent.end_char].lower()
        self.classifier = classifier
        self.doc = sent.doc
        self.actors = actors
        self.sectors = sectors
        self.kinds = kinds
        self.candidates: list[Candidate] = []
        self.notes: list[str] = []

    # ------------------------------------------------------------------ discovery
    def find(self) -> list[Candidate]:
        for token in self.tokens:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                self._verb(token)
        self._readiness()
        self._frames()
        self._copular()
        self._travel()
        self._nominals()
        if self.classifier is not None:
            self._weigh(self.classifier)
        return self.candidates

    # ------------------------------------------------------------------ the learned model
    def _weigh(self, model: EventClassifier) -> None:
        """Score every predicate with the classifier: confirm, re-rank or relabel what the
        lexicon found, and code predicates the lexicon does not know when the model is sure."""
        by_token: dict[int, list[Candidate]] = {}
        for cand in self.candidates:
            by_token.setdefault(cand.trigger.i, []).append(cand)
        inside = {
            i
            for c in self.candidates
            for i in range(c.trigger.i, max(c.trigger_end, c.trigger.i + 1))
        }
        covered: set[int] | None = None  # the phrases of lexicon events with a source
        for token in self.tokens:  # one pass: lexicon triggers, known verbs, known event nouns
            found = by_token.get(token.i)
            if not found:
                if token.pos_ == "VERB":
                    if not is_candidate(token) or not model.knows(token.lemma_.lower()):
                        continue  # an auxiliary, or never an event in training: cannot code it
                elif token.pos_ != "NOUN" or not model.knows_noun(token.lemma_.lower()):
                    continue
                elif token.i in inside:
                    continue
                else:
                    if covered is None:
                        covered = {t.i for c in self.candidates if c.sources
                                   for t in c.trigger.subtree}  # fmt: skip
                    if token.i in covered:
                        continue  # as for lexicon nouns: part of a coded verb's phrase
            pred = model.predict(
                features(token, found[0].type if found else None, self.actors, self.sectors,
                         self.kinds)
            )  # fmt: skip
            if found:
                for cand in found:
                    _reweigh(cand, pred)
            elif token.i not in inside:
                needed = LIGHT_VERB_MIN if model.is_light(token.lemma_.lower()) else NEW_EVENT_MIN
                if pred.label != NONE and pred.probability >= needed:
                    self._model_event(token, pred)
                elif pred.label != NONE:
                    self.notes.append(
                        f"'{token.text}': model says {pred.explain()}, below the {needed} needed"
                    )

    def _model_event(self, token: Token, pred: Prediction) -> None:
        noun = token.pos_ == "NOUN"
        cand = Candidate(
            trigger=token, trigger_end=token.i + 1 if noun else trigger_end(token),
            type=pred.label, cameo=plover.cameo_root(pred.label) + "0", mode=None,
            how=f"model: '{token.lemma_}' → {pred.explain()}", kind="noun" if noun else "verb",
            confidence=round(0.3 + 0.5 * pred.probability, 3),
        )  # fmt: skip
        cand.reasons["model"] = pred.explain()
        if noun:
            cand.sources, cand.targets, why = self._noun_arguments(token)
            if not cand.sources:
                return  # "condemnation poured in": an event noun with no one behind it
            cand.reasons["source"] = why
        else:
            self._arguments(cand)
        self.candidates.append(cand)

    def _verb(self, verb: Token) -> None:
        entry = match_verb(verb, self.actors, self.sectors)
        if entry is None and self._demand_by_speech(verb):
            return
        if entry is None:
            if verb.pos_ == "VERB" and verb.dep_ not in ("amod", "aux", "auxpass"):
                self.notes.append(f"'{verb.text}' ({verb.lemma_}): no event-lexicon entry fits")
            return
        if verb.dep_ == "amod":
            self.notes.append(f"'{verb.text}': used as an adjective, not an action")
            return
        cand = Candidate(
            trigger=verb, trigger_end=trigger_end(verb), type=entry.type, cameo=entry.cameo,
            mode=entry.mode, how=f"lexicon: '{entry.lemma}' → {entry.type} (CAMEO {entry.cameo})",
        )  # fmt: skip
        if entry.constraints:
            cand.how += " with " + ", ".join(sorted(entry.constraints))
            cand.specific = True
        # the objects an entry asks for are what is acted with ("send troops"), unless they
        # are the people acted on ("freed four soldiers")
        things = () if entry.constraints.get("obj_person") else entry.constraints.get("obj", ())
        self._arguments(cand, thing_objects=set(things))
        if cand.cameo == "057" and _agreement_to_act(verb):
            # "reached a consensus to exchange information": an agreement on what to do next
            # is an intent (AGREE), not the signing of an accord
            cand.type, cand.cameo = "AGREE", "030"
            cand.how += "; the agreement is to do something → AGREE (express intent)"
        self.candidates.append(cand)

    def _demand_by_speech(self, verb: Token) -> bool:
        """ "X said (that) Y must do Z" → X REQUESTs it of Y; the clause is the demand's content."""
        from wirecoder.pipeline.events.rules import _has_obligation

        clause = None
        if _lemma(verb) in cues()["speech_verbs"]:
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        else:
            # "issued a stern reminder to Iraq that it must cooperate": a message noun
            for obj in syntax.children(verb, "dobj"):
                if obj.lemma_.lower() in MESSAGE_NOUNS:
                    clause = next(
                        (c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl")
                         and any(m.lower_ == "that" for m in c.children)), None
                    )  # fmt: skip
        if clause is None:
            return False
        if (
            clause is None
            or not _has_obligation(clause)
            or _lemma(clause) == "be"
            and not any(c.dep_ in ("acomp", "attr") for c in clause.children)
        ):
            return False
        cand = Candidate(
            trigger=verb, trigger_end=verb.i + 1, type="REQUEST", cameo="100", mode=None,
            how=f"'{verb.text} that ... must/should ...': a demand → REQUEST",
        )  # fmt: skip
        self._arguments(cand)
        cand.object = (clause.left_edge.i, clause.right_edge.i + 1)  # the demand's content
        cand.demand_clause = True
        inner_subject = syntax.subject(clause)
        if inner_subject is not None and not cand.targets:
            cand.targets = [a for a in syntax.phrase_actors(inner_subject, self.actors)
                            if a not in cand.sources]  # fmt: skip
            if cand.targets:
                cand.reasons["target"] = f"whom the demand binds ('{inner_subject.text}')"
        self.candidates.append(cand)
        return True

    def _readiness(self) -> None:
        """ "X is ready/willing/prepared to talk" → AGREE (express intent); the infinitive is
        its content, coded there and not again."""
        for adj in self.tokens:
            if adj.lemma_.lower() not in (
                "ready",
                "willing",
                "prepared",
                "open",
            ) or adj.dep_ not in ("acomp", "amod", "oprd"):
                continue
            content = next((c for c in adj.children if c.dep_ in ("xcomp", "prep")), None)
            if content is None:
                continue
            copula = adj.head
            subj = syntax.subject(copula) if syntax.is_verbal(copula) else None
            sources = syntax.phrase_actors(subj, self.actors) if subj is not None else []
            cand = Candidate(
                trigger=adj, trigger_end=adj.i + 1, type="AGREE", cameo="030", mode=None,
                how=f"readiness '{adj.text} to ...' → AGREE (express intent)", kind="verb",
                confidence=0.65, sources=sources,
            )  # fmt: skip
            if sources:
                cand.reasons["source"] = f"subject '{subj.text}'"
            cand.object = syntax.clause_span(self.doc, content, limit=14)
            for verb in content.subtree:
                for other in self.candidates:
                    if other.trigger.i == verb.i and other.kind == "verb":
                        other.content_of = cand
                        if not cand.targets:
                            cand.targets = [t for t in other.targets if t not in sources]
            self.candidates.append(cand)

    def _frames(self) -> None:
        """ "X views/called/branded Y (as) illegal/a sham" → ACCUSE."""
        c = cues()
        for verb in self.tokens:
            if _lemma(verb) not in c["frame_verbs"] or any(
                k.trigger.i == verb.i for k in self.candidates
            ):
                continue
            evaluation = None
            for child in verb.children:
                scope = []
                if child.dep_ == "prep" and child.lower_ == "as":
                    scope = [t for o in child.children for t in o.subtree]
                elif child.dep_ in ("oprd", "xcomp", "acomp", "ccomp"):
                    scope = list(child.subtree)
                for tok in scope:
                    if (
                        _lemma(tok) in c["negative_evaluations"]
                        or tok.lower_ in c["negative_evaluations"]
                    ):
                        evaluation = tok
                        break
                if evaluation is not None:
                    break
            if evaluation is None:
                continue
            cand = Candidate(
                trigger=verb, trigger_end=verb.i + 1, type="ACCUSE", cameo="111", mode="disapprove",
                how=f"frame: '{verb.lemma_} ... {evaluation.text}' (a negative judgement) → ACCUSE",
                kind="frame", confidence=0.65,
            )  # fmt: skip
            self._arguments(cand)
            if not cand.targets:
                obj = syntax.direct_object(verb)
                if obj is not None:
                    for child in obj.children:
                        if child.dep_ == "poss":
                            cand.targets = syntax.phrase_actors(child, self.actors)
            self.candidates.append(cand)

    def _copular(self) -> None:
        """ "(X said) Y is a red line / unacceptable" → REJECT or ACCUSE by the speaker."""
        c = cues()
        text_low = self.text_low
        for phrase in longest_first(c["rejection_evaluations"] | {
            "illegal",
            "illegitimate",
            "a sham",
            "unacceptable",
        }):
            if phrase not in text_low:
                continue
            for tok in self.tokens:
                if tok.dep_ not in ("attr", "acomp") or tok.head.lemma_ != "be":
                    continue
                phrase_text = self.doc[tok.left_edge.i : tok.i + 1].text.lower()
                if phrase not in phrase_text and phrase != tok.lower_:
                    continue
                copula = tok.head
                speech = None
                node = copula
                for _ in range(3):
                    if node.dep_ in ("ccomp", "parataxis", "conj"):
                        node = node.head
                        if _lemma(node) in c["speech_verbs"]:
                            speech = node
                            break
                    else:
                        break
                if speech is None:
                    continue
                rejecting = phrase in c["rejection_evaluations"]
                start = tok.left_edge.i
                while start < tok.i and self.doc[start].dep_ == "det":
                    start += 1
                cand = Candidate(
                    trigger=self.doc[start], trigger_end=tok.i + 1,
                    type="REJECT" if rejecting else "ACCUSE", cameo="120" if rejecting else "111",
                    mode=None if rejecting else "disapprove",
                    how=f"copular evaluation '{phrase}' stated by '{speech.text}'", kind="copular",
                    confidence=0.65,
                )  # fmt: skip
                subj = syntax.subject(speech)
                if subj is not None:
                    cand.sources = syntax.phrase_actors(subj, self.actors)
                    cand.reasons["source"] = f"speaker '{subj.text}' of '{speech.text}'"
                topic = next((ch for ch in copula.children if ch.dep_ == "nsubj"), None)
                if topic is not None:
                    ids = syntax.phrase_actors(topic, self.actors)
                    if ids and not rejecting:
                        cand.targets = ids
                    else:
                        cand.object = syntax.clause_span(self.doc, topic)
                self.candidates.append(cand)
                break

    def _travel(self) -> None:
        """ "en route to Turkey", "on his way to Beijing" → CONSULT (visit)."""
        text_low = self.text_low
        for cue in longest_first(cues()["travel_cues"]):
            pos = text_low.find(cue)
            if pos < 0:
                continue
            start_char = self.sent.start_char + pos
            span = self.doc.char_span(start_char, start_char + len(cue), alignment_mode="expand")
            if span is None:
                continue
            dest = span[-1].nbor(1) if span.end < len(self.doc) else None
            if dest is None:
                continue
            while dest.i < self.sent.end - 1 and dest.lower_ in ("the",):
                dest = dest.nbor(1)
            ids = syntax.phrase_actors(dest, self.actors)
            # who travels: the noun phrase the cue modifies, else the clause subject
            holder = span.root.head
            for _ in range(4):
                if holder.i in self.actors or holder.pos_ in ("VERB", "AUX"):
                    break
                holder = holder.head
            if holder.pos_ in ("VERB", "AUX"):
                subj = syntax.subject(holder)
                sources = syntax.phrase_actors(subj, self.actors) if subj is not None else []
            else:
                sources = [self.actors[holder.i]] if holder.i in self.actors else []
            cand = Candidate(
                trigger=span[0], trigger_end=span.end, type="CONSULT", cameo="042", mode="visit",
                how=f"travel cue '{cue}' → CONSULT (visit)", kind="travel", confidence=0.5,
                sources=sources, targets=[i for i in ids if i not in sources],
            )  # fmt: skip
            cand.reasons["source"] = "the traveller the phrase describes"
            if cand.targets:
                cand.reasons["target"] = f"destination '{dest.text}' (host government)"
            cand.object = (dest.i, dest.i + 1)
            self.candidates.append(cand)

    def _nominals(self) -> None:
        """Event nouns with an explicit agent: "Russia's invasion", "Israeli strikes on Gaza",
        "talks between Kyiv and Moscow" — coded only outside the phrases of coded verbs."""
        c = cues()
        nouns = c["nominal_events"]
        covered: set[int] = set()
        for cand in self.candidates:
            if cand.sources:  # a coded verb's phrases are its own; an uncoded verb's are free
                covered.update(t.i for t in cand.trigger.subtree)
        for tok in self.tokens:
            if tok.pos_ != "NOUN" or tok.i in covered:
                continue
            spec = nouns.get(_lemma(tok))
            if spec is None:
                continue
            sources, targets, why = self._noun_arguments(tok)
            if not sources:
                continue
            cand = Candidate(
                trigger=tok, trigger_end=tok.i + 1, type=spec[0], cameo=spec[1], mode=None,
                how=f"nominal event '{tok.text}' → {spec[0]}", kind="noun", confidence=0.55,
                sources=sources, targets=targets,
            )  # fmt: skip
            cand.reasons["source"] = why
            self.candidates.append(cand)

    def _noun_arguments(self, tok: Token) -> tuple[list[str], list[str], str]:
        """Who does and who undergoes an event noun: a possessor, a state modifier or "by X"
        ("Russia's invasion", "Israeli strikes", "the abduction ... by gunmen"); "between X and
        Y" for meetings; the objects of "on/against/with/to/in" as targets."""
        c = cues()
        sources: list[str] = []
        why = ""
        for child in tok.children:
            if child.dep_ == "poss":
                sources = syntax.phrase_actors(child, self.actors)
                why = f"possessor '{child.text}'"
            elif (
                child.dep_ in ("amod", "compound")
                and child.i in self.actors
                and _names_a_state(child)
            ):
                sources = [self.actors[child.i]]
                why = f"modifier '{child.text}'"
            elif child.dep_ == "prep" and child.lower_ == "by":
                for obj in child.children:
                    sources = syntax.phrase_actors(obj, self.actors)
                    why = f"'by {obj.text}'"
        targets: list[str] = []
        between = [o for p, o in syntax.prep_objects(tok, {"between"})]
        if between:
            parties = syntax.phrase_actors(between[0], self.actors)
            if len(parties) >= 2 and _lemma(tok) in c["meeting_nouns"]:
                sources, targets = parties[:1], parties[1:]
                why = f"'between {between[0].text} ...'"
        for _, obj in syntax.prep_objects(tok, OBJECT_TARGET_PREPS | {"in"}):
            for actor in syntax.phrase_actors(obj, self.actors):
                if actor not in sources and actor not in targets:
                    targets.append(actor)
        return sources, targets, why

    # ------------------------------------------------------------------ arguments
    def _arguments(self, cand: Candidate, thing_objects: set[str] | None = None) -> None:
        """Sources, targets and object. ``thing_objects``: object lemmas the lexicon entry
        itself asks for ("send a delegation", "deploy troops"): such an object is what is acted
        with, not whom it is acted on."""
        verb = cand.trigger
        thing_objects = thing_objects or set()
        actors = self.actors
        passive = syntax.is_passive(verb)
        sources: list[str] = []
        targets: list[str] = []
        obj: Token | None = None
        if passive:
            by = syntax.agent(verb)
            if by is not None:
                sources = syntax.phrase_actors(by, actors)
                cand.reasons["source"] = f"passive agent 'by {by.text}'"
            patient = syntax.passive_subject(verb)
            if patient is not None and not sources and cand.type == "MOBILIZE":
                # "troops were sent to the border": the forces moved are the actor
                sources = syntax.phrase_actors(patient, actors) or self._instrument_owner(patient)
                if sources:
                    cand.reasons["source"] = f"forces moved ('{patient.text}')"
                    patient = None
            if patient is not None:
                ids = syntax.phrase_actors(patient, actors)
                if ids:
                    targets.extend(ids)
                    cand.reasons["target"] = f"passive subject '{patient.text}'"
                else:
                    cand.object = syntax.clause_span(self.doc, patient)
                    for prep, pobj in syntax.prep_objects(patient, OWNER_PREPS):
                        found = syntax.phrase_actors(pobj, actors)
                        if found:
                            # "a camp for Sudanese refugees was attacked": whom it belongs to
                            targets.extend(found)
                            cand.reasons["target"] = (
                                f"'{patient.text} {prep.text} {pobj.text}', the passive subject"
                            )
                            break
            elif verb.dep_ == "acl":
                head = verb.head
                anchor = head
                if head.dep_ == "appos":
                    anchor = head.head
                cand.object = syntax.clause_span(self.doc, anchor, limit=10)
                if anchor is not head:
                    cand.object = (anchor.left_edge.i, anchor.i + 1)
        else:
            subj = syntax.subject(verb)
            if subj is not None:
                sources = syntax.phrase_actors(subj, actors)
                for other in _coordinated_subjects(subj):
                    sources += [a for a in syntax.phrase_actors(other, actors) if a not in sources]
                if sources:
                    cand.reasons["source"] = (
                        f"subject '{self.doc[subj.left_edge.i : subj.i + 1].text}'"
                    )
                else:
                    sources = self._instrument_owner(subj)
                    if sources:
                        cand.reasons["source"] = f"whoever the subject '{subj.text}' belongs to"
            obj = syntax.direct_object(verb)
            if obj is not None:
                ids = syntax.phrase_actors(obj, actors)
                if obj.lemma_.lower() in thing_objects:
                    ids = []
                elif not ids and obj.i + 1 < self.sent.end and obj.i + 1 in actors:
                    # "met his counterpart Andrii Sybiha" parsed with the name detached
                    following = actors[obj.i + 1]
                    if self.kinds.get(following) == "person":
                        ids = [following]
                if ids:
                    targets.extend(ids)
                    cand.reasons["target"] = f"object '{obj.text}'"
                else:
                    cand.object = syntax.clause_span(self.doc, obj)
                    doers = self._done_by(obj, sources)
                    if doers:
                        # "prevented a march staged by students": whoever holds the thing
                        # acted on is whom the act reaches
                        targets.extend(doers)
                        cand.reasons["target"] = f"who did the '{obj.text}' ('by ...')"
                    if not doers and cand.type == "ACCUSE":
                        for _, pobj in syntax.prep_objects(obj, {"into", "of", "over", "about"}):
                            doers = self._done_by(pobj, sources)
                            if doers:
                                # "an investigation into crimes committed by Croat forces"
                                targets.extend(doers)
                                cand.reasons["target"] = f"who did the '{pobj.text}' ('by ...')"
                                break
                    for _, pobj in syntax.prep_objects(obj, OBJECT_TARGET_PREPS):
                        found = syntax.phrase_actors(pobj, actors)
                        if found:
                            targets.extend(found)
                            cand.reasons["target"] = f"'{pobj.head.text} {pobj.text}' in the object"
                    if not targets and obj.lemma_.lower() not in thing_objects:
                        for prep, pobj in syntax.prep_objects(obj, OWNER_PREPS):
                            found = syntax.phrase_actors(pobj, actors)
                            if found:
                                # "demanded the withdrawal of Serbian forces (from Bosnia)"
                                targets.extend(found)
                                cand.reasons["target"] = f"'{obj.text} {prep.text} {pobj.text}'"
                                break
                    if not targets:
                        # (a protest is aimed at whom it defies, not where its object lies:
                        # "blocked streets in Hong Kong in defiance of ...")
                        country_state = self._country_modifier(
                            obj, places=cand.type != "PROTEST"
                        )
                        if country_state:
                            targets.append(country_state)
                            cand.reasons["target"] = f"the country named in '{obj.text}' phrase"
        for prep, pobj in syntax.prep_objects(verb, TARGET_PREPS):
            ids = syntax.phrase_actors(pobj, actors)
            if ids:
                targets.extend(ids)
                cand.reasons.setdefault("target", f"'{prep.text} {pobj.text}'")
            elif cand.object is None and prep.lower_ in (
                "on",
                "against",
                "for",
                "to",
                "into",
                "at",
                "with",
            ):
                for _, inner in syntax.prep_objects(pobj, OBJECT_TARGET_PREPS):
                    found = syntax.phrase_actors(inner, actors)
                    if found:
                        targets.extend(found)
                        cand.reasons.setdefault("target", f"'{inner.head.text} {inner.text}'")
                cand.object = syntax.clause_span(self.doc, pobj)
        for prep, pobj in syntax.prep_objects(verb, {"of", "about", "for"}):
            if cand.object is None:
                cand.object = syntax.clause_span(self.doc, pobj)
                for _, inner in syntax.prep_objects(pobj, OBJECT_TARGET_PREPS):
                    found = syntax.phrase_actors(inner, actors)
                    if found:
                        targets.extend(found)
                        cand.reasons.setdefault("target", f"'{inner.head.text} {inner.text}'")
        for dative in syntax.children(verb, "dative", "iobj"):
            targets.extend(syntax.phrase_actors(dative, actors))
        if not [t for t in targets if t not in sources]:
            shared = self._shared_object(verb, obj)
            if shared:
                # "established ties with and opened an embassy in Tehran": the stranded
                # preposition's object is the coordinated verb's
                targets.extend(shared)
                cand.reasons["target"] = "the object the coordinated phrase shares ('... with and ...')"
        if cand.type == "RETREAT":
            for prep, pobj in syntax.prep_objects(verb, {"from"}):
                found = [a for a in syntax.phrase_actors(pobj, actors) if a not in sources]
                if found:
                    # "withdraw its troops from Lebanon": the side withdrawn from (the troops
                    # withdrawn are the doer's own, not a target)
                    targets = found + [t for t in targets if t not in found]
                    cand.reasons["target"] = f"whom it withdraws from ('{prep.text} {pobj.text}')"
                    break
        summoner = verb.head if verb.dep_ in ("advcl", "xcomp") else None
        if (
            summoner is not None
            and cand.type in ("ACCUSE", "REQUEST", "REJECT")
            and _lemma(summoner) in SUMMONING_VERBS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            addressee = syntax.direct_object(summoner) or next(
                iter(syntax.children(summoner, "attr")), None
            )  # ("summoned Uganda's ambassador" is sometimes parsed as an attribute)
            found = syntax.phrase_actors(addressee, actors) if addressee is not None else []
            found = [a for a in found if a not in sources]
            if found:
                # "summoned the ambassador to complain": the complaint is made to him
                targets = found + [t for t in targets if t not in found]
                cand.reasons["target"] = f"whom '{summoner.text}' brought in to hear it"
                cand.addressed = True
        if cand.type in ("ACCUSE", "PROTEST") and not cand.addressed:
            grievance = self._grievance_target(verb, sources)
            if grievance and cand.type == "PROTEST" and [t for t in targets if t not in sources]:
                grievance = []  # a protest's own target slot ("against X") comes first
            if grievance:
                # "complained to the UN over Somali raids": whom the complaint is about,
                # not whom it is lodged with
                targets = grievance + [t for t in targets if t in grievance]
                cand.reasons["target"] = "the actor the complaint is about ('over/about ...')"

        if cand.object is None:
            content = syntax.children(verb, "xcomp", "ccomp")
            if content:
                start, end = syntax.clause_span(self.doc, content[0], limit=16)
                cand.object = (start, end)
        if not [t for t in targets if t not in sources]:
            found, why = [], ""
            if cand.type == "PROTEST":
                # whom the protest defies or what it demands, before where it happens
                found, why = self._phrase_target(verb, sources, purpose=True, places=False)
            if not found:
                found, why = self._phrase_target(verb, sources)
            if not found and cand.type in ("PROTEST", "ASSAULT", "COERCE"):
                # "opened fire to disperse the demonstrators"
                found, why = self._phrase_target(verb, sources, purpose=True)
            if found:
                targets.extend(found)
                cand.reasons["target"] = why
        cand.sources = list(dict.fromkeys(sources))
        cand.targets = [t for t in dict.fromkeys(targets) if t not in cand.sources]

    def _grievance_target(self, verb: Token, sources: list[str]) -> list[str]:
        """Actors named in what a complaint is about ("over two Somali air raids", "about
        Israel's settlement policy"), excluding the complainers."""
        for _, pobj in syntax.prep_objects(verb, {"over", "about"}):
            found = [a for a in syntax.phrase_actors(pobj, self.actors) if a not in sources]
            found = found or self._done_by(pobj, sources)  # "over a bill signed by the minister"
            if not found:
                owner = self._country_modifier(pobj)
                found = [owner] if owner and owner not in sources else []
            if found:
                return found
        return []

    def _shared_object(self, verb: Token, obj: Token | None) -> list[str]:
        """Actors of the coordinated verb's last prepositional object when this verb (or its
        object) ends in a preposition with no object of its own ("ties with and ... in X")."""
        stranded = [
            p for p in [*verb.children, *(obj.children if obj is not None else [])]
            if p.dep_ == "prep" and not syntax.children(p, "pobj", "pcomp")
        ]  # fmt: skip
        if not stranded:
            return []
        for other in syntax.children(verb, "conj"):
            objects = [o for t in [other, *syntax.children(other, "dobj")]
                       for _, o in syntax.prep_objects(t, _LOCATIVE_PREPS | {"with", "to"})]  # fmt: skip
            if objects:
                return syntax.phrase_actors(objects[-1], self.actors)
        return []

    def _done_by(self, noun: Token, sources: list[str]) -> list[str]:
        """Actors named as the doers of a thing: "a march staged by students", "a bill
        signed by the minister" (a passive participle's "by ..." on the noun)."""
        for child in noun.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                by = syntax.agent(child)
                if by is not None:
                    return [a for a in syntax.phrase_actors(by, self.actors) if a not in sources]
        return []

    def _phrase_target(
        self, verb: Token, sources: list[str], purpose: bool = False, places: bool = True
    ) -> tuple[list[str], str]:
        """The nearest actor inside the predicate's own phrase when no argument slot named one:
        "promised to continue military aid to Mozambique", "lifted the curfew in Kashmir",
        "demanded that Washington cancel the sale" (breadth first, at most four steps down,
        never into the subject, attributions or other clauses with their own events).

        ``purpose``: also search the clause saying what for, seven steps down (a protest is
        aimed at whom its purpose names: "blocked roads to press demands on the president's
        government", "struck in defiance of the Chinese authorities"). ``places=False`` skips
        a place where it happens ("blocked streets in Hong Kong")."""
        limit = 7 if purpose else 4
        queue = [
            (c, 1) for c in verb.children
            if c.dep_ not in _NOT_TARGET_DEPS
            or (purpose and c.dep_ == "advcl" and not syntax.children(c, "mark"))
        ]  # fmt: skip  (a purpose is "to ..."/"-ing ...", not an "as/when ..." clause)
        while queue:
            node, depth = queue.pop(0)
            if node.dep_ == "prep" and node.lower_ in ("between", "among", "amid"):
                continue  # "talks between Kyiv and Moscow": participants, not those acted on
            if node.dep_ == "poss" and node.head.lemma_.lower() in RELATIONAL_NOUNS:
                continue  # "Israel's ally": tied to Israel, not Israel
            own_object = depth == 1 and node.dep_ == "dobj"  # weighed by the object slot already
            phrase = node
            while phrase.dep_ in ("compound", "flat") and phrase.head.i != phrase.i:
                phrase = phrase.head  # "Hong" in "in Hong Kong"
            place = (
                not places
                and phrase.dep_ == "pobj"
                and phrase.head.lower_ in _LOCATIVE_PREPS
                and self.kinds.get(self.actors.get(node.i, "")) == "state"
            )
            stance = stance_prefixed(node)  # "pro-EU protests": a cause, not an actor
            if (
                node.dep_ in _TARGET_SLOT_DEPS
                and node.i in self.actors
                and not own_object
                and not place
                and not stance
            ):
                ids = [
                    a for a in syntax.phrase_actors(node, self.actors)
                    if a not in sources and self.sectors.get(a) != "MED"
                    and (self.sectors.get(a + "#country") or self.kinds.get(a) != "group")
                ]  # fmt: skip  (media and unplaced generic groups are not whom a deed reaches)
                if ids:
                    via = node.head.text + " " if node.dep_ == "pobj" else ""
                    return ids, f"nearest actor in the predicate's phrase ('{via}{node.text}')"
            if depth < limit:
                queue.extend(
                    (c, depth + 1)
                    for c in node.children
                    if c.dep_ not in _NOT_TARGET_DEPS or c.dep_ == "nsubj"  # a clause's subject
                )
        return [], ""

    def _instrument_owner(self, noun: Token) -> list[str]:
        """Actors behind a non-actor subject: "Israeli air strikes killed" → Israel's forces;
        "drones launched by the RSF struck" → the RSF; "fighting between X and Y killed" →
        both."""
        for _, pobj in syntax.prep_objects(noun, {"between", "among"}):
            found = syntax.phrase_actors(pobj, self.actors)
            if found:
                return found  # "the war between the army and the RSF has killed ...": both sides
        for child in noun.children:
            if child.dep_ == "acl" and syntax.is_passive(child):
                by = syntax.agent(child)
                if by is not None:
                    found = syntax.phrase_actors(by, self.actors)
                    if found:
                        return found
            if child.dep_ == "poss":
                found = syntax.phrase_actors(child, self.actors)
                if found:
                    return found
        state = self._country_modifier(noun, shallow=True)
        if state is None:
            return []
        country = self.sectors.get(state + "#country")
        military = [
            a for a, kind in self.kinds.items()
            if kind == "group" and self.sectors.get(a) == "MIL" and self.sectors.get(a + "#country") == country
        ]  # fmt: skip
        return military[:1] or [state]

    def _country_modifier(
        self, noun: Token, shallow: bool = False, places: bool = True
    ) -> str | None:
        """The state actor of a country named inside an object ("20% of Ukrainian territory");
        ``places=False`` skips places named after "in/at/near ..." ("streets in Hong Kong")."""
        from wirecoder.pipeline.actors import countries

        tokens = [noun, *noun.children] if shallow else list(noun.subtree)
        allied = {  # "Israel's militia ally": the ally is not Israel
            t.i for rel in tokens if rel.lemma_.lower() in RELATIONAL_NOUNS
            for p in rel.children if p.dep_ == "poss" for t in p.subtree
        }  # fmt: skip
        tokens = [t for t in tokens if t.i not in allied]
        if not places:
            where = {
                t.i for prep in noun.subtree
                if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE_PREPS for t in prep.subtree
            }  # fmt: skip
            tokens = [t for t in tokens if t.i not in where]
        for tok in tokens:
            if tok.i in self.actors and self.kinds.get(self.actors[tok.i]) == "state":
                return self.actors[tok.i]
            if tok.dep_ in ("amod", "compound") and tok.text[:1].isupper():
                country = countries.country_by_demonym(tok.text)
                if country is not None:
                    for actor_id, kind in self.kinds.items():
                        if (
                            kind == "state"
                            and self.sectors.get(actor_id + "#country") == country.iso3
                        ):
                            return actor_id
        return None
