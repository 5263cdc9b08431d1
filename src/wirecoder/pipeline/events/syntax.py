"""Small questions about the dependency parse that the event rules ask again and again:
who is the subject of this verb, what is its object, is it passive, which actors does a noun
phrase name. Kept apart from the rules so each rule reads as policy, not tree walking."""

from __future__ import annotations

from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# Dependency labels that stay inside one noun phrase (or a coordination of noun phrases).
PHRASE_DEPS = frozenset(
    {"conj", "appos", "compound", "cc", "preconj", "det", "amod", "nmod", "flat", "nummod"}
)
# Verbs whose object does what the infinitive says ("urged Russia to withdraw"); with others
# the subject does ("used the plenary to accuse").
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "order", "tell", "force", "persuade", "allow", "invite", "challenge", "call",
     "press", "encourage", "instruct", "warn", "permit", "help", "pressure", "compel", "require",
     "request", "beg", "implore", "advise", "authorize", "authorise", "enable", "oblige"}
)  # fmt: skip
QUANTITY_HEADS = frozenset(
    {"thousand", "hundred", "dozen", "million", "group", "crowd", "number", "some", "many",
     "most", "several", "unit", "band", "team", "contingent", "all", "both", "each"}
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "both", "all", "each", "whose"})


def children(token: Token, *deps: str) -> list[Token]:
    """Children of ``token`` with one of the given dependency labels."""
    return [c for c in token.children if c.dep_ in deps]


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB"))


#: Participles that, after "be", state the subject's own stance: "Israel is opposed to French
#: mediation", "is committed to", "is determined to" (the subject acts; no one acts on it).
STANCE_PARTICIPLES = frozenset(
    {"oppose", "commit", "determine", "prepare", "dedicate", "resolve", "engage", "involve"}
)  # ("Serb forces were engaged in ethnic cleansing": the forces acted)


def is_passive(verb: Token) -> bool:
    """True for "were proposed by", and for a past participle modifying a noun ("a plan backed by")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        if verb.lemma_.lower() in STANCE_PARTICIPLES and not any(
            c.dep_ == "agent" for c in verb.children
        ):
            return False
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def subject(verb: Token) -> Token | None:
    """The token that does the action of ``verb``, following control, coordination and clauses.

    "Ukraine continues to view": view → continue's subject; "X is pushing ... and has warned":
    warned → pushing's subject; "..., saying he would": saying → the main clause's subject;
    a relative clause "officials who met" → its antecedent.
    """
    node = verb
    if verb.lemma_.lower() in STANCE_PARTICIPLES and not is_passive(verb):
        stance = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if stance:
            return stance[0]  # "Israel is opposed to ...": Israel opposes
        if verb.dep_ == "acomp" and verb.head.lemma_ == "be":
            stance = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if stance:
                return stance[0]  # the same, parsed as "is" + adjective
    for _ in range(6):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            # the subject nearest the verb: a dateline parsed as a second subject is further
            before = [c for c in subjects if c.i < node.i]
            child = before[-1] if before else subjects[0]
            if child.dep_ in ("csubj", "nsubj") and child.tag_ in ("VBG", "VBN"):
                # "The Red Cross working in Iraq said ..." misparsed as a clause subject: the
                # participle's own subject is the phrase's head noun
                noun = [c for c in child.children if c.dep_ == "nsubj" and not is_verbal(c)]
                if noun and not children(child, "aux", "auxpass"):
                    return noun[0]
            if child.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                return None if is_verbal(node.head) else node.head
            return child
        if node is not verb and node.dep_ != "conj":
            raised = [c for c in node.children if c.dep_ == "nsubjpass"]
            if raised and not syntax_has_agent(node):
                return raised[0]  # "Putin is expected to attend": Putin attends
        if node.dep_ in ("xcomp", "conj") and is_verbal(node.head):
            if node.dep_ == "xcomp" and node.head.lemma_.lower() in OBJECT_CONTROL:
                objects = children(node.head, "dobj")
                if objects:  # object control: "urged Russia to withdraw" → Russia withdraws
                    return objects[0]
            node = node.head
            continue
        if (
            node.dep_ == "advcl"
            and is_verbal(node.head)
            and not any(c.dep_ == "mark" for c in node.children)
        ):  # "..., saying he would" / "met X to align": the main clause's subject
            node = node.head
            continue
        if node.dep_ == "relcl":
            return None if is_verbal(node.head) else node.head
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ in ("dobj", "pobj"):
            # "issued a statement calling for ...": whoever issued the statement calls
            holder = node.head.head if node.head.dep_ == "dobj" else node.head.head.head
            if is_verbal(holder):
                node = holder
                continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            anchor = node.head.head
            if not is_verbal(anchor) and anchor.dep_ in ("acomp", "advmod", "oprd", "dobj"):
                anchor = anchor.head  # "stopped short of imposing", "took steps toward ..."
            if is_verbal(anchor):
                node = anchor  # "responded by declaring a ceasefire": who responded declared
                continue
        return None
    return None


def syntax_has_agent(verb: Token) -> bool:
    return any(c.dep_ == "agent" for c in verb.children)


def agent(verb: Token) -> Token | None:
    """The object of "by" in a passive: "proposed by Putin" → Putin."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = children(child, "pobj")
            if objects:
                return objects[0]
    return None


