"""Scoring against PLOVER-convention sentence records (the PLOVER GSR development set).

Each record is one sentence with one event category and source/target actor codes. PLOVER
folds factuality into the category, so the coder's events are compared through
:func:`wirecoder.plover.plover_view`; the record's PLOVER 0.5 label is mapped to PLOVER 2.0
(``gold.LEGACY_LABELS``). The prediction for a record is the view of its highest-confidence event.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from wirecoder.evaluate.gold import normalise_label
from wirecoder.evaluate.match import normalise_country, normalise_name
from wirecoder.evaluate.scores import SupportsCode, prf, ratio
from wirecoder.plover import CATEGORIES, plover_view
from wirecoder.schema import Actor, Event, RawDocument

NONE = "NONE"
#: Codes that name no state; they match by actor sector or by the record's actor text.
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM", "UNO", "MNC"})


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Event records from a JSON list file, or from every such file in a folder.

    Args:
        path: a ``.json`` file holding a list of records, or a folder of them.

    Returns:
        The records, header records (event ``DOCUMENT``) left out.
    """
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    records: list[dict[str, Any]] = []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(data, list):
            records.extend(r for r in data if isinstance(r, dict) and r.get("text"))
    records = [r for r in records if str(r.get("event", "")).upper() != "DOCUMENT"]
    seen: Counter[str] = Counter()
    for record in records:
        # records are keyed by id when scored: a repeated id (the GSR has one) must not
        # let one sentence's output stand for another's
        key = str(record.get("id", ""))
        seen[key] += 1
        if seen[key] > 1:
            record["id"] = f"{key}#{seen[key]}"
    return records


