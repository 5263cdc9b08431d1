"""Train the event classifier from sentences we wrote ourselves (``training/plover/*.jsonl``).

One command rebuilds the packaged model: ``make model`` (= ``wirecoder train-events``). The
result is deterministic: same data, same lexicon, same spaCy pipeline → the same bytes.

Each training line is one sentence with its main event's trigger words and category (and other
events of the sentence under ``also``)::

    {"text": "...", "trigger": "held talks", "type": "CONSULT", "also": [...], ...}

The sentence is parsed by the same pipeline that codes news (so actors, sectors and what the
lexicon rules say are features exactly as at coding time); the trigger's head token becomes an
example of its category, every other verb and rule trigger of the sentence an example of NONE.
The model is a multinomial logistic regression fitted by full-batch Adam with L2 weight decay
over features seen at least twice; numpy only.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from wirecoder.pipeline.events.classifier import (
    NONE,
    EventClassifier,
    features,
    sentence_predicates,
)
from wirecoder.plover import CATEGORIES

CLASSES = [NONE, *CATEGORIES]


@dataclass
class Instance:
    features: list[str]
    label: str
    text: str
    trigger: str
    lemma: str
    noun: bool
    dev: bool


def read_examples(folder: str | Path) -> list[dict]:
    """Every valid line of every ``*.jsonl`` file in ``folder`` (sorted, so order is stable).

    Raises:
        ValueError: naming the file and line of a malformed record.
    """
    rows: list[dict] = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc})") from None
            label = str(row.get("type", "")).upper()
            if label not in CLASSES:
                raise ValueError(f"{path}:{number}: unknown type {label!r}")
            trigger = str(row.get("trigger") or "")
            if label != NONE and trigger not in str(row.get("text", "")):
                raise ValueError(f"{path}:{number}: trigger {trigger!r} not in the text")
            row["type"] = label
            row["_where"] = f"{path.name}:{number}"
            rows.append(row)
    return rows


def is_dev(text: str, share: int = 5) -> bool:
    """A stable 1-in-``share`` split by the text's hash (not by position: files grow)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % share == 0


