"""``wirecoder ingest``: read inputs, code what is new, store each document in its own transaction.

Inputs are files and folders (``.txt``, ``.html``, ``.jsonl``), feed URLs (``https://…``,
``file://…``, ``.rss``/``.atom``/``.xml`` files) and files listing feed URLs one per line.
A document whose text is already stored is skipped before it is coded, so re-running an ingest
(after a crash, or on a folder that grew) costs little and stores nothing twice. A document that
fails becomes a stored error record and the ingest goes on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DataError, IntegrityError

from wirecoder.errors import InputError
from wirecoder.schema import ErrorRecord, RawDocument
from wirecoder.store import Store
from wirecoder.store.writer import document_key

_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass
class IngestReport:
    """What one ingest did; times in seconds, coding and storing apart (for ``bench/``)."""

    seen: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events_new: int = 0
    mentions_merged: int = 0
    code_seconds: float = 0.0
    store_seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)


def _feeds():  # type: ignore[no-untyped-def]
    from wirecoder.ingest import feeds

    return feeds


def _date_from_name(path: Path) -> str | None:
    match = _NAME_DATE.search(path.name)
    return match.group(1) if match else None


def iter_inputs(
    inputs: Iterable[str],
    *,
    published: str | None = None,
    max_bytes: int | None = None,
    fetch_articles: bool = True,
    feed_delay: float = 1.0,
    date_from_name: bool = True,
) -> Iterator[RawDocument | ErrorRecord]:
    """Every document the inputs hold, in order; unusable ones as error records."""
    from wirecoder.ingest import read_path

    for arg in inputs:
        feeds = _feeds()
        if feeds.looks_like_feed_url(arg):
            yield from feeds.read_feed(arg, fetch_articles=fetch_articles, delay=feed_delay,
                                       published=published, max_bytes=max_bytes)  # fmt: skip
            continue
        path = Path(arg)
        try:
            if path.is_file() and feeds.is_feed_list(path):
                for url in feeds.read_feed_list(path):
                    yield from feeds.read_feed(url, fetch_articles=fetch_articles,
                                               delay=feed_delay, published=published,
                                               max_bytes=max_bytes)  # fmt: skip
                continue
            files = sorted(p for p in path.iterdir()) if path.is_dir() else [path]
            if path.is_dir():
                files = [p for p in files if p.is_file() and not p.name.startswith(".")
                         and p.suffix.lower() in (".txt", ".text", ".html", ".htm", ".jsonl")]
            for file in files:
                date = published or (_date_from_name(file) if date_from_name else None)
                try:
                    yield from read_path(file, published=date, max_bytes=max_bytes)
                except InputError as exc:
                    yield ErrorRecord(doc_id=file.name, error=exc.one_line(), code=exc.code,
                                      source_path=str(file))  # fmt: skip
        except InputError as exc:
            yield ErrorRecord(doc_id=path.name or arg, error=exc.one_line(), code=exc.code,
                              source_path=arg)  # fmt: skip


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold, when cheap to know (for the progress bar's ETA)."""
    total = 0
    for arg in inputs:
        path = Path(arg)
        if "://" in arg or not path.exists():
            return None
        files = [p for p in path.iterdir() if p.is_file()] if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl":
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif file.suffix.lower() in (".txt", ".text", ".html", ".htm"):
                total += 1
    return total


def ingest_documents(
    items: Iterable[RawDocument | ErrorRecord],
    store: Store,
    coder,  # type: ignore[no-untyped-def]
    *,
    batch_size: int = 8,
    on_document: Callable[[RawDocument | ErrorRecord, str], None] | None = None,
) -> IngestReport:
    """Code and store each new document; ``on_document(item, outcome)`` after each one.

    New documents are parsed ``batch_size`` at a time (spaCy is faster on batches) and then
    stored one transaction each, so a crash loses at most the uncommitted part of one batch.
    """
    report = IngestReport()
    pending: list[RawDocument] = []
    loaded: list = []  # type: ignore[type-arg]

    def get_coder():  # type: ignore[no-untyped-def]
        # ``coder`` may be a factory: the model then loads only once a new document needs it,
        # so re-running an ingest over stored documents is quick.
        if not loaded:
            loaded.append(coder if hasattr(coder, "code_many") else coder())
        return loaded[0]

    def done(item: RawDocument | ErrorRecord, outcome: str) -> None:
        if on_document is not None:
            on_document(item, outcome)

    def flush() -> None:
        active = get_coder()
        model = getattr(getattr(active, "nlp", None), "meta", {}).get("name")
        started = time.perf_counter()
        coded_all = list(active.code_many(pending, batch_size=len(pending)))
        report.code_seconds += time.perf_counter() - started
        for raw, coded in zip(pending, coded_all):
            if isinstance(coded, ErrorRecord):
                _fail(store, report, coded)
                done(raw, "failed")
                continue
            started = time.perf_counter()
            try:
                result = store.write(coded, source_path=raw.source_path, model=model)
            except (IntegrityError, DataError) as exc:
                # This document's rows broke a rule of the database: it alone is not stored.
                message = str(exc.orig or exc).splitlines()[0]
                _fail(store, report, ErrorRecord(
                    doc_id=raw.doc_id, code="E012", source_path=raw.source_path,
                    error=f"[E012] {raw.doc_id}: not stored: {type(exc.orig).__name__}: {message}",
                ))  # fmt: skip
                done(raw, "failed")
                continue
            finally:
                report.store_seconds += time.perf_counter() - started
            if result.stored:
                report.stored += 1
                report.events_new += result.new_events
                report.mentions_merged += result.merged_mentions
                done(raw, "stored")
            else:  # another process stored the same text meanwhile
                report.skipped += 1
                done(raw, "skipped")
        pending.clear()

    seen_keys: set[str] = set()  # hashes, not texts: memory stays small on big inputs
    for item in items:
        report.seen += 1
        if isinstance(item, ErrorRecord):
            _fail(store, report, item)
            done(item, "failed")
        elif document_key(item.text) in seen_keys or store.has_text(item.text):
            report.skipped += 1
            done(item, "skipped")
        else:
            seen_keys.add(document_key(item.text))
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
    if pending:
        flush()
    return report


def _fail(store: Store, report: IngestReport, error: ErrorRecord) -> None:
    report.failed += 1
    report.errors.append(error)
    store.record_error(error)