def records_from_sentences(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our own annotated sentences (``training/plover/*.jsonl``) as PLOVER-convention records.

    The sentence's category is the PLOVER view of its main event (negation and modality folded
    in); a NONE sentence expects no event. Actors keep their text and code.
    """
    out = []
    for number, row in enumerate(rows):
        label = str(row.get("type", "")).upper()
        if label in CATEGORIES:
            modality = str(row.get("modality") or "asserted")
            label = plover_view(label, bool(row.get("negated")), modality)
        out.append({
            "id": str(row.get("_where") or f"sentence-{number}"),
            "text": row["text"],
            "event": label,
            "source": [{"actorText": a.get("text", ""), "code": a.get("code")}
                       for a in row.get("source") or [] if isinstance(a, dict)],
            "target": [{"actorText": a.get("text", ""), "code": a.get("code")}
                       for a in row.get("target") or [] if isinstance(a, dict)],
        })  # fmt: skip
    return out


def _code_all(records: Sequence[dict[str, Any]], coder: SupportsCode) -> dict[str, Any]:
    """Code every record, in one batch when the coder offers ``code_many``."""
    code_many = getattr(coder, "code_many", None)
    if callable(code_many):
        raws = [
            RawDocument(doc_id=str(r["id"]), text=r["text"], published=r.get("date") or None)
            for r in records
        ]
        return {str(getattr(doc, "doc_id", "")): doc for doc in code_many(raws)}
    return {
        str(r["id"]): coder.code(r["text"], published=r.get("date") or None, doc_id=str(r["id"]))
        for r in records
    }


def _events(doc: Any) -> list[Event]:
    """The events of a coded document; an error record (no ``events``) has none."""
    return list(getattr(doc, "events", None) or [])


def view(event: Event) -> str:
    """The PLOVER-convention category of an event."""
    return plover_view(event.type.upper(), event.negated, event.modality)


def _gold_actors(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []  # "" / None / a stray string: no coded actor
    return [a for a in value if isinstance(a, dict) and a.get("code")]


def gsr_actor_matches(gold: dict[str, Any], actor: Actor) -> bool:
    """Does an output actor match one GSR actor ``{actorText, code, sector}``?

    A country code matches the actor's country (after mapping non-ISO codes such as JAP).
    A non-state code (IGO, NGO ...) matches an actor whose sector or country carries that code,
    or whose name or alias is the record's actor text.

    Args:
        gold: the GSR actor.
        actor: the output actor.

    Returns:
        Whether they match.
    """
    code = normalise_country(gold.get("code"))
    if code is None:
        return False
    if normalise_country(actor.country) == code:
        return True
    if code not in NON_STATE_CODES:
        return False
    if actor.sector and actor.sector.strip().upper().startswith(code):
        return True
    text = normalise_name(str(gold.get("actorText") or ""))
    return bool(text) and text in {normalise_name(n) for n in (actor.name, *actor.aliases)}


def _role_correct(gold: list[dict[str, Any]], actor_ids: Iterable[str], doc: Any) -> bool:
    actors = [a for a in (doc.actor(i) for i in actor_ids) if a is not None]
    return any(gsr_actor_matches(g, a) for g in gold for a in actors)


def _role(gold: list[dict[str, Any]], top: Event | None, doc: Any, role: str) -> bool | None:
    """None when the record codes no such actor; else whether the top event's actors match."""
    if not gold:
        return None
    return top is not None and _role_correct(gold, getattr(top, role), doc)


def _top_event(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.confidence) if events else None


def _per_category(pairs: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    labels = {g for g, _ in pairs} | {p for _, p in pairs}
    ordered = [c for c in CATEGORIES if c in labels] + sorted(labels - set(CATEGORIES) - {NONE})
    table = {}
    for label in ordered:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        table[label] = {**prf(tp, fp, fn), "support": tp + fn}
    return table


def _iter_scored(
    records: Sequence[dict[str, Any]], coded: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    for record in records:
        doc = coded.get(str(record["id"]))
        events = _events(doc)
        top = _top_event(events)
        sources, targets = _gold_actors(record.get("source")), _gold_actors(record.get("target"))
        yield {
            "id": str(record["id"]),
            "gold": normalise_label(str(record["event"])),
            "predicted": view(top) if top else NONE,
            "any": {view(e) for e in events},
            "source": _role(sources, top, doc, "source"),
            "target": _role(targets, top, doc, "target"),
        }  # fmt: skip


def score_records(records: Sequence[dict[str, Any]], coded: dict[str, Any]) -> dict[str, Any]:
    """Score coded documents (keyed by record id) against GSR records.

    Args:
        records: GSR records (no header).
        coded: record id -> CodedDocument (a missing id counts as no events).

    Returns:
        ``records``, ``accuracy``, ``any_accuracy``, ``per_category``, ``confusion`` (gold ->
        predicted -> count), ``source_country_accuracy``, ``target_country_accuracy`` and
        ``mistakes`` (id, gold, predicted) for debugging.
    """
    scored = list(_iter_scored(records, coded))
    n = len(scored)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for s in scored:
        confusion[s["gold"]][s["predicted"]] += 1

    def role_accuracy(key: str) -> float:
        judged = [s[key] for s in scored if s[key] is not None]
        return ratio(sum(judged), len(judged))

    return {
        "records": n,
        "accuracy": ratio(sum(s["gold"] == s["predicted"] for s in scored), n),
        "any_accuracy": ratio(sum(s["gold"] in s["any"] for s in scored), n),
        "per_category": _per_category([(s["gold"], s["predicted"]) for s in scored]),
        "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
        "source_country_accuracy": role_accuracy("source"),
        "target_country_accuracy": role_accuracy("target"),
        "mistakes": [
            {"id": s["id"], "gold": s["gold"], "predicted": s["predicted"]}
            for s in scored
            if s["gold"] != s["predicted"]
        ],
    }


def evaluate_sentences(
    path: str | Path, coder: SupportsCode, dev_only: bool = False
) -> dict[str, Any]:
    """Score the coder on our own annotated sentences (a folder of ``*.jsonl``, the training
    format); ``dev_only`` keeps the 1-in-5 sentences the held-out model never saw."""
    from wirecoder.pipeline.events.training import is_dev, read_examples

    rows = read_examples(path)
    if dev_only:
        rows = [r for r in rows if is_dev(str(r["text"]))]
    records = records_from_sentences(rows)
    return score_records(records, _code_all(records, coder))


def evaluate_plover_gsr(path: str | Path, coder: SupportsCode) -> dict[str, Any]:
    """Code every GSR record's sentence on its own and score categories and actor codes.

    Args:
        path: the GSR JSON file (a list of records) or a folder of such files.
        coder: anything with ``.code(text, published=..., doc_id=...)``; ``code_many`` over
            :class:`~wirecoder.schema.RawDocument` is used when present (one batch is faster).

    Returns:
        See :func:`score_records`.
    """
    records = load_records(path)
    return score_records(records, _code_all(records, coder))


__all__ = [
    "evaluate_plover_gsr", "evaluate_sentences", "gsr_actor_matches", "load_records",
    "records_from_sentences", "score_records", "view",
]  # fmt: skip
