"""Scoring coded documents against gold annotations (``*.gold.json``).

:func:`score_document` applies the README's rules to one gold document and one
:class:`~wirecoder.schema.CodedDocument` and returns raw counts plus debugging lists;
:func:`evaluate_gold` codes every article of a gold file or folder and sums the counts
(micro-averaged), so a long article weighs more than a short one, as in event-data practice.

Event P/R/F1 is reported over non-background events (gold without ``background: true``, output
with ``background`` false) and over all events. Negation and dates describe the coder's reading
of events, not whether it flagged them as background, so they use the all-events matching.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from wirecoder.evaluate.gold import (
    ArticleReader,
    GoldDocument,
    GoldEvent,
    find_article,
    gold_files,
    load_gold,
    read_article,
)
from wirecoder.evaluate.match import (
    EventContext,
    actor_matches,
    actor_names,
    any_actor_matches,
    max_matching,
    normalise_country,
    normalise_name,
    speaker_alternatives,
    word_overlap,
)
from wirecoder.schema import CodedDocument, Event

LEVELS = ("L1", "L2", "L3")
QUOTE_OVERLAP = 0.5
_SNIPPET = 120


class SupportsCode(Protocol):
    """Anything that codes one text, like :class:`wirecoder.coder.Coder`."""

    def code(self, text: str, *, published: str | None = ..., doc_id: str | None = ...) -> Any:
        """Return a CodedDocument for ``text``."""


# ---------------------------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------------------------


def ratio(num: int, den: int) -> float:
    """``num / den`` rounded to 4 places; 0.0 when ``den`` is 0."""
    return round(num / den, 4) if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts (0.0 where undefined).

    Args:
        tp: true positives.
        fp: false positives.
        fn: false negatives.

    Returns:
        ``{"P", "R", "F1", "tp", "fp", "fn"}``.
    """
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"P": p, "R": r, "F1": f1, "tp": tp, "fp": fp, "fn": fn}


def recall(found: int, total: int) -> dict[str, Any]:
    """``{"found", "total", "recall"}``."""
    return {"found": found, "total": total, "recall": ratio(found, total)}


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


def _match_levels(
    ctx: EventContext, gold: list[GoldEvent], output: list[Event]
) -> dict[str, dict[int, int]]:
    """Maximum matchings per level; L1 starts from the L3 pairs so levels agree on pairs."""
    rules = {"L1": ctx.level1, "L2": ctx.level2, "L3": ctx.level3}

    def compat(level: str) -> Any:
        return lambda i, j: rules[level](gold[i], output[j])

    l3 = max_matching(len(gold), len(output), compat("L3"))
    l2 = max_matching(len(gold), len(output), compat("L2"))

    def prefer(i: int, j: int) -> int:
        return 0 if l3.get(i) == j else 1 if ctx.level3(gold[i], output[j]) else 2

    l1 = max_matching(len(gold), len(output), compat("L1"), prefer=prefer, seed=l3)
    return {"L1": l1, "L2": l2, "L3": l3}


def _counts(matchings: Mapping[str, dict[int, int]], n_gold: int, n_out: int) -> dict[str, Any]:
    return {
        level: {"tp": len(m), "fp": n_out - len(m), "fn": n_gold - len(m)}
        for level, m in matchings.items()
    }


def _sentence_text(doc: CodedDocument, index: int) -> str:
    for sentence in doc.sentences:
        if sentence.index == index:
            return sentence.text
    return ""


def _negation(
    ctx: EventContext, gold: list[GoldEvent], output: list[Event], l1: Mapping[int, int]
) -> dict[str, Any]:
    negated = [i for i, g in enumerate(gold) if g.negated]
    # The same event (sentence, category and source actor) output as having happened. Another
    # actor's positive event of the same category in that sentence is a different event:
    # "leaders met, but the general did not attend" holds one of each.
    as_positive = [
        gold[i].id
        for i in negated
        if any(
            not e.negated
            and e.type.upper() == gold[i].plover
            and ctx.same_sentence(gold[i], e)
            and (
                gold[i].source is None
                or any_actor_matches(
                    gold[i].source,
                    e.source,
                    ctx.doc,
                    country=gold[i].source_country,
                    known_countries=ctx.known_countries,
                )  # fmt: skip
            )
            for e in output
        )
    ]
    return {
        "negated_total": len(negated),
        "negated_found": sum(1 for i in negated if i in l1),
        "negated_as_positive": len(as_positive),
        "as_positive_ids": as_positive,
    }


def _date_ok(gold: str, output: str | None) -> bool:
    if output is None:
        return False
    if output == gold:
        return True
    return len(gold) == 7 and output.startswith(gold)  # gold gives a month: YYYY-MM


