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
from datetime import date as Date
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
    if not match:
        return None
    try:
        Date.fromisoformat(match.group(1))
    except ValueError:
        return None  # "scan_2025-13-45.txt": not a date, so no date
    return match.group(1)


def iter_inputs(
    inputs: Iterable[str],
    *,
    published: str | None = None,
    max_bytes: int | None = None,
    fetch_articles: bool = True,
    feed_delay: float = 1.0,
    date_from_name: bool = True,
) -> Iterator[RawDocument | ErrorRecord]:
    """Every document the inputs hold, in order; unusable ones as error records.

    A date in a file's name (``report_2025-05-16.txt``) is used only for documents that carry
    none of their own (an HTML page's date, a JSONL record's ``published`` win), and only when
    it is a real calendar date.
    """
    from wirecoder.ingest import read_path

    feeds = _feeds()

    def feed(url: str) -> Iterator[RawDocument | ErrorRecord]:
        yield from feeds.read_feed(url, fetch_articles=fetch_articles, delay=feed_delay,
                                   published=published, max_bytes=max_bytes)  # fmt: skip

    def one_file(file: Path) -> Iterator[RawDocument | ErrorRecord]:
        if file.suffix.lower() in ("", ".txt", ".lst", ".feeds") and feeds.is_feed_list(file):
            for url in feeds.read_feed_list(file):
                yield from feed(url)
            return
        name_date = _date_from_name(file) if date_from_name and not published else None
        try:
            for item in read_path(file, published=published, max_bytes=max_bytes):
                if isinstance(item, RawDocument) and item.published is None and name_date:
                    item.published = name_date
                yield item
        except InputError as exc:
            yield ErrorRecord(doc_id=file.name, error=exc.one_line(), code=exc.code,
                              source_path=str(file))  # fmt: skip

    for arg in inputs:
        if feeds.looks_like_feed_url(arg):
            yield from feed(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            for file in sorted(path.iterdir()):
                if file.is_file() and not file.name.startswith(".") and (file.suffix.lower() in (
                    ".txt", ".text", ".html", ".htm", ".jsonl", ".lst", ".feeds"
                ) or file.name.lower().endswith(".jsonl.gz")):  # fmt: skip
                    yield from one_file(file)
        elif path.exists():
            yield from one_file(path)
        else:
            yield ErrorRecord(doc_id=path.name or arg, code="E008", source_path=arg,
                              error=f"[E008] {arg}: no such file or folder")  # fmt: skip


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold, when cheap to know (for the progress bar's ETA)."""
    total = 0
    for arg in inputs:
        path = Path(arg)
        if "://" in arg or not path.exists():
            return None
        files = [p for p in path.iterdir() if p.is_file()] if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" or file.name.lower().endswith(".jsonl.gz"):
                import gzip

                opener = gzip.open if file.suffix.lower() == ".gz" else open
                with opener(file, "rb") as handle:
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
        for raw, coded in zip(pending, coded_all, strict=True):
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