def direct_object(verb: Token) -> Token | None:
    """The verb's object; for an object-control verb whose infinitive the parser made a clause
    ("allowed [Odinga to run]"), the infinitive's subject."""
    objects = children(verb, "dobj", "obj")
    if objects:
        return objects[0]
    clause = control_clause(verb)
    return children(clause, "nsubj")[0] if clause is not None else None


def infinitive_complement(verb: Token) -> Token | None:
    """The infinitive a verb takes as its content: an xcomp ("vowed to fight"), an
    object-control clause ("allowed X to run"), or "to fight" misparsed as a purpose clause on
    a verb with no object or particle ("have sworn to fight"); else None."""
    found = children(verb, "xcomp") or [c for c in [control_clause(verb)] if c is not None]
    if found:
        return found[0]
    if children(verb, "dobj", "prt"):
        return None  # "sworn in to serve", "used the plenary to accuse": a real purpose
    for clause in children(verb, "advcl"):
        if clause.i > verb.i and not children(clause, "mark") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            return clause
    return None


def control_clause(verb: Token) -> Token | None:
    """ "allowed Odinga to run", "urged Kyiv to talk" parsed as a clause with its own subject
    (ccomp, "to" infinitive) under an object-control verb: that clause, else None."""
    if verb.lemma_.lower() not in OBJECT_CONTROL:
        return None
    for clause in children(verb, "ccomp"):
        if children(clause, "nsubj") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            return clause
    return None


def passive_subject(verb: Token) -> Token | None:
    found = children(verb, "nsubjpass")
    return found[0] if found else None


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("X and Y", "neither X nor Y")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(with_conjuncts(child))
    return out


def phrase_actors(token: Token, token_actor: dict[int, str]) -> list[str]:
    """Actor ids named by the noun phrase headed by ``token`` (coordinations included).

    Walks only phrase-internal dependencies, so "President Zelenskiy of Ukraine" gives the
    person, not Ukraine too, and "the talks between Kyiv and Moscow" gives nothing.
    """
    found: list[str] = []
    via_poss: set[str] = set()
    stack = [token]
    seen: set[int] = set()
    while stack:
        node = stack.pop(0)
        if node.i in seen:
            continue
        seen.add(node.i)
        actor = token_actor.get(node.i)
        if actor and actor not in found:
            owner = token_actor.get(node.head.i)
            # "U.N. Secretary-General Guterres": an affiliation modifying another actor's
            # mention is not a second actor; coordinations and appositions are.
            if not (owner and owner != actor and node.dep_ in ("compound", "nmod", "amod", "poss")):
                found.append(actor)
        if actor and node.dep_ == "poss":
            via_poss.add(actor)
        for child in node.children:
            if child.dep_ == "appos" and actor and token_actor.get(child.i) != actor:
                continue  # "Sergei Lavrov, Russia's foreign minister": the appositive is him
            if child.dep_ in PHRASE_DEPS:
                stack.append(child)
            elif (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and node.lemma_.lower() in QUANTITY_HEADS
                and not token_actor.get(node.i)
            ):  # "thousands of protesters", "a group of soldiers"
                stack.extend(o for o in child.children if o.dep_ == "pobj")
    if len(found) > 1 and via_poss:
        # "Rwanda's minister for integration, James Kabarebe": the possessor is his affiliation
        found = [a for a in found if a not in via_poss] or found
    return found


def prep_objects(token: Token, preps: frozenset[str] | set[str]) -> list[tuple[Token, Token]]:
    """(preposition, object) pairs under ``token`` for the listed prepositions."""
    pairs = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    pairs.append((child, obj))
    return pairs


def clause_span(doc: Doc, token: Token, limit: int = 14) -> tuple[int, int]:
    """Token range for the phrase headed by ``token``, cut to ``limit`` tokens."""
    left = token.left_edge.i
    right = token.right_edge.i + 1
    if right - left > limit:
        right = min(right, token.i + 1 + max(0, limit - (token.i + 1 - left)))
    while right - 1 > left and doc[right - 1].is_punct:
        right -= 1
    while left < right - 1 and doc[left].is_punct:
        left += 1
    return left, right
