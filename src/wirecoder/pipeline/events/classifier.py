"""The learned event classifier: which PLOVER category (or none) a predicate names.

The lexicon rules in :mod:`extract` know a verb's usual category; they cannot weigh the words
around it ("took part in talks" vs "took part in a raid", "opened its borders to refugees" vs
"opened fire on"). This module scores every predicate of a sentence with a small multinomial
logistic regression over sparse, readable features of its dependency context (the lemma, its
particle, object, prepositions, complements, head, whether its arguments are actors, and what
the lexicon said). The model is trained by :mod:`wirecoder.pipeline.events.training` on sentences
we wrote ourselves (``training/plover/``), is a few hundred kilobytes of JSON inside the package,
and costs microseconds per predicate: it needs nothing but numpy.

Every decision it takes is explained with the category, its probability and the features that
weighed most, so an analyst can see why a predicate was coded the way it was.
"""

from __future__ import annotations

import gzip
import json
import math
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

NONE = "NONE"
MODEL_FILE = "event_classifier.v1.json.gz"
#: Environment variable: ``off`` codes with the lexicon rules alone; a path loads another model.
MODEL_ENV = "WIRECODER_EVENT_MODEL"

_ARGUMENT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "acomp"})
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
_SKIP_LEMMAS = frozenset({"be", "have", "do"})


class Prediction:
    """The classifier's view of one predicate (evidence is worked out only when asked for)."""

    __slots__ = ("_model", "_rows", "_probs", "label", "probability")

    def __init__(self, model: EventClassifier, rows: list[int], probs: list[float]) -> None:
        self._model = model
        self._rows = rows
        self._probs = probs
        best = max(range(len(probs)), key=probs.__getitem__)
        self.label: str = model.classes[best]
        self.probability: float = probs[best]

    def p(self, label: str) -> float:
        index = self._model.class_index.get(label)
        return self._probs[index] if index is not None else 0.0

    @property
    def probabilities(self) -> dict[str, float]:
        return {c: float(p) for c, p in zip(self._model.classes, self._probs)}

    @property
    def evidence(self) -> tuple[str, ...]:
        """The features that pushed most towards ``label``."""
        return self._model.evidence(self._rows, self._model.class_index[self.label])

    def explain(self) -> str:
        shown = ", ".join(self.evidence[:4])
        return f"{self.label} p={self.probability:.2f}" + (f" [{shown}]" if shown else "")


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def is_candidate(token: Token) -> bool:
    """Predicates the classifier scores: full verbs (not auxiliaries, not participles used as
    adjectives) — nominal and other rule triggers are added by the caller."""
    return token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass", "amod")


def features(
    token: Token,
    rule_type: str | None,
    actors: dict[int, str],
    sectors: dict[str, str | None],
    kinds: dict[str, str],
) -> list[str]:
    """Sparse features of one predicate in its sentence.

    Args:
        token: the predicate's head token.
        rule_type: the category the lexicon rules gave this token, if any.
        actors: token index → actor id (the actor stage's ``token_actor``).
        sectors: actor id → sector; ``id + "#country"`` → ISO-3.
        kinds: actor id → actor kind (state, person, organisation, group).

    Returns:
        Feature strings; the same function serves training and coding.
    """
    lemma = token.lemma_.lower()
    out = ["bias", "l=" + lemma, "pos=" + token.pos_, "d=" + token.dep_, "r=" + (rule_type or NONE)]
    if rule_type:
        out.append(f"r|l={rule_type}|{lemma}")
    children = list(token.children)
    if token.tag_ == "VBN" and any(c.dep_ in ("auxpass", "agent") for c in children):
        out.append("pass")
        out.append("l|pass=" + lemma)
    for child in children:
        dep = child.dep_
        clem = child.lemma_.lower()
        grands = list(child.children)
        # content words two steps down: the predicate's own phrase
        if child.pos_ in _CONTENT_POS:
            out.append("c=" + clem)
        for grand in grands:
            if grand.pos_ in _CONTENT_POS:
                out.append("c=" + grand.lemma_.lower())
        if dep == "prt":
            out.append(f"lp={lemma}_{clem}")
        elif dep in _ARGUMENT_DEPS:
            out.append(f"{dep}={clem}")
            out.append(f"l|{dep}={lemma}|{clem}")
            out.extend(_actor_features(child, dep, actors, sectors, kinds))
            for grand in grands:
                gdep = grand.dep_
                if gdep in ("compound", "amod"):
                    out.append(f"{dep}m={grand.lemma_.lower()}")
                elif gdep == "prep":
                    out.append(f"{dep}p={grand.lower_}")
                    for pobj in grand.children:
                        if pobj.dep_ == "pobj":
                            out.append(f"{dep}p={grand.lower_}|{pobj.lemma_.lower()}")
                            out.extend(_actor_features(pobj, f"{dep}p", actors, sectors, kinds))
        elif dep in ("prep", "agent"):
            prep = child.lower_
            out.append("p=" + prep)
            out.append(f"l|p={lemma}|{prep}")
            for pobj in grands:
                if pobj.dep_ == "pobj":
                    out.append(f"pp={prep}|{pobj.lemma_.lower()}")
                    out.extend(_actor_features(pobj, "p" + prep, actors, sectors, kinds))
        elif dep in ("xcomp", "ccomp"):
            out.append(f"{dep}={clem}")
            out.append(f"l|{dep}={lemma}|{clem}")
            for grand in grands:
                if grand.dep_ == "dobj":
                    out.append(f"{dep}o={grand.lemma_.lower()}")
        elif dep in ("nsubj", "csubj"):
            out.append("s=" + clem)
            out.extend(_actor_features(child, "s", actors, sectors, kinds))
            for grand in grands:
                if grand.dep_ in ("compound", "amod"):
                    out.append("sm=" + grand.lemma_.lower())
        elif dep == "neg":
            out.append("neg")
    if token.dep_ != "ROOT":
        head_lemma = token.head.lemma_.lower()
        out.append("h=" + head_lemma)
        out.append(f"hd={head_lemma}|{token.dep_}")
    return out


