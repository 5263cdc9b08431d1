"""Scoring wirecoder output against gold data (``shared/eval/README.md``).

Two kinds of gold are understood:

* ``*.gold.json`` article annotations -> :func:`evaluate_gold` (event P/R/F1 at three levels,
  negation, dates, quotes, entities);
* PLOVER-convention sentence records (a JSON list, e.g. ``plover_gsr/``) ->
  :func:`evaluate_plover_gsr` (category accuracy through the PLOVER view, actor codes).

:func:`detect_and_evaluate` picks one from the path; :func:`render_text` prints either report.
Every entry point takes the coder as an argument (anything with ``.code(text, published=...,
doc_id=...)``), so tests and benchmarks can pass their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wirecoder.evaluate.gold import GOLD_SUFFIX, GoldDocument, load_gold
from wirecoder.evaluate.plover_gsr import evaluate_plover_gsr
from wirecoder.evaluate.report import render_json, render_text
from wirecoder.evaluate.scores import SupportsCode, evaluate_gold, score_document, score_documents

__all__ = [
    "GoldDocument",
    "SupportsCode",
    "detect_and_evaluate",
    "evaluate_gold",
    "evaluate_plover_gsr",
    "load_gold",
    "render_json",
    "render_text",
    "score_document",
    "score_documents",
]


def _is_record_list(path: Path) -> bool:
    try:
        return isinstance(json.loads(path.read_text(encoding="utf-8")), list)
    except (OSError, ValueError):
        return False


def detect_and_evaluate(
    path: str | Path, coder: SupportsCode, *, articles_dir: str | Path | None = None
) -> dict[str, Any]:
    """Evaluate ``path`` with the scorer its contents call for.

    Args:
        path: a ``*.gold.json`` file or a folder of them; or a JSON file holding a list of
            PLOVER records, or a folder of such files (``plover_gsr/``).
        coder: anything with ``.code(text, published=..., doc_id=...)``.
        articles_dir: extra folder of articles for gold files.

    Returns:
        The report of :func:`evaluate_gold` or :func:`evaluate_plover_gsr`.

    Raises:
        ValueError: the path holds neither kind of gold.
    """
    path = Path(path)
    if path.is_dir():
        if any(path.rglob(f"*{GOLD_SUFFIX}")):
            return evaluate_gold(path, coder, articles_dir=articles_dir)
        if any(_is_record_list(p) for p in path.glob("*.json")):
            return evaluate_plover_gsr(path, coder)
        if any(path.glob("*.jsonl")):  # our own annotated sentences (training/plover)
            from wirecoder.evaluate.plover_gsr import evaluate_sentences

            return evaluate_sentences(path, coder)
    elif path.name.endswith(GOLD_SUFFIX):
        return evaluate_gold(path, coder, articles_dir=articles_dir)
    elif path.suffix == ".json" and _is_record_list(path):
        return evaluate_plover_gsr(path, coder)
    raise ValueError(
        f"{path}: neither *.gold.json files, a JSON list of PLOVER records, nor a folder of"
        " annotated sentences (*.jsonl)"
    )