def _anchor(doc: Doc, text: str, phrase: str) -> Token | None:
    """The head token of the first occurrence of ``phrase`` (a verb is preferred to its
    auxiliary or light noun)."""
    at = text.find(phrase)
    if not phrase or at < 0:
        return None
    span = doc.char_span(at, at + len(phrase), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [t for t in span if t.pos_ == "VERB"]
    root = span.root
    if root.pos_ != "VERB" and verbs:
        return verbs[0]
    return root


def _spans(doc: Doc, text: str, phrases: list[str]) -> set[int]:
    covered: set[int] = set()
    for phrase in phrases:
        at = text.find(phrase) if phrase else -1
        if at >= 0:
            span = doc.char_span(at, at + len(phrase), alignment_mode="expand")
            if span is not None:
                covered.update(t.i for t in span)
    return covered


def instances(rows: list[dict], nlp, batch_size: int = 64) -> Iterator[Instance]:
    """Parse the sentences and turn each predicate into a labelled feature list."""
    from wirecoder.pipeline.events.extract import SentenceEvents

    texts = [str(r["text"]) for r in rows]
    with nlp.select_pipes(disable=["wirecoder_events"]):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    nouns: set[str] = set()  # event nouns: every other use of them is a NONE example
    for row, doc in zip(rows, docs):
        for phrase, _ in _labelled(row):
            anchor = _anchor(doc, str(row["text"]), phrase)
            if anchor is not None and anchor.pos_ == "NOUN":
                nouns.add(anchor.lemma_.lower())
    for row, doc in zip(rows, docs):
        yield from _doc_instances(row, doc, SentenceEvents, nouns)


def _labelled(row: dict) -> list[tuple[str, str]]:
    """(trigger, category) of the sentence's main event and of its other events."""
    events = [] if row["type"] == NONE else [(str(row.get("trigger") or ""), row["type"])]
    for extra in row.get("also") or []:
        if isinstance(extra, dict) and str(extra.get("type", "")).upper() in CATEGORIES:
            events.append((str(extra.get("trigger") or ""), str(extra["type"]).upper()))
    return events


def _doc_instances(row: dict, doc: Doc, finder_cls, nouns: set[str]) -> Iterator[Instance]:
    from wirecoder.pipeline.events.extract import actor_tables

    text = str(row["text"])
    token_actor, sectors, kinds = actor_tables(doc)
    labels: dict[int, str] = {}
    skip: set[int] = set()
    for phrase, label in _labelled(row):
        anchor = _anchor(doc, text, phrase)
        if anchor is not None:
            labels.setdefault(anchor.i, label)
            skip |= _spans(doc, text, [phrase]) - {anchor.i}
    dev = is_dev(text)
    for sent in doc.sents:
        finder = finder_cls(sent, token_actor, sectors, kinds, None)
        rule_types: dict[int, str] = {}
        for cand in finder.find():
            rule_types.setdefault(cand.trigger.i, cand.type)
        extra = [doc[i] for i in rule_types]
        extra += [doc[i] for i in labels if sent.start <= i < sent.end]
        extra += [t for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in nouns]
        for token in sentence_predicates(sent, extra):
            if token.i in skip:
                continue
            if token.i not in labels and token.i in rule_types and row["type"] != NONE:
                continue  # a lexicon event the writer did not list under "also": unknown, not NONE
            feats = features(token, rule_types.get(token.i), token_actor, sectors, kinds)
            yield Instance(feats, labels.get(token.i, NONE), text, token.text, token.lemma_.lower(),
                           token.pos_ == "NOUN", dev)


def fit(
    data: list[Instance], min_count: int = 2, l2: float = 3e-5, steps: int = 400,
    rate: float = 0.05, seed: int = 0,
) -> EventClassifier:  # fmt: skip
    """Multinomial logistic regression by full-batch Adam; deterministic for fixed inputs."""
    counts = Counter(f for inst in data for f in set(inst.features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    class_index = {c: i for i, c in enumerate(CLASSES)}
    rows, cols = [], []
    for n, inst in enumerate(data):
        for f in dict.fromkeys(inst.features):
            if f in index:
                rows.append(n)
                cols.append(index[f])
    rows_a = np.asarray(rows, dtype=np.int64)
    cols_a = np.asarray(cols, dtype=np.int64)
    y = np.asarray([class_index[i.label] for i in data], dtype=np.int64)
    n_items, n_classes = len(data), len(CLASSES)
    onehot = np.zeros((n_items, n_classes))
    onehot[np.arange(n_items), y] = 1.0
    rng = np.random.default_rng(seed)
    weights = rng.normal(0.0, 0.001, size=(len(names), n_classes))
    bias = np.zeros(n_classes)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        scores = np.zeros((n_items, n_classes))
        np.add.at(scores, rows_a, weights[cols_a])
        scores += bias
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        delta = (probs - onehot) / n_items
        grad_w = np.zeros_like(weights)
        np.add.at(grad_w, cols_a, delta[rows_a])
        grad_w += l2 * weights
        grad_b = delta.sum(axis=0)
        for param, grad, m, v in ((weights, grad_w, m_w, v_w), (bias, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            m_hat = m / (1 - beta1**step)
            v_hat = v / (1 - beta2**step)
            param -= rate * m_hat / (np.sqrt(v_hat) + eps)
    keep = np.abs(weights).max(axis=1) >= 0.01
    kept = {names[i]: weights[i].tolist() for i in np.flatnonzero(keep)}
    return EventClassifier(CLASSES, kept, bias.tolist(), _lemma_meta(data))


def _lemma_meta(data: list[Instance]) -> dict:
    """The lemmas that named events in training: verbs (any predicate) and nouns apart, since a
    noun is scored only when it is one of them."""
    kinds: dict[str, set[str]] = {}
    for inst in data:
        if inst.label != NONE:
            kinds.setdefault(inst.lemma, set()).add(inst.label)
    return {
        "event_lemmas": sorted(kinds),
        "event_nouns": sorted({i.lemma for i in data if i.label != NONE and i.noun}),
        # light verbs: the category is in the object ("held talks", "led a march", "took part")
        "light_lemmas": sorted(lemma for lemma, labels in kinds.items() if len(labels) >= 3),
    }


def accuracy(model: EventClassifier, data: list[Instance]) -> dict:
    """Accuracy over predicates, and over event predicates (labels other than NONE)."""
    right = events = events_right = 0
    for inst in data:
        label = model.predict(inst.features).label
        right += label == inst.label
        if inst.label != NONE:
            events += 1
            events_right += label == inst.label
    return {
        "predicates": len(data),
        "accuracy": round(right / len(data), 3) if data else 0.0,
        "events": events,
        "event_accuracy": round(events_right / events, 3) if events else 0.0,
    }


def sentence_scores(rows: list[dict], nlp, model: EventClassifier | None) -> dict:
    """Code ``rows`` with the whole pipeline (``model`` in the event stage, or rules only) and
    score them as PLOVER records: category accuracy and source/target country accuracy."""
    from wirecoder.coder import Coder
    from wirecoder.evaluate.plover_gsr import _code_all, records_from_sentences, score_records

    events = nlp.get_pipe("wirecoder_events")
    saved = events.classifier
    events.classifier = model
    try:
        records = records_from_sentences(rows)
        scores = score_records(records, _code_all(records, Coder(nlp=nlp)))
    finally:
        events.classifier = saved
    return {k: scores[k] for k in ("records", "accuracy", "source_country_accuracy",
                                   "target_country_accuracy")}  # fmt: skip


def train(folder: str | Path, out: str | Path, nlp, log=print) -> dict:
    """Train on ``folder``; report held-out figures (1 in 5 sentences), then refit on all and save.

    Returns:
        The report (also stored in the model's ``meta``).
    """
    rows = read_examples(folder)
    data = list(instances(rows, nlp))
    log(f"{len(rows)} sentences, {len(data)} predicates")
    train_part = [i for i in data if not i.dev]
    dev_part = [i for i in data if i.dev]
    held = fit(train_part)
    report = {
        "sentences": len(rows),
        "per_type": dict(sorted(Counter(r["type"] for r in rows).items())),
        "held_out": accuracy(held, dev_part),
    }
    log(f"held-out (1 in 5 sentences): {report['held_out']}")
    dev_rows = [r for r in rows if is_dev(str(r["text"]))]
    report["held_out_sentences"] = {
        "rules_only": sentence_scores(dev_rows, nlp, None),
        "rules_and_model": sentence_scores(dev_rows, nlp, held),
    }
    log(f"held-out sentences, whole pipeline: {report['held_out_sentences']}")
    model = fit(data)
    report["train"] = accuracy(model, data)
    data_hash = hashlib.sha256()
    for row in rows:
        data_hash.update(json.dumps({k: v for k, v in row.items() if k != "_where"},
                                    sort_keys=True).encode())  # fmt: skip
    model.meta = {
        "version": "1",
        **_lemma_meta(data),
        "trained_on": str(Path(folder)),
        "data_sha256": data_hash.hexdigest(),
        "spacy_pipeline": nlp.meta.get("name", "?") + "-" + nlp.meta.get("version", "?"),
        "report": report,
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    log(f"saved {out}: {len(model._names)} features × {len(model.classes)} classes")
    return report


__all__ = ["fit", "instances", "read_examples", "train"]
