"""Where a batch's outcomes go: Parquet, JSONL, or the event store; and how a rerun resumes.

All sinks run in the driver (the process that called :func:`wirecoder.batch.run_batch`), for
every engine, so the output is the same whichever engine coded it, and a Ray job writing to a
local path writes on the machine it was started from.

**File outputs.** ``--out events.parquet`` is a *directory* of part files
(``part-<run>-<n>.parquet``, each a few row groups of event rows; Parquet readers -- pyarrow,
pandas, polars, DuckDB's ``'events.parquet/*.parquet'``, Spark -- read the directory as one
table). ``--out events.jsonl`` is one file, appended to. Beside either output:

- ``<out>.done.jsonl``: one line per finished document (``doc_key``, ``doc_id``, ``events``),
  written only once the document's rows are safely in the output (a Parquet part is written
  under a hidden name and renamed into place when complete; JSONL is flushed);
- ``<out>.errors.jsonl``: this run's failed documents, one ErrorRecord per line (rewritten by
  each run: failed documents are tried again by the next run).

A rerun reads the done list -- and the ``doc_key`` column of the output itself, so a crash
between writing rows and listing the document still leaves no duplicate -- and skips those
documents before coding them. A crash loses at most the open part (Parquet) or the documents
not yet listed (JSONL), which the rerun codes again.

**The store** (``--db``): each coded document is stored with ``Store.write`` in its own
transaction (idempotent by text: storing twice stores once); documents whose text is stored
already are skipped before coding (``Store.has_text``); failures go to the store's error list
(``wirecoder errors``).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from wirecoder.batch.records import ROW_COLUMNS, Outcome, row_schema, short_key
from wirecoder.errors import ConfigError

FORMATS = ("parquet", "jsonl")


def guess_format(out: str | os.PathLike[str]) -> str:
    """``parquet`` for ``*.parquet`` (or an existing directory), ``jsonl`` for ``*.jsonl``."""
    name = str(out).rstrip("/").lower()
    if name.endswith(".parquet") or Path(out).is_dir():
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise ConfigError(f"cannot tell the output format of {out}: name it *.parquet or *.jsonl, "
                      "or give --format")  # fmt: skip


class Sink:
    """Receives outcomes in input order; knows which documents it holds already."""

    wants_rows = False
    wants_doc = False

    def done(self, doc_key: str, text: str | None = None) -> bool:  # noqa: ARG002
        return False

    def done_keys(self) -> set[int] | None:
        """The short keys of every finished document, when the sink can list them."""
        return None

    def write(self, outcome: Outcome) -> Outcome:
        return outcome

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return ""


class _FileSink(Sink):
    wants_rows = True

    def __init__(self, out: str | os.PathLike[str], resume: bool = True) -> None:
        self.out = Path(out)
        self.done_path = self.out.with_name(self.out.name + ".done.jsonl")
        self.errors_path = self.out.with_name(self.out.name + ".errors.jsonl")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if not resume:
            self._clear()
        self._keys: set[int] = set()
        self._load_done()
        self._pending: list[dict[str, Any]] = []  # finished documents not yet listed as done
        self._done_fh = self.done_path.open("a", encoding="utf-8")
        self._errors_fh = self.errors_path.open("w", encoding="utf-8")
        self.rows_written = 0

    # -- resume ---------------------------------------------------------------------------
    def _clear(self) -> None:
        raise NotImplementedError

    def _load_done(self) -> None:
        if self.done_path.exists():
            with self.done_path.open("rb") as fh:
                for line in fh:
                    try:
                        self._keys.add(short_key(json.loads(line)["doc_key"]))
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a crash
        for key in self._existing_row_keys():
            self._keys.add(short_key(key))

    def _existing_row_keys(self) -> list[str]:
        raise NotImplementedError

    def done(self, doc_key: str, text: str | None = None) -> bool:
        return short_key(doc_key) in self._keys

    def done_keys(self) -> set[int]:
        return set(self._keys)

    # -- writing ------------------------------------------------------------------------------
    def write(self, outcome: Outcome) -> Outcome:
        if outcome.status == "failed":
            assert outcome.error is not None
            self._errors_fh.write(outcome.error.model_dump_json() + "\n")
            self._errors_fh.flush()
            return outcome
        if outcome.status != "coded" or outcome.doc_key is None:
            return outcome
        if self.done(outcome.doc_key):  # coded elsewhere meanwhile (only with two sinks)
            return Outcome("skipped", outcome.doc_id, outcome.doc_key, outcome.source_path)
        self._keys.add(short_key(outcome.doc_key))
        self._add_rows(outcome.rows or [])
        self._pending.append(
            {"doc_key": outcome.doc_key, "doc_id": outcome.doc_id, "events": outcome.events}
        )
        self._maybe_commit()
        return outcome

    def _add_rows(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _maybe_commit(self) -> None:
        raise NotImplementedError

    def _list_done(self) -> None:
        for entry in self._pending:
            self._done_fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._done_fh.flush()
        self._pending.clear()

    def close(self) -> None:
        self._done_fh.close()
        self._errors_fh.close()


class ParquetSink(_FileSink):
    """A directory of Parquet part files (see the module docs)."""

    def __init__(self, out: str | os.PathLike[str], *, resume: bool = True,
                 row_group_rows: int = 5000, part_rows: int = 50_000,
                 part_docs: int = 2000) -> None:  # fmt: skip
        path = Path(out)
        if path.exists() and not path.is_dir():
            raise ConfigError(f"{path} is a file: a Parquet batch output is a directory of part "
                              "files; give a new name")  # fmt: skip
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob(".part-*.tmp"):
            stale.unlink()  # a part a crashed run never finished
        self.schema = row_schema()
        self.row_group_rows = row_group_rows
        self.part_rows = part_rows
        self.part_docs = part_docs
        self.run = uuid.uuid4().hex[:8]
        self._seq = 0
        self._writer: Any = None
        self._tmp: Path | None = None
        self._buffer: list[dict[str, Any]] = []
        self._part_rows = 0
        super().__init__(path, resume)

    def _clear(self) -> None:
        for part in self.out.glob("*.parquet"):
            part.unlink()
        self.done_path.unlink(missing_ok=True)

    def _existing_row_keys(self) -> list[str]:
        parts = sorted(self.out.glob("*.parquet"))
        if not parts:
            return []
        import pyarrow.parquet as pq

        keys: list[str] = []
        for part in parts:
            try:
                keys.extend(pq.read_table(part, columns=["doc_key"]).column(0).to_pylist())
            except Exception as exc:  # noqa: BLE001 - not ours, or damaged: say which
                raise ConfigError(
                    f"cannot read {part} (not a wirecoder batch part?): {exc}"
                ) from exc
        return [k for k in keys if k]

    def _add_rows(self, rows: list[dict[str, Any]]) -> None:
        self._buffer.extend(rows)
        if len(self._buffer) >= self.row_group_rows:
            self._write_group()

    def _write_group(self) -> None:
        if not self._buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._tmp = self.out / f".part-{self.run}-{self._seq:05d}.parquet.tmp"
            self._writer = pq.ParquetWriter(str(self._tmp), self.schema, compression="zstd")
        columns = {name: [row[name] for row in self._buffer] for name in ROW_COLUMNS}
        self._writer.write_table(pa.Table.from_pydict(columns, schema=self.schema))
        self._part_rows += len(self._buffer)
        self.rows_written += len(self._buffer)
        self._buffer.clear()

    def _maybe_commit(self) -> None:
        rows = self._part_rows + len(self._buffer)
        if rows >= self.part_rows or len(self._pending) >= self.part_docs:
            self._commit()

    def _commit(self) -> None:
        self._write_group()
        if self._writer is not None:
            assert self._tmp is not None
            self._writer.close()
            final = self.out / f"part-{self.run}-{self._seq:05d}.parquet"
            os.replace(self._tmp, final)
            self._writer, self._tmp, self._part_rows = None, None, 0
            self._seq += 1
        self._list_done()

    def close(self) -> None:
        self._commit()
        super().close()

    def describe(self) -> str:
        return f"{self.out}/ ({self.rows_written} event rows in {self._seq} new part file(s))"


class JsonlSink(_FileSink):
    """One JSONL file of event rows, appended to (see the module docs)."""

    def __init__(self, out: str | os.PathLike[str], *, resume: bool = True,
                 commit_docs: int = 64) -> None:  # fmt: skip
        path = Path(out)
        if path.is_dir():
            raise ConfigError(f"{path} is a directory: give a file name for JSONL output")
        self.commit_docs = commit_docs
        super().__init__(path, resume)
        self._repair_tail()
        self._fh = self.out.open("a", encoding="utf-8")

    def _clear(self) -> None:
        self.out.unlink(missing_ok=True)
        self.done_path.unlink(missing_ok=True)

    def _repair_tail(self) -> None:
        """Cut a last line that a crash left unfinished (no newline), so appending stays valid."""
        if not self.out.exists() or self.out.stat().st_size == 0:
            return
        with self.out.open("rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return
            size = fh.seek(0, os.SEEK_END)
            pos = size
            while pos > 0:
                step = min(pos, 1 << 16)
                fh.seek(pos - step)
                block = fh.read(step)
                cut = block.rfind(b"\n")
                if cut >= 0:
                    fh.truncate(pos - step + cut + 1)
                    return
                pos -= step
            fh.truncate(0)

    def _existing_row_keys(self) -> list[str]:
        keys = []
        if self.out.exists():
            with self.out.open("rb") as fh:
                for line in fh:
                    try:
                        keys.append(json.loads(line)["doc_key"])
                    except (ValueError, KeyError, TypeError):
                        continue
        return keys

    def _add_rows(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.rows_written += len(rows)

    def _maybe_commit(self) -> None:
        if len(self._pending) >= self.commit_docs:
            self._commit()

    def _commit(self) -> None:
        self._fh.flush()
        self._list_done()

    def close(self) -> None:
        self._commit()
        self._fh.close()
        super().close()

    def describe(self) -> str:
        return f"{self.out} ({self.rows_written} event rows appended)"


class StoreSink(Sink):
    """The event store: ``Store.write`` per coded document, errors to ``ingest_errors``."""

    wants_doc = True

    def __init__(self, db: str | os.PathLike[str]) -> None:
        from wirecoder.store import Store

        self.store = Store(db)
        self.stored = self.already = self.events_new = self.mentions_merged = 0

    def done(self, doc_key: str, text: str | None = None) -> bool:
        return text is not None and self.store.has_text(text)

    def write(self, outcome: Outcome) -> Outcome:
        from sqlalchemy.exc import DataError, IntegrityError

        from wirecoder.schema import ErrorRecord

        if outcome.status == "failed":
            assert outcome.error is not None
            self.store.record_error(outcome.error)
            return outcome
        if outcome.status != "coded":
            return outcome
        assert outcome.doc is not None, "the store sink needs the coded document"
        try:
            result = self.store.write(outcome.doc, source_path=outcome.source_path,
                                      model=outcome.model)  # fmt: skip
        except (IntegrityError, DataError) as exc:
            message = str(exc.orig or exc).splitlines()[0]
            error = ErrorRecord(
                doc_id=outcome.doc_id, code="E012", source_path=outcome.source_path,
                error=f"[E012] {outcome.doc_id}: not stored: {type(exc.orig).__name__}: {message}",
            )  # fmt: skip
            self.store.record_error(error)
            return Outcome.failed(error, outcome.doc_key)
        if not result.stored:
            self.already += 1
            return Outcome("skipped", outcome.doc_id, outcome.doc_key, outcome.source_path)
        self.stored += 1
        self.events_new += result.new_events
        self.mentions_merged += result.merged_mentions
        return outcome

    def close(self) -> None:
        self.store.close()

    def describe(self) -> str:
        return (f"{self.store.display_url()} ({self.stored} stored, {self.events_new} new events, "
                f"{self.mentions_merged} mentions of known events)")  # fmt: skip


def open_sink(out: str | os.PathLike[str], fmt: str | None = None, *, resume: bool = True) -> Sink:
    """The file sink for ``out`` (format from ``fmt`` or the name)."""
    fmt = fmt or guess_format(out)
    if fmt == "parquet":
        return ParquetSink(out, resume=resume)
    if fmt == "jsonl":
        return JsonlSink(out, resume=resume)
    raise ConfigError(f"unknown batch output format {fmt!r} (one of {', '.join(FORMATS)})")
