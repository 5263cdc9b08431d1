"""The local engine: a pool of worker processes, each loading the spaCy pipeline once.

The driver (the calling process) reads the inputs, decides what to skip, and sends the rest to
the workers in small chunks (``chunk_size`` documents); results come back **in input order**.
At most ``max_in_flight`` chunks are out at any time -- sent and not yet handed back to the
caller -- so the driver never reads far ahead of the workers and memory stays flat however
large the input. ``workers=1`` codes in the calling process (no second copy of the model).

Workers are started with the ``spawn`` method (no fork of a process that may hold threads or
open database connections); each builds its :class:`~wirecoder.batch.work.ChunkCoder` in the
pool's initializer and its ``Coder`` on the first document it has to code.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from wirecoder.batch.records import Outcome
from wirecoder.batch.work import ChunkCoder, Entry, peak_rss_kb

_WORKER: ChunkCoder | None = None


def _init_worker(options: dict[str, Any]) -> None:
    global _WORKER
    _WORKER = ChunkCoder(**options)


def _work(chunk: list[Entry]) -> list[Outcome]:
    assert _WORKER is not None, "pool worker not initialised"
    return _WORKER.code(chunk)


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    coded = 0
    for entry in entries:
        chunk.append(entry)
        if not isinstance(entry, Outcome):
            coded += 1
        # A chunk closes at ``size`` documents to code; skipped ones ride along for free (but a
        # long run of them is still sent, so results keep coming and the progress bar moves).
        if coded >= size or len(chunk) >= 8 * size:
            yield chunk
            chunk, coded = [], 0
    if chunk:
        yield chunk


class PoolStats:
    """What the pool did, for reports and tests: the most chunks ever out at once, and each
    worker's peak RSS (KB) as last seen."""

    def __init__(self) -> None:
        self.max_in_flight = 0
        self.max_in_flight_docs = 0
        self.worker_peak_kb: dict[int, int] = {}


def code_entries(
    entries: Iterable[Entry],
    *,
    workers: int = 1,
    chunk_size: int = 8,
    max_in_flight: int | None = None,
    worker_options: dict[str, Any] | None = None,
    coder: Any = None,
    start_method: str = "spawn",
    max_tasks_per_worker: int | None = None,
    stats: PoolStats | None = None,
    on_started: Callable[[list[int]], None] | None = None,
) -> Iterator[Outcome]:
    """Code ``entries`` (RawDocuments to code, Outcomes to pass through), yielding outcomes in
    input order.

    Args:
        entries: read lazily, never more than ``max_in_flight`` chunks ahead of the caller.
        workers: processes; 1 codes in this process.
        chunk_size: documents per chunk sent to a worker (and per ``nlp.pipe`` batch).
        max_in_flight: chunks out at once (default ``2 * workers``: one being coded, one
            waiting, per worker).
        worker_options: keyword arguments of :class:`ChunkCoder` (model, want_rows, ...).
        coder: an existing ``Coder`` for ``workers=1`` (tests, benchmarks).
        start_method: ``spawn`` (default) or ``forkserver``.
        max_tasks_per_worker: replace a worker after this many chunks (caps slow growth of
            spaCy's string store on endless streams; None keeps workers for the whole run).
        stats: filled with the in-flight high-water mark and the workers' peak memory.
        on_started: called with the worker pids once the pool is up.
    """
    stats = stats if stats is not None else PoolStats()
    options = dict(worker_options or {})
    limit = max(1, max_in_flight or 2 * workers)
    chunks = _chunks(entries, max(1, chunk_size))

    if workers <= 1:
        local = ChunkCoder(coder=coder, **options)
        if on_started is not None:
            on_started([os.getpid()])
        for chunk in chunks:
            stats.max_in_flight = max(stats.max_in_flight, 1)
            stats.max_in_flight_docs = max(stats.max_in_flight_docs, len(chunk))
            outcomes = local.code(chunk)
            yield from outcomes
        pid = os.getpid()
        stats.worker_peak_kb[pid] = peak_rss_kb() or 0
        return

    ctx = multiprocessing.get_context(start_method)
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(options,),
                    maxtasksperchild=max_tasks_per_worker)  # fmt: skip
    try:
        if on_started is not None:
            on_started([p.pid for p in pool._pool])  # type: ignore[attr-defined]
        window: deque[tuple[Any, int]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(window) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                window.append((pool.apply_async(_work, (chunk,)), len(chunk)))
                stats.max_in_flight = max(stats.max_in_flight, len(window))
                docs = sum(n for _, n in window)
                stats.max_in_flight_docs = max(stats.max_in_flight_docs, docs)
            if not window:
                break
            result, _ = window.popleft()
            outcomes = result.get()
            for outcome in outcomes:
                if outcome.worker is not None and outcome.worker_peak_kb is not None:
                    seen = stats.worker_peak_kb.get(outcome.worker, 0)
                    stats.worker_peak_kb[outcome.worker] = max(seen, outcome.worker_peak_kb)
            yield from outcomes
        for proc in pool._pool:  # type: ignore[attr-defined]
            peak = peak_rss_kb(proc.pid)
            if peak:
                stats.worker_peak_kb[proc.pid] = max(stats.worker_peak_kb.get(proc.pid, 0), peak)
        pool.close()
        pool.join()
    finally:
        pool.terminate()
