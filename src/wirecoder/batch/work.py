"""The unit of work every engine runs: code a small chunk of documents into outcomes.

A :class:`ChunkCoder` lives once per worker process (or Ray actor) and builds its
:class:`~wirecoder.coder.Coder` -- the spaCy pipeline plus wirecoder's stages, ~3 s and a few
hundred MB -- the first time a chunk holds a document to code, then keeps it; a rerun whose
documents are all done never loads the model. Entries that are already outcomes (skipped
documents, ingest errors) pass through unchanged, so results keep input order.
"""

from __future__ import annotations

import os
from typing import Any

from wirecoder.batch.records import Outcome, event_rows, short_key
from wirecoder.schema import ErrorRecord, RawDocument
from wirecoder.store.writer import document_key

Entry = RawDocument | Outcome


def peak_rss_kb(pid: int | str = "self") -> int | None:
    """A process's peak resident memory (``VmHWM``) in KB, from ``/proc`` (Linux); else None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource

        if pid == "self" or pid == os.getpid():
            return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):
        pass
    return None


class NullCoder:
    """Codes nothing: each document becomes a CodedDocument without events, at once.

    For measuring what an engine itself costs (reading, moving documents, sinks) and for testing
    the engines without loading a model.
    """

    nlp = None

    def code_many(self, raws: list[RawDocument], *, batch_size: int = 16) -> Any:  # noqa: ARG002
        from wirecoder.schema import CodedDocument

        for raw in raws:
            yield CodedDocument(doc_id=raw.doc_id, title=raw.title, url=raw.url,
                                published=raw.published, text=raw.text)  # fmt: skip


class ChunkCoder:
    """Codes chunks of entries; what each outcome carries depends on the sinks.

    Args:
        model: spaCy pipeline name (None: ``WIRECODER_MODEL`` or the default).
        want_rows: fill ``Outcome.rows`` (file sinks).
        want_doc: fill ``Outcome.doc`` with the whole CodedDocument (the store sink).
        skip_keys: short keys (:func:`~wirecoder.batch.records.short_key`) of documents to skip
            without coding (engines that cannot skip before the chunk is formed: Ray).
        skip_db: a PostgreSQL store to ask ``has_text`` before coding (Ray actors).
        coder: an existing Coder to use (in-process runs and tests).
        null: use a :class:`NullCoder` (no model): measures the engine's own overhead.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        want_rows: bool = True,
        want_doc: bool = False,
        skip_keys: set[int] | frozenset[int] | None = None,
        skip_db: str | None = None,
        coder: Any = None,
        null: bool = False,
    ) -> None:
        self.model = model
        self.want_rows = want_rows
        self.want_doc = want_doc
        self.skip_keys = skip_keys or frozenset()
        self._skip_db = skip_db
        self._store: Any = None
        self._coder = NullCoder() if null and coder is None else coder
        self.pid = os.getpid()

    @property
    def coder(self) -> Any:
        if self._coder is None:
            from wirecoder.coder import Coder

            self._coder = Coder(model=self.model)
        return self._coder

    def _stored(self, text: str) -> bool:
        if self._skip_db is None:
            return False
        if self._store is None:
            from wirecoder.store import Store

            self._store = Store(self._skip_db, migrate=False)
        return bool(self._store.has_text(text))

    def code(self, entries: list[Entry]) -> list[Outcome]:
        """One outcome per entry, in order."""
        todo: list[RawDocument] = []
        keys: dict[int, str] = {}
        out: list[Outcome | None] = []
        for entry in entries:
            if isinstance(entry, Outcome):
                out.append(entry)
                continue
            key = document_key(entry.text)
            if short_key(key) in self.skip_keys or self._stored(entry.text):
                out.append(Outcome("skipped", entry.doc_id, key, entry.source_path))
                continue
            keys[id(entry)] = key
            todo.append(entry)
            out.append(None)
        coded_iter = iter(self._code(todo)) if todo else iter(())
        result: list[Outcome] = []
        peak = peak_rss_kb() if todo else None
        for entry, outcome in zip(entries, out):
            if outcome is None:
                assert isinstance(entry, RawDocument)
                outcome = next(coded_iter)
                outcome.worker, outcome.worker_peak_kb = self.pid, peak
            result.append(outcome)
        return result

    def _code(self, raws: list[RawDocument]) -> list[Outcome]:
        coder = self.coder
        model = getattr(getattr(coder, "nlp", None), "meta", {}).get("name")
        outcomes = []
        for raw, coded in zip(raws, coder.code_many(raws, batch_size=len(raws)), strict=True):
            key = document_key(raw.text)
            if isinstance(coded, ErrorRecord):
                outcomes.append(Outcome.failed(coded, key))
                continue
            outcomes.append(
                Outcome(
                    "coded",
                    coded.doc_id,
                    key,
                    raw.source_path,
                    events=len(coded.events),
                    rows=event_rows(coded, key, raw.source_path) if self.want_rows else None,
                    doc=coded if self.want_doc else None,
                    model=model,
                )
            )
        return outcomes
