"""Batch coding at scale: stream a corpus through a pool of coders into Parquet, JSONL or a store.

Public API::

    run_batch(inputs, *, out=None, db=None, fmt=None, workers=1, engine="pool", address=None,
              model=None, published=None, on_document=None, ...) -> BatchReport
    read_inputs(inputs, ...) -> Iterator[RawDocument | ErrorRecord]      # lazy reader
    event_rows(coded_doc, doc_key, source_path) -> list[dict]            # the output rows
    row_schema() -> pyarrow.Schema;  ROW_COLUMNS

Engines produce the same outcomes for the same input:

- ``pool`` (default): :mod:`wirecoder.batch.pool`, ``workers`` local processes (``1``: this
  process), each loading the spaCy pipeline once; bounded work in flight, results in order.
- ``ray``: :mod:`wirecoder.batch.ray_engine`, Ray Data with an actor pool of ``workers``
  coders on a local Ray or a cluster (``address="auto"``); needs ``pip install wirecoder[ray]``.

Sinks (:mod:`wirecoder.batch.sinks`) run in this process: ``out`` (a Parquet directory of part
files, or a JSONL file; a rerun skips the documents already there) and/or ``db`` (the event
store; documents whose text is stored are skipped). A document that cannot be read or coded
becomes an :class:`~wirecoder.schema.ErrorRecord` (in ``<out>.errors.jsonl`` or the store's
error list) and the batch goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from wirecoder.batch.reader import list_sources, read_inputs
from wirecoder.batch.records import ROW_COLUMNS, Outcome, event_rows, row_schema, short_key
from wirecoder.batch.sinks import Sink, StoreSink, open_sink
from wirecoder.errors import ConfigError
from wirecoder.schema import ErrorRecord, RawDocument
from wirecoder.store.writer import document_key

ENGINES = ("pool", "ray")


@dataclass
class BatchReport:
    """What one batch did."""

    engine: str
    workers: int
    seen: int = 0
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)  # the first ``max_errors`` of them
    outputs: list[str] = field(default_factory=list)  # what each sink wrote, in words
    worker_peak_mb: dict[int, float] = field(default_factory=dict)  # pid -> peak RSS
    max_in_flight_docs: int = 0  # pool: most documents sent and not yet handed back

    @property
    def docs_per_s(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0


def _prepare(
    items: Iterable[RawDocument | ErrorRecord], sinks: Sequence[Sink], seen: set[int]
) -> Iterator[RawDocument | Outcome]:
    """Turn read items into work: error records and done documents into ready outcomes."""
    for item in items:
        if isinstance(item, ErrorRecord):
            yield Outcome.failed(item)
            continue
        key = document_key(item.text)
        short = short_key(key)
        if short in seen or all(s.done(key, item.text) for s in sinks):
            yield Outcome("skipped", item.doc_id, key, item.source_path)
            continue
        seen.add(short)
        yield item


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] | None = None,
    db: str | os.PathLike[str] | None = None,
    fmt: str | None = None,
    workers: int = 1,
    engine: str = "pool",
    address: str | None = None,
    model: str | None = None,
    published: str | None = None,
    max_bytes: int | None = None,
    date_from_name: bool = True,
    chunk_size: int = 8,
    max_in_flight: int | None = None,
    resume: bool = True,
    on_document: Callable[[Outcome], None] | None = None,
    coder: Any = None,
    max_errors: int = 1000,
    ray_actor_cpus: float = 0.9,
    ray_init: dict[str, Any] | None = None,
    pool_stats: Any = None,
    worker_options: dict[str, Any] | None = None,
) -> BatchReport:
    """Code every document of ``inputs`` and write the results to ``out`` and/or ``db``.

    Args:
        inputs: folders (read recursively), ``.txt``/``.html`` files, ``.jsonl`` and
            ``.jsonl.gz`` files, or URIs ``pyarrow.fs`` can list (``s3://bucket/prefix``).
        out: ``*.parquet`` (a directory of part files) or ``*.jsonl`` (one file); rows are
            event mentions (:data:`ROW_COLUMNS`). A rerun skips the documents already there.
        db: an event store (SQLite path or ``postgresql://…``): each document stored once.
        fmt: ``parquet`` or ``jsonl``; default from ``out``'s name.
        workers: coder processes (pool) or actors (Ray).
        engine: ``pool`` or ``ray``.
        address: Ray only: the cluster (``auto``, ``ray://head:10001``); None starts a local
            Ray unless one is running in this process already.
        model: spaCy pipeline (default ``WIRECODER_MODEL`` or the bundled one).
        published: publication date for documents that carry none.
        max_bytes: size limit per document.
        date_from_name: take a missing date from a ``YYYY-MM-DD`` in the file name.
        chunk_size: documents per work unit (and per ``nlp.pipe`` batch).
        max_in_flight: pool: chunks out at once (default ``2 * workers``).
        resume: False starts ``out`` afresh (its parts and done list are deleted) instead of
            skipping what it holds.
        on_document: called in input order with each document's :class:`Outcome`.
        coder: a loaded ``Coder`` to use when ``workers == 1`` (pool).
        max_errors: error records kept in the report (all are written to the sinks).
        ray_actor_cpus: CPUs reserved per Ray coder actor (fractional, see the Ray engine).
        ray_init: extra ``ray.init`` arguments when this call starts Ray.
        pool_stats: a :class:`wirecoder.batch.pool.PoolStats` to fill (tests, benchmarks).
        worker_options: more :class:`wirecoder.batch.work.ChunkCoder` arguments for every
            worker (``{"null": True}``: code nothing, to measure the engine alone).

    Returns:
        A :class:`BatchReport`; counts are documents.

    Raises:
        ConfigError: no output, an unknown engine or format, Ray missing for ``engine="ray"``,
            or an output that is not a batch output.
    """
    from wirecoder.batch.pool import PoolStats, code_entries

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    if out is None and db is None:
        raise ConfigError("give an output: --out events.parquet|events.jsonl, or --db")
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    if engine == "ray":
        from wirecoder.batch.ray_engine import import_ray

        import_ray()  # fail before touching any output
    inputs = [str(i) for i in inputs]
    sinks: list[Sink] = []
    outcomes: Iterator[Outcome] | None = None
    report = BatchReport(engine=engine, workers=workers)
    started = time.perf_counter()
    try:
        if out is not None:
            sinks.append(open_sink(out, fmt, resume=resume))
        if db is not None:
            sinks.append(StoreSink(db))
        options = {
            "model": model,
            "want_rows": any(s.wants_rows for s in sinks),
            "want_doc": any(s.wants_doc for s in sinks),
            **(worker_options or {}),
        }
        seen: set[int] = set()
        stats = pool_stats if pool_stats is not None else PoolStats()
        if engine == "pool":
            items = read_inputs(inputs, published=published, max_bytes=max_bytes,
                                date_from_name=date_from_name)  # fmt: skip
            outcomes = code_entries(_prepare(items, sinks, seen), workers=workers,
                                    chunk_size=chunk_size, max_in_flight=max_in_flight,
                                    worker_options=options, coder=coder, stats=stats)  # fmt: skip
        else:
            outcomes = _ray_outcomes(inputs, sinks, options, workers=workers, address=address,
                                     chunk_size=chunk_size, published=published,
                                     max_bytes=max_bytes, date_from_name=date_from_name,
                                     actor_cpus=ray_actor_cpus, init_kwargs=ray_init)  # fmt: skip
        ray_peaks: dict[int, int] = {}
        for outcome in outcomes:
            report.seen += 1
            if engine == "ray" and outcome.status == "coded" and outcome.doc_key:
                short = short_key(outcome.doc_key)
                if short in seen:  # the same text earlier in this run
                    outcome = Outcome("skipped", outcome.doc_id, outcome.doc_key,
                                      outcome.source_path)  # fmt: skip
                seen.add(short)
            if outcome.worker is not None and outcome.worker_peak_kb:
                ray_peaks[outcome.worker] = max(ray_peaks.get(outcome.worker, 0),
                                                outcome.worker_peak_kb)  # fmt: skip
            results = [sink.write(outcome) for sink in sinks]
            if any(r.status == "failed" for r in results):
                final = next(r for r in results if r.status == "failed")
            elif any(r.status == "coded" for r in results):
                final = outcome
            else:
                final = results[0] if results else outcome
            if final.status == "coded":
                report.coded += 1
                report.events += final.events
            elif final.status == "failed":
                report.failed += 1
                if final.error is not None and len(report.errors) < max_errors:
                    report.errors.append(final.error)
            else:
                report.skipped += 1
            if on_document is not None:
                on_document(final)
        peaks = dict(ray_peaks)
        for pid, kb in stats.worker_peak_kb.items():
            peaks[pid] = max(peaks.get(pid, 0), kb)
        report.worker_peak_mb = {pid: kb / 1024 for pid, kb in peaks.items()}
        report.max_in_flight_docs = stats.max_in_flight_docs
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()  # stops the workers now if the batch ends early (an error, Ctrl-C)
        for sink in sinks:
            sink.close()
        report.outputs = [s.describe() for s in sinks]
        report.seconds = time.perf_counter() - started
    return report


def _ray_outcomes(inputs: list[str], sinks: list[Sink], options: dict[str, Any], *, workers: int,
                  address: str | None, chunk_size: int, published: str | None,
                  max_bytes: int | None, date_from_name: bool, actor_cpus: float,
                  init_kwargs: dict[str, Any] | None) -> Iterator[Outcome]:  # fmt: skip
    from wirecoder.batch.ray_engine import code_sources

    sources: list[dict[str, str]] = []
    for source in list_sources(inputs):
        if isinstance(source, ErrorRecord):
            from wirecoder.batch.ray_engine import _item_json

            sources.append({"error": _item_json(source), "location": "", "name": ""})
        else:
            sources.append({**source.as_dict(), "error": ""})
    # What the actors can skip before coding: the file output's documents (a set shipped to
    # each actor), or a PostgreSQL store's (asked per document). A SQLite store lives on this
    # machine only: its documents are skipped here, after coding (storing is idempotent).
    options = dict(options)
    skip_keys = None
    file_sinks = [s for s in sinks if not isinstance(s, StoreSink)]
    store_sinks = [s for s in sinks if isinstance(s, StoreSink)]
    if file_sinks and not store_sinks:
        skip_keys = file_sinks[0].done_keys()
    elif store_sinks and not file_sinks and store_sinks[0].store.is_postgres:
        options["skip_db"] = str(store_sinks[0].store.url)
    yield from code_sources(sources, workers=workers, worker_options=options,
                            skip_keys=skip_keys, address=address, chunk_size=chunk_size,
                            actor_cpus=actor_cpus, published=published, max_bytes=max_bytes,
                            date_from_name=date_from_name, init_kwargs=init_kwargs)  # fmt: skip


__all__ = [
    "ENGINES",
    "ROW_COLUMNS",
    "BatchReport",
    "Outcome",
    "event_rows",
    "read_inputs",
    "row_schema",
    "run_batch",
]
