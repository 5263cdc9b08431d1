"""Event rules: which predicates are events, of what PLOVER type, with which arguments, whether
they happened (negation) and how the text commits to them (modality).

Every decision leaves a human-readable reason, so an event (or the lack of one) can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from wirecoder.pipeline.events import syntax
from wirecoder.pipeline.events.lexicon import VerbEntry, cues, verbs
from wirecoder.pipeline.util import doc_text

TARGET_PREPS = frozenset({"with", "against", "to", "on", "upon", "toward", "towards", "at", "into"})
OBJECT_TARGET_PREPS = frozenset({"against", "on", "with", "to", "upon", "toward", "towards"})
#: Prepositions tying a thing or a nominal event to whom it belongs or concerns ("the
#: withdrawal of Serbian forces", "a camp for refugees"): a target when nothing closer is.
OWNER_PREPS = frozenset({"of", "for"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"})
INTENT_TYPES = frozenset({"REQUEST", "AGREE", "REJECT", "THREATEN"})
CONTENT_MODES = {
    "REQUEST": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
                "COOPERATE": "assist"},
    "REJECT": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
               "COOPERATE": "assist"},
    "THREATEN": {"ASSAULT": "violence", "SANCTION": "restrict", "COERCE": "arrest",
                 "MOBILIZE": "violence"},
}  # fmt: skip


@dataclass
class Candidate:
    """A predicate that matched the lexicon, with everything decided about it."""

    trigger: Token
    trigger_end: int  # exclusive token index (multi-word triggers: "carry out", "red line")
    type: str
    cameo: str
    mode: str | None
    how: str
    kind: str = "verb"  # verb | noun | frame | copular | travel
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    object: tuple[int, int] | None = None
    negated: bool = False
    modality: str = "asserted"
    attributed_to: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.8
    content_of: Candidate | None = None
    condition_subject: list[str] = field(default_factory=list)
    future_for_dates: bool = False
    specific: bool = False  # matched a lexicon entry with constraints ("offer" + "concession")
    demand_clause: bool = False  # "said that Y must ...": ``object`` is the demanded clause
    addressed: bool = False  # its target is whom it was said to ("summoned X to complain")


# ----------------------------------------------------------------------------- matching
def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _object_lemmas(verb: Token) -> set[str]:
    lemmas: set[str] = set()
    objects = [o for dep in ("dobj", "nsubjpass", "attr", "oprd") for o in syntax.children(verb, dep)]
    clause = syntax.control_clause(verb)
    if clause is not None:  # "allowed candidate Odinga to run": the clause's subject
        objects += syntax.children(clause, "nsubj")
    for obj in objects:
        for tok in syntax.with_conjuncts(obj):
            lemmas.add(_lemma(tok))
            lemmas.add(tok.lower_)
            for comp in syntax.children(tok, "compound", "amod"):
                lemmas.add(_lemma(comp))  # "martial law", "hunger strike"
            for prep in syntax.children(tok, "prep"):
                if prep.lower_ == "of":  # "5 million dollars of aid", "tons of food"
                    for inner in syntax.children(prep, "pobj"):
                        lemmas.add(_lemma(inner))
                        lemmas.update(_lemma(c) for c in syntax.children(inner, "compound"))
    if verb.dep_ == "acl":
        lemmas.add(_lemma(verb.head))
    if syntax.is_passive(verb) and not syntax.children(verb, "nsubjpass"):
        patient = syntax.subject(verb)  # "soldiers arrive after being released"
        if patient is not None:
            lemmas.add(_lemma(patient))
    return lemmas


def _preps(verb: Token) -> set[str]:
    found = {c.lower_ for c in verb.children if c.dep_ in ("prep", "dative", "agent")}
    for (
        obj
    ) in verb.children:  # "fires a water cannon at a boat": the parser hangs "at" on the object
        if obj.dep_ == "dobj":
            found.update(c.lower_ for c in obj.children if c.dep_ == "prep" and c.i > obj.i)
    if any(c.dep_ == "ccomp" for c in verb.children):
        found.add("that")
    return found


def _particles(verb: Token) -> set[str]:
    """The verb's particles, also when parsed as a preposition: right after it ("pulled out"),
    or after the object before "of" ("forced the agency out of the country")."""
    return {c.lower_ for c in verb.children if c.dep_ == "prt"} | {
        c.lower_ for c in verb.children
        if c.dep_ in ("advmod", "prep") and c.lower_ in ("down", "out", "off", "up", "back", "over", "away")
        and (c.i == verb.i + 1 or c.lower_ == "out" and any(g.lower_ == "of" for g in c.children))
    }  # fmt: skip


def _has_obligation(clause: Token) -> bool:
    obligation = cues()["obligation_modals"]
    for tok in clause.subtree:
        if tok.dep_ in ("aux", "auxpass") and tok.lower_ in obligation:
            return True
        if tok.lower_ in ("need", "have") and any(c.dep_ == "xcomp" for c in tok.children):
            return True
    return False


def _verb_facts(verb: Token, actors: dict[int, str]) -> tuple:
    """What every constraint check needs about a verb, worked out once per verb."""
    obj = syntax.direct_object(verb)
    obj_actor = obj is not None and syntax.phrase_actors(obj, actors) != []
    return _object_lemmas(verb), _preps(verb), obj, obj_actor


def satisfied(
    entry: VerbEntry, verb: Token, actors: dict[int, str], sectors: dict[str, str | None],
    facts: tuple | None = None,
) -> bool:  # fmt: skip
    """Whether every constraint of a lexicon entry holds for this verb (``facts``: the verb's
    :func:`_verb_facts`, when several entries are checked)."""
    c = entry.constraints
    objects, preps, obj, obj_actor = facts if facts is not None else _verb_facts(verb, actors)
    if "prt" in c and not (_particles(verb) & set(c["prt"])):
        return False
    if "obj" in c:
        ok = bool(objects & set(c["obj"]))
        if c.get("obj_person"):
            ok = ok or obj_actor
        if not ok:
            return False
    elif c.get("obj_person") and not obj_actor:
        return False
    if "obj_or_none" in c and obj is not None and not (objects & set(c["obj_or_none"])):
        return False
    if "prep" in c and not (preps & set(c["prep"])):
        return False
    if "prep_obj" in c:
        wanted = set(c["prep_obj"])
        found = {
            _lemma(o) for p in verb.children if p.dep_ == "prep"
            for o in p.children if o.dep_ == "pobj"
        }  # fmt: skip
        if not (found & wanted):
            return False
    if c.get("obj_actor") and not obj_actor:
        return False
    if c.get("obj_person_or_actor") and not obj_actor:
        return False
    if c.get("obj_actor_or_policy") and obj is None:
        return False
    if "obj_actor_or_prep" in c and not (obj_actor or preps & set(c["obj_actor_or_prep"])):
        return False
    if c.get("needs_content") and not syntax.children(verb, "xcomp", "ccomp"):
        return False
    if c.get("needs_content_or_obj") and not syntax.children(verb, "xcomp", "ccomp", "dobj"):
        return False
    if c.get("needs_ccomp") and not syntax.children(verb, "ccomp"):
        return False
    if c.get("needs_xcomp") and syntax.infinitive_complement(verb) is None:
        return False
    if c.get("needs_obj_noun") and (obj is None or syntax.children(verb, "ccomp", "xcomp")):
        return False
    if "prefix" in c:
        before = [t.lower_ for t in verb.doc[max(0, verb.i - 2) : verb.i] if t.text != "-"]
        if not before or before[-1] not in c["prefix"]:
            return False
    elif verb.i >= 2 and verb.doc[verb.i - 1].text == "-" and verb.doc[verb.i - 2].lower_ == "test":
        return False  # "test-fired": a weapons test, not an attack
    if c.get("not_ccomp") and syntax.children(verb, "ccomp"):
        return False
    if "needs_prep" in c and not (preps & set(c["needs_prep"])):
        return False
    if "not_prep" in c and preps & set(c["not_prep"]):
        return False
    if "needs_amod" in c:
        mods = {
            _lemma(m)
            for o in syntax.children(verb, "dobj")
            for m in o.children
            if m.dep_ in ("amod", "compound")
        }
        if not (mods & set(c["needs_amod"])):
            return False
    if "needs_obligation_or_prep" in c:
        clauses = syntax.children(verb, "ccomp")
        if not (
            any(_has_obligation(cl) for cl in clauses) or preps & set(c["needs_obligation_or_prep"])
        ):
            return False
    if "subject_sectors" in c or c.get("needs_military"):
        subj = syntax.subject(verb)
        subj_sectors = (
            {sectors.get(a) for a in syntax.phrase_actors(subj, actors)}
            if subj is not None
            else set()
        )
        if "subject_sectors" in c and not (subj_sectors & set(c["subject_sectors"])):
            return False
        if c.get("needs_military") and not (subj_sectors & {"MIL", "REB"}):
            return False
    return True


def match_verb(
    verb: Token, actors: dict[int, str], sectors: dict[str, str | None]
) -> VerbEntry | None:
    """The most specific lexicon entry for ``verb`` whose constraints hold, or None."""
    entries = verbs().get(_lemma(verb)) or verbs().get(verb.lower_)
    if not entries:
        return None
    facts = _verb_facts(verb, actors)
    for entry in entries:
        if satisfied(entry, verb, actors, sectors, facts):
            return entry
    return None


def trigger_end(verb: Token) -> int:
    """Extend a verb trigger over its particle ("pull out", "crack down")."""
    end = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return end


# ----------------------------------------------------------------------------- negation
INTENTION_HEADS = frozenset(
    {"expect", "plan", "intend", "want", "be", "able", "going", "go", "schedule", "set", "mean",
     "hope", "seek", "try", "aim", "prepare", "have", "need"}
)  # fmt: skip


def negation(cand: Candidate) -> tuple[bool, str]:
    """Whether the text says the action did not (or will not) happen, and the words that say so."""
    verb = cand.trigger
    for child in verb.children:
        if child.dep_ == "neg":
            return True, f"negated by '{child.text}'"
    for child in verb.children:
        if (
            child.dep_ == "advmod"
            and child.lower_ == "longer"
            and any(g.lower_ == "no" for g in child.children)
        ):
            return True, "'no longer'"
    head = verb.head
    if (
        verb.dep_ == "xcomp"
        and any(c.lower_ == "yet" for c in head.children)
        and head.lemma_ in ("have", "be")
    ):
        return True, f"'{head.text} yet to': it has not happened"
    if verb.dep_ == "pcomp" and head.lower_ == "of" and head.head.lemma_ == "short":
        return True, "'stopped short of'"
    if verb.dep_ in ("pcomp", "advcl") and head.lower_ == "without":
        return True, "'without ...'"
    if verb.dep_ == "xcomp" and head.i != verb.i and _lemma(head) in INTENTION_HEADS:
        negator = next((c for c in head.children if c.dep_ == "neg"), None)
        if negator is not None:
            return True, f"'{negator.text} {head.text} to': a negated intention"
    subj = syntax.subject(verb) if cand.kind == "verb" else None
    patient = syntax.passive_subject(verb) if cand.kind == "verb" else None
    if patient is not None and any(t.lower_ == "no" and t.dep_ == "det" for t in patient.children):
        return True, f"'no {patient.text}'"
    if subj is not None:
        for tok in subj.subtree:
            if tok.lower_ in ("neither", "no", "none", "nobody", "nor") and tok.dep_ in (
                "det",
                "preconj",
                "cc",
                "nsubj",
            ):
                return True, f"subject negated by '{tok.text}'"
    obj = syntax.direct_object(verb)
    if obj is not None:
        for tok in obj.subtree:
            if tok.lower_ == "no" and tok.dep_ == "det":
                return True, f"object negated by '{tok.text} {obj.text}'"
        window = verb.doc[obj.left_edge.i : obj.i + 1].text.lower()
        if "if any" in window or window.startswith("few") or " few" in window:
            if "if any" in window:
                return True, "hedged to nothing: 'few, if any'"
    node = verb
    for _ in range(3):
        if node.dep_ in ("xcomp",) and _lemma(node.head) in cues()["negating_heads"]:
            head_neg = any(c.dep_ == "neg" for c in node.head.children)
            if not head_neg:
                return True, f"'{node.head.text} to' says it did not happen"
        if node.dep_ in ("ccomp", "xcomp", "pcomp") and _lemma(node.head) in cues()["denial_verbs"]:
            return True, f"denied ('{node.head.text}')"
        if node.dep_ not in ("conj",) or node.head.i == node.i:
            break
        node = node.head
        for child in node.children:
            if child.dep_ == "neg":
                return True, f"negated by '{child.text}' on the coordinated verb"
    return False, ""


# ----------------------------------------------------------------------------- modality
def speech_head(verb: Token) -> Token | None:
    """The speech verb that reports ``verb`` ("the Kremlin confirmed that ..."), if any."""
    speech = cues()["speech_verbs"]
    node = verb
    for _ in range(4):
        if node.dep_ in ("ccomp", "parataxis") and _lemma(node.head) in speech:
            return node.head
        if node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            node = node.head
            continue
        break
    for child in verb.children:  # "X attacked Y, the army said" parsed with say below
        if child.dep_ in ("parataxis", "ccomp") and _lemma(child) in speech and child.i > verb.i:
            subj = syntax.subject(child)
            if subj is not None and subj.i > verb.i:
                return child
    return None


def according_to(sent: Span, actors: dict[int, str]) -> tuple[str | None, str | None]:
    """("actor id or outlet", text) for an "according to X" in the sentence."""
    if "according" not in doc_text(sent.doc)[sent.start_char : sent.end_char].lower():
        return None, None  # (most sentences: no need to walk their tokens)
    for tok in sent:
        if tok.lower_ == "according":
            for prep in tok.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        ids = syntax.phrase_actors(obj, actors)
                        return (ids[0] if ids else obj.text), f"according to {obj.text}"
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(tok.doc):
                obj = tok.doc[nxt.i + 1]
                ids = syntax.phrase_actors(obj, actors)
                return (ids[0] if ids else obj.text), f"according to {obj.text}"
    return None, None


def modality(cand: Candidate, sent: Span, actors: dict[int, str]) -> tuple[str, str | None, str]:
    """(modality, attributed_to, reason) by priority: conditional > demanded > hypothetical >
    planned > reported > asserted."""
    verb = cand.trigger
    c = cues()
    reasons = []
    auxes = [a for a in verb.children if a.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    speech = speech_head(verb)
    attributed, attribution_why = None, None
    if speech is not None:
        subj = syntax.subject(speech)
        ids = syntax.phrase_actors(subj, actors) if subj is not None else []
        attributed = ids[0] if ids else None
        attribution_why = f"reported by '{speech.text}'" + (
            f" ({subj.text})" if subj is not None else ""
        )
    outlet, outlet_why = according_to(sent, actors)
    if outlet is not None:
        attributed, attribution_why = outlet, outlet_why
    if verb.dep_ == "advcl" and any(
        m.lower_ in c["condition_marks"] for m in verb.children if m.dep_ == "mark"
    ):
        return "hypothetical", attributed, "inside a condition ('if ...'): not asserted to happen"
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.lower_ in c["condition_marks"] for m in child.children if m.dep_ == "mark"
        ):
            mark = next(m for m in child.children if m.dep_ == "mark")
            return "conditional", attributed, f"condition '{mark.text} {child.text} ...'"
    if aux_words & c["obligation_modals"] or (
        verb.dep_ == "xcomp" and _lemma(verb.head) in ("need", "have") and speech is not None
    ):
        return (
            "demanded",
            attributed,
            f"obligation '{'/'.join(sorted(aux_words & c['obligation_modals'])) or verb.head.text}'",
        )
    hypothetical = aux_words & c["hypothetical_modals"]
    if hypothetical:
        if hypothetical <= {"would"} and speech is not None:
            return "planned", attributed, "'would' under a speech verb: future in the past"
        return "hypothetical", attributed, f"modal '{'/'.join(sorted(hypothetical))}'"
    if aux_words & c["future_modals"]:
        return "planned", attributed, f"future '{'/'.join(sorted(aux_words & c['future_modals']))}'"
    node = verb
    for _ in range(3):
        if (
            node.dep_ in ("xcomp", "acl")
            and node.head.i != node.i
            and syntax.is_verbal(node.head)
            and _lemma(node.head) in c["plan_verbs"]
        ):
            head = node.head
            if _lemma(head) == "go" and not any(a.lower_ == "to" for a in node.children):
                break
            return "planned", attributed, f"'{head.text} to' points to the future"
        if node.dep_ == "conj":
            node = node.head
            continue
        break
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in c["reporting_adverbs"]:
            reasons.append(f"'{child.text}'")
            return "reported", attributed, f"hedged by '{child.text}'"
    if outlet is not None:
        return "reported", attributed, attribution_why or "attributed"
    if speech is not None:
        return "reported", attributed, attribution_why or "reported speech"
    return "asserted", None, "stated as fact"