def _dates(gold: list[GoldEvent], output: list[Event], l1: Mapping[int, int]) -> dict[str, Any]:
    total, errors = 0, []
    for i, j in sorted(l1.items()):
        wanted = gold[i].date
        if wanted is None:
            continue
        total += 1
        if not _date_ok(wanted, output[j].date):
            errors.append({"gold_id": gold[i].id, "gold": wanted, "output": output[j].date})
    return {"correct": total - len(errors), "total": total, "errors": errors}


# ---------------------------------------------------------------------------------------------
# Quotes and entities
# ---------------------------------------------------------------------------------------------


def _known_countries(gold: GoldDocument) -> dict[str, str]:
    """Country names the gold itself resolves (GPE entities), for ``X (government)`` speakers."""
    return {
        normalise_name(e.name): e.country
        for e in gold.entities
        if e.type.upper() == "GPE" and e.country
    }


def _quotes(gold: GoldDocument, doc: CodedDocument, known: Mapping[str, str]) -> dict[str, Any]:
    found = {True: 0, False: 0}
    total = {True: 0, False: 0}
    missed = []
    for quote in gold.quotes:
        total[quote.direct] += 1
        alternatives = speaker_alternatives(quote.speaker)
        hit = False
        for out in doc.quotes:
            if word_overlap(quote.text, out.text) < QUOTE_OVERLAP or out.speaker is None:
                continue
            actor = doc.actor(out.speaker)
            if actor and any(
                actor_matches(alt, actor, known_countries=known) for alt in alternatives
            ):
                hit = True
                break
        if hit:
            found[quote.direct] += 1
        else:
            missed.append({"speaker": quote.speaker, "text": quote.text, "direct": quote.direct})
    return {"found": found, "total": total, "missed": missed}


_ORG_KINDS = {"organisation", "group", "state"}  # "state": a metonym such as the Kremlin


def _entity_found(name: str, etype: str, country: str | None, doc: CodedDocument) -> bool:
    wanted, code = normalise_name(name), normalise_country(country)
    etype = etype.upper()

    def country_ok(other: str | None) -> bool:
        return code is None or normalise_country(other) == code

    for actor in doc.actors:
        if wanted not in actor_names(actor) or not country_ok(actor.country):
            continue
        if (
            (etype == "PERSON" and actor.kind == "person")
            or (etype == "ORG" and actor.kind in _ORG_KINDS)
            or (etype in ("GPE", "LOC") and actor.kind == "state")
            or etype not in ("PERSON", "ORG", "GPE", "LOC")
        ):
            return True
    if etype in ("PERSON", "ORG"):
        return False
    for place in doc.places:
        names = {normalise_name(place.name)} | {normalise_name(m.text) for m in place.mentions}
        if wanted in names and country_ok(place.country):
            return True
    return False


def _entities(gold: GoldDocument, doc: CodedDocument) -> dict[str, Any]:
    missed = [e.name for e in gold.entities if not _entity_found(e.name, e.type, e.country, doc)]
    return {
        "found": len(gold.entities) - len(missed),
        "total": len(gold.entities),
        "missed": missed,
    }


# ---------------------------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------------------------


def _event_summary(doc: CodedDocument, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "negated": event.negated,
        "modality": event.modality,
        "trigger": event.trigger.text,
        "background": event.background,
        "sentence": _sentence_text(doc, event.sentence)[:_SNIPPET],
    }


