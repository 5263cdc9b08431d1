"""Helpers shared by the batch tests (imported by name: ``tests/batch`` is on ``sys.path``)."""

from __future__ import annotations

import json
from pathlib import Path

# Documents in the corpus: good ones coded, bad ones failed, the copy skipped.
GOOD = 12 + 5 + 2
BAD = 3
COPIES = 1


def event_tuples(rows: list[dict]) -> list[tuple]:
    """What must be equal across engines: (doc_id, event id, type, source, target, negated,
    date), sorted."""
    return sorted(
        (r["doc_id"], r["event_id"], r["type"], tuple(r["source_ids"]), tuple(r["target_ids"]),
         bool(r["negated"]), r["date"])  # fmt: skip
        for r in rows
    )


def read_rows(out: Path) -> list[dict]:
    if out.suffix == ".jsonl":
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(out).to_pylist()
