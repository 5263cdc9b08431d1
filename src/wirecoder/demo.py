"""``make demo``: code the bundled example articles (and the shared example article when the
checkout has one beside it), write their JSON to ``out/``, store them in ``./wirecoder.db``
(the embedded SQLite store; re-running stores nothing twice) and print a summary."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sqlalchemy import func, select

from wirecoder.coder import Coder
from wirecoder.ingest import read_path
from wirecoder.schema import CodedDocument, ErrorRecord
from wirecoder.store import Store, tables

ROOT = Path(__file__).resolve().parents[2]


def example_paths(root: Path = ROOT) -> list[Path]:
    """Our own examples, then the shared example article if present (read, never copied)."""
    paths = sorted(
        p for p in (root / "examples").iterdir() if p.suffix in (".txt", ".html", ".jsonl")
    )
    shared = root.parent / "shared" / "examples" / "istanbul_talks_2025-05-15.txt"
    if shared.exists():
        paths.append(shared)
    return paths


def main() -> None:
    console = Console()
    out_dir = ROOT / "out"
    out_dir.mkdir(exist_ok=True)
    with console.status("loading the spaCy pipeline…"):
        coder = Coder()
    table = Table(title="wirecoder demo: bundled examples")
    for column in ("document", "sentences", "actors", "events", "negated", "quotes", "places"):
        table.add_column(column, overflow="fold")
    samples: list[str] = []
    store = Store(ROOT / "wirecoder.db")
    stored = 0
    for path in example_paths():
        # Our example files carry their publication date in the name (name_YYYY-MM-DD.txt);
        # JSONL records carry their own.
        match = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
        published = match.group(1) if match and path.suffix != ".jsonl" else None
        for item in coder.code_many(read_path(path, published=published)):
            if isinstance(item, ErrorRecord):
                table.add_row(item.doc_id, "-", "-", "-", "-", "-", "-")
                samples.append(f"[red]{item.error}")
                continue
            _write(out_dir, item)
            stored += store.write(item, source_path=str(path)).stored
            names = {a.id: a.name for a in item.actors}
            for e in item.events[:3]:
                target = f" → {names.get(e.target[0], '?')}" if e.target else ""
                negated = " (negated)" if e.negated else ""
                source = names.get(e.source[0], "?") if e.source else "(unknown)"
                samples.append(
                    f"{item.doc_id}: {source} {e.type}{negated}{target}"
                    f" [{e.modality}, {e.date}] “{e.trigger.text}”"
                )
            table.add_row(
                item.doc_id, str(len(item.sentences)), str(len(item.actors)),
                str(len(item.events)), str(sum(e.negated for e in item.events)),
                str(len(item.quotes)), str(len(item.places)),
            )  # fmt: skip
    console.print(table)
    console.print("First events of each document:")
    for line in samples:
        console.print("  " + escape(line), highlight=False)
    console.print(f"JSON written to {out_dir}/ (one file per document).")
    with store.reader() as conn:
        events = conn.execute(select(func.count()).select_from(tables.events)).scalar_one()
        mentions = conn.execute(
            select(func.count()).select_from(tables.event_mentions)
        ).scalar_one()  # fmt: skip
    console.print(
        f"Store {ROOT / 'wirecoder.db'}: {stored} new document(s); {events} events from "
        f"{mentions} reports. Try: .venv/bin/wirecoder query --type CONSULT"
    )
    store.close()


def _write(out_dir: Path, doc: CodedDocument) -> None:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in doc.doc_id)
    (out_dir / f"{safe}.json").write_text(doc.model_dump_json(indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