def score_document(gold: GoldDocument, doc: CodedDocument) -> dict[str, Any]:
    """Score one coded document against its gold annotation.

    Args:
        gold: the gold document.
        doc: the coder's output for the same article.

    Returns:
        Raw counts per section plus debugging lists (missed gold ids per level, false
        positives, date errors, missed quotes and entities; the lists come from the all-events
        matching so background events show up too); :func:`summarise` turns a list of these
        into the report.
    """
    known = _known_countries(gold)
    ctx = EventContext(doc, known_countries=known)
    gold_all, out_all = list(gold.events), list(doc.events)
    gold_fg = [g for g in gold_all if not g.background]
    out_fg = [e for e in out_all if not e.background]
    match_all = _match_levels(ctx, gold_all, out_all)
    match_fg = _match_levels(ctx, gold_fg, out_fg)
    kinds = {s.index: s.kind for s in doc.sentences}
    credit = [e for e in out_all if kinds.get(e.sentence) == "credit"]
    l1_out = set(match_all["L1"].values())
    return {
        "doc": gold.doc,
        "events": {"gold": len(gold_all), "output": len(out_all),
                   "gold_non_background": len(gold_fg), "output_non_background": len(out_fg)},
        "counts": _counts(match_fg, len(gold_fg), len(out_fg)),
        "counts_all": _counts(match_all, len(gold_all), len(out_all)),
        "negation": _negation(ctx, gold_all, out_all, match_all["L1"]),
        "dates": _dates(gold_all, out_all, match_all["L1"]),
        "quotes": _quotes(gold, doc, known),
        "entities": _entities(gold, doc),
        "credit_events": len(credit),
        "unlocated_sentences": [g.id for g in gold_all if not ctx.spans(g.sentence)],
        "missed": {
            level: [g.id for i, g in enumerate(gold_all) if i not in match_all[level]]
            for level in LEVELS
        },
        "false_positives": [
            _event_summary(doc, e) for j, e in enumerate(out_all) if j not in l1_out
        ],
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Many documents
# ---------------------------------------------------------------------------------------------


def _sum_levels(docs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {
        level: prf(*(sum(d[key][level][c] for d in docs) for c in ("tp", "fp", "fn")))
        for level in LEVELS
    }


def summarise(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro-average per-document results from :func:`score_document` into the report dict.

    Args:
        docs: per-document results.

    Returns:
        ``L1``/``L2``/``L3`` (non-background), ``all_events``, ``negation``, ``dates``,
        ``quotes``, ``entities``, ``credit_events`` and ``documents``.
    """
    levels = _sum_levels(docs, "counts")
    neg_total = sum(d["negation"]["negated_total"] for d in docs)
    neg_found = sum(d["negation"]["negated_found"] for d in docs)
    date_ok = sum(d["dates"]["correct"] for d in docs)
    date_total = sum(d["dates"]["total"] for d in docs)

    def quotes(direct: bool | None) -> dict[str, Any]:
        keys = (True, False) if direct is None else (direct,)
        return recall(
            sum(d["quotes"]["found"][k] for d in docs for k in keys),
            sum(d["quotes"]["total"][k] for d in docs for k in keys),
        )

    documents = []
    for d in docs:
        per_doc = {k: v for k, v in d.items() if k not in ("counts", "counts_all")}
        per_doc.update(_sum_levels([d], "counts"))
        per_doc["all_events"] = _sum_levels([d], "counts_all")
        per_doc["quotes"] = {
            "found": d["quotes"]["found"][True] + d["quotes"]["found"][False],
            "total": d["quotes"]["total"][True] + d["quotes"]["total"][False],
            "missed": d["quotes"]["missed"],
        }
        documents.append(per_doc)
    return {
        **levels,
        "all_events": _sum_levels(docs, "counts_all"),
        "negation": {
            "scope": "all events",
            "negated_total": neg_total,
            "negated_found": neg_found,
            "recall": ratio(neg_found, neg_total),
            "negated_as_positive": sum(d["negation"]["negated_as_positive"] for d in docs),
        },
        "dates": {
            "scope": "all events, L1-matched, gold date given",
            "correct": date_ok,
            "total": date_total,
            "accuracy": ratio(date_ok, date_total),
        },
        "quotes": {"direct": quotes(True), "indirect": quotes(False), "overall": quotes(None)},
        "entities": recall(
            sum(d["entities"]["found"] for d in docs), sum(d["entities"]["total"] for d in docs)
        ),
        "credit_events": sum(d["credit_events"] for d in docs),
        "documents": documents,
    }


def evaluate_gold(
    path: str | Path,
    coder: SupportsCode,
    *,
    articles_dir: str | Path | None = None,
    reader: ArticleReader = read_article,
) -> dict[str, Any]:
    """Code the article of every gold file under ``path`` and score the output.

    Args:
        path: a ``*.gold.json`` file or a folder of them.
        coder: anything with ``.code(text, published=..., doc_id=...)`` returning a
            :class:`~wirecoder.schema.CodedDocument`.
        articles_dir: an extra folder to look for articles in (see
            :func:`~wirecoder.evaluate.gold.article_candidates`).
        reader: turns an article file into the text to code.

    Returns:
        The report dict (see :func:`summarise`); each document also names its article.

    Raises:
        FileNotFoundError: a gold file has no article, or ``path`` holds no gold files.
    """
    files = gold_files(path)
    if not files:
        raise FileNotFoundError(f"no *.gold.json files under {path}")
    results = []
    for gold_path in files:
        gold = load_gold(gold_path)
        article = find_article(gold_path, gold.doc, articles_dir)
        doc = coder.code(reader(article), published=gold.published, doc_id=gold.doc)
        result = score_document(gold, doc)
        result["article"] = str(article)
        results.append(result)
    return summarise(results)


def score_documents(pairs: Iterable[tuple[GoldDocument, CodedDocument]]) -> dict[str, Any]:
    """Score already-coded documents (no coder, no files): the report for gold/output pairs.

    Args:
        pairs: ``(gold, coded)`` pairs.

    Returns:
        The report dict (see :func:`summarise`).
    """
    return summarise([score_document(gold, doc) for gold, doc in pairs])