def _actor_features(
    token: Token, role: str, actors: dict[int, str], sectors: dict[str, str | None],
    kinds: dict[str, str],
) -> list[str]:  # fmt: skip
    actor = actors.get(token.i)
    if actor is None:
        for child in token.children:  # "the Sudanese army": the actor sits on a modifier
            if child.dep_ in ("compound", "amod", "poss") and child.i in actors:
                actor = actors[child.i]
                break
    if actor is None:
        return []
    return [f"{role}:actor", f"{role}:sec={sectors.get(actor) or '-'}",
            f"{role}:kind={kinds.get(actor, '-')}"]  # fmt: skip


class EventClassifier:
    """A trained model: classes, one weight row per known feature, and a bias."""

    def __init__(
        self, classes: list[str], weights: dict[str, list[float]], bias: list[float],
        meta: dict | None = None,
    ) -> None:  # fmt: skip
        self.classes = tuple(classes)
        self.meta = dict(meta or {})
        self._index = {name: i for i, name in enumerate(weights)}
        self._names = list(weights)
        self._matrix = np.asarray(list(weights.values()), dtype=np.float32).reshape(
            len(weights), len(classes)
        )
        self._bias = np.asarray(bias, dtype=np.float32)
        self.class_index = {c: i for i, c in enumerate(self.classes)}
        self._event_lemmas = frozenset(self.meta.get("event_lemmas", ()))
        self._event_nouns = frozenset(self.meta.get("event_nouns", ()))
        self._light = frozenset(self.meta.get("light_lemmas", ()))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "?"))

    def knows(self, lemma: str) -> bool:
        """Whether a predicate with this lemma can be an event for the model (it was one in the
        training sentences); other predicates are scored only when the rules found them."""
        return lemma in self._event_lemmas

    def is_light(self, lemma: str) -> bool:
        """A verb that named events of three or more categories in training ("lead", "hold",
        "take"): its category comes from its object, so the model must be surer to code it."""
        return lemma in self._light

    def knows_noun(self, lemma: str) -> bool:
        """Whether this noun named an event in the training sentences ("abduction", "pledge")."""
        return lemma in self._event_nouns

    def predict(self, feats: list[str]) -> Prediction:
        """Class probabilities for one predicate's features."""
        index = self._index
        rows = list({index[f] for f in feats if f in index})  # each feature once, as in training
        scores = (self._bias + self._matrix[rows].sum(axis=0) if rows else self._bias).tolist()
        top = max(scores)
        exps = [math.exp(x - top) for x in scores]  # 17 classes: plain floats beat numpy here
        total = sum(exps)
        return Prediction(self, rows, [x / total for x in exps])

    def evidence(self, rows: list[int], column: int) -> tuple[str, ...]:
        if not rows:
            return ()
        contrib = self._matrix[rows, column]
        order = np.argsort(-contrib)[:4]
        return tuple(self._names[rows[i]] for i in order if contrib[i] > 0.25)

    def to_json(self) -> dict:
        return {
            "meta": self.meta,
            "classes": list(self.classes),
            "bias": [round(float(b), 4) for b in self._bias],
            "weights": {
                name: [round(float(w), 4) for w in self._matrix[i]]
                for i, name in enumerate(self._names)
            },
        }

    def save(self, path: str | Path) -> None:
        data = json.dumps(self.to_json(), separators=(",", ":"), sort_keys=False)
        with open(path, "wb") as raw, gzip.GzipFile(
            filename="", fileobj=raw, mode="wb", mtime=0
        ) as fh:  # no name, no time in the header: the same bytes every build
            fh.write(data.encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> EventClassifier:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(data["classes"], data["weights"], data["bias"], data.get("meta"))


@lru_cache(maxsize=4)
def load_classifier(setting: str | None = None) -> EventClassifier | None:
    """The packaged model, another one (a path), or none (``off``).

    Args:
        setting: ``None`` reads ``WIRECODER_EVENT_MODEL`` (default: the packaged model).

    Returns:
        The classifier, or None when switched off or not built (the rules code alone then).
    """
    setting = setting if setting is not None else os.environ.get(MODEL_ENV, "")
    if setting.strip().lower() in ("off", "none", "0", "false"):
        return None
    if setting.strip():
        return EventClassifier.load(setting.strip())
    packaged = resources.files("wirecoder.data").joinpath("models").joinpath(MODEL_FILE)
    if not packaged.is_file():
        return None
    with resources.as_file(packaged) as path:
        return EventClassifier.load(path)


def sentence_predicates(sent: Span, extra: list[Token]) -> list[Token]:
    """The tokens to score in a sentence: its verbs and the rule triggers (``extra``)."""
    seen: dict[int, Token] = {t.i: t for t in sent if is_candidate(t)}
    for token in extra:
        seen.setdefault(token.i, token)
    return [seen[i] for i in sorted(seen)]


__all__ = [
    "EventClassifier", "MODEL_ENV", "NONE", "Prediction", "features", "is_candidate",
    "load_classifier", "sentence_predicates",
]  # fmt: skip
