"""Plain-text rendering of evaluation reports (JSON output is ``json.dumps(scores, indent=2)``).

One function, :func:`render_text`, takes either report dict (gold articles or PLOVER records)
and returns text for a terminal or a log: fixed-width tables, then per-document debugging
lines, so a developer sees both the figures and what to fix.
"""

from __future__ import annotations

import json
from typing import Any

_LEVEL_NAMES = {
    "L1": "L1 sentence+type+negation",
    "L2": "L2 + countries",
    "L3": "L3 + actors",
}
_MAX_LISTED = 20


def _frac(found: int, total: int, rate: float) -> str:
    return f"{found}/{total} ({rate:.3f})"


def _levels_table(title: str, levels: dict[str, Any]) -> list[str]:
    lines = [f"{title:<30}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for level, name in _LEVEL_NAMES.items():
        s = levels[level]
        lines.append(
            f"  {name:<28}{s['P']:>7.3f}{s['R']:>7.3f}{s['F1']:>7.3f}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )
    return lines


def _document_lines(doc: dict[str, Any]) -> list[str]:
    lines = [
        f"  {doc['doc']}: L1 F1 {doc['L1']['F1']:.3f}  L2 F1 {doc['L2']['F1']:.3f}"
        f"  L3 F1 {doc['L3']['F1']:.3f}  (gold {doc['events']['gold']},"
        f" output {doc['events']['output']})"
    ]
    if doc.get("unlocated_sentences"):
        lines.append(
            f"    gold sentences not found in text: {', '.join(doc['unlocated_sentences'])}"
        )
    for level in ("L1", "L3"):
        missed = doc["missed"][level]
        if missed:
            lines.append(f"    missed at {level}: {', '.join(missed)}")
    if doc["negation"].get("as_positive_ids"):
        lines.append(
            f"    negated coded as positive: {', '.join(doc['negation']['as_positive_ids'])}"
        )
    fps = doc["false_positives"]
    if fps:
        lines.append(f"    false positives ({len(fps)}):")
        for fp in fps[:_MAX_LISTED]:
            neg = " NOT" if fp["negated"] else ""
            lines.append(
                f"      {fp['type']}{neg} {fp['modality']} [{fp['trigger']}] {fp['sentence']!r}"
            )
    for err in doc["dates"]["errors"][:_MAX_LISTED]:
        lines.append(f"    date {err['gold_id']}: gold {err['gold']}, output {err['output']}")
    for quote in doc["quotes"]["missed"][:_MAX_LISTED]:
        kind = "direct" if quote["direct"] else "indirect"
        lines.append(f"    quote missed ({kind}, {quote['speaker']}): {quote['text'][:80]!r}")
    if doc["entities"]["missed"]:
        lines.append(f"    entities missed: {', '.join(doc['entities']['missed'])}")
    return lines


def _render_gold(scores: dict[str, Any]) -> list[str]:
    neg, dates, quotes, ents = (
        scores["negation"], scores["dates"], scores["quotes"], scores["entities"],
    )  # fmt: skip
    lines = _levels_table("Events (non-background)", scores)
    lines += _levels_table("Events (all)", scores["all_events"])
    lines += [
        "",
        f"Negation ({neg['scope']}): coded negated "
        f"{_frac(neg['negated_found'], neg['negated_total'], neg['recall'])};"
        f" coded as positive: {neg['negated_as_positive']}",
        f"Dates ({dates['scope']}): {_frac(dates['correct'], dates['total'], dates['accuracy'])}",
        "Quotes: "
        + ", ".join(
            f"{kind} {_frac(q['found'], q['total'], q['recall'])}" for kind, q in quotes.items()
        ),
        f"Entities: {_frac(ents['found'], ents['total'], ents['recall'])}",
        f"Events in credit lines: {scores['credit_events']}",
    ]
    if scores.get("documents"):
        lines += ["", "Documents:"]
        for doc in scores["documents"]:
            lines += _document_lines(doc)
    return lines


def _abbrev(label: str) -> str:
    return label[:4]


def _render_gsr(scores: dict[str, Any]) -> list[str]:
    lines = [
        f"PLOVER records: {scores['records']}",
        f"  accuracy (top event)      {scores['accuracy']:.3f}",
        f"  accuracy (any event)      {scores['any_accuracy']:.3f}",
        f"  source country accuracy   {scores['source_country_accuracy']:.3f}",
        f"  target country accuracy   {scores['target_country_accuracy']:.3f}",
        "",
        f"{'Category':<12}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}",
    ]
    for label, s in scores["per_category"].items():
        lines.append(f"  {label:<10}{s['P']:>7.3f}{s['R']:>7.3f}{s['F1']:>7.3f}{s['support']:>9}")
    confusion = scores["confusion"]
    columns = list(scores["per_category"])
    extra = sorted({p for row in confusion.values() for p in row} - set(columns))
    columns += extra  # NONE (no event) and anything else predicted
    lines += ["", "Confusion (rows gold, columns predicted; first 4 letters):"]
    lines.append(" " * 12 + "".join(f"{_abbrev(c):>5}" for c in columns))
    for gold in [c for c in columns if c in confusion] + sorted(set(confusion) - set(columns)):
        row = confusion[gold]
        cells = "".join(f"{row.get(c, 0) or '.':>5}" for c in columns)
        lines.append(f"  {gold:<10}{cells}")
    return lines


def render_text(scores: dict[str, Any]) -> str:
    """Render an evaluation report as plain text.

    Args:
        scores: the dict from ``evaluate_gold`` (has ``L1``) or ``evaluate_plover_gsr``
            (has ``records``).

    Returns:
        The report, newline-terminated.
    """
    lines = _render_gsr(scores) if "records" in scores else _render_gold(scores)
    return "\n".join(lines) + "\n"


def render_json(scores: dict[str, Any]) -> str:
    """The report as indented JSON (the dict as is; every value is plain JSON)."""
    return json.dumps(scores, indent=2, ensure_ascii=False)
