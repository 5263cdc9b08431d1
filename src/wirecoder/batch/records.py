"""What a batch produces: one flat row per event mention, and one outcome per input document.

The rows are the batch's output format, the same for every engine (single process, worker pool,
Ray) and every file sink (Parquet, JSONL): one row per event *mention* -- an event as one
document reports it -- keyed by the document (``doc_key``, the sha256 of its text, the same key
the event store uses; ``doc_id``, its name) and the event's id within the document. Nothing is
merged across documents here (that is what the store does): a batch output is the coder's raw
reading of each article, ready for Parquet tools, pandas, DuckDB or Spark.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from wirecoder.plover import plover_context, plover_view, quad_class
from wirecoder.schema import CodedDocument, ErrorRecord

# name -> Arrow type name; the order is the column order of Parquet files.
ROW_FIELDS: tuple[tuple[str, str], ...] = (
    ("doc_key", "string"),
    ("doc_id", "string"),
    ("source_path", "string"),
    ("title", "string"),
    ("url", "string"),
    ("published", "string"),
    ("event_id", "string"),
    ("type", "string"),
    ("plover", "string"),
    ("quad_class", "int32"),
    ("mode", "string"),
    ("cameo_root", "string"),
    ("intensity", "float64"),
    ("negated", "bool"),
    ("modality", "string"),
    ("background", "bool"),
    ("caption", "bool"),
    ("date", "string"),
    ("date_text", "string"),
    ("sentence_index", "int32"),
    ("sentence", "string"),
    ("trigger", "string"),
    ("trigger_start", "int32"),
    ("trigger_end", "int32"),
    ("confidence", "float64"),
    ("source_ids", "list<string>"),
    ("source_names", "list<string>"),
    ("source_countries", "list<string>"),
    ("target_ids", "list<string>"),
    ("target_names", "list<string>"),
    ("target_countries", "list<string>"),
    ("place_name", "string"),
    ("place_country", "string"),
    ("lat", "float64"),
    ("lon", "float64"),
    ("attributed_to", "string"),
    ("contexts", "list<string>"),
    ("reasons", "string"),  # JSON object: field -> why
)
ROW_COLUMNS: tuple[str, ...] = tuple(name for name, _ in ROW_FIELDS)


def row_schema() -> Any:
    """The explicit Arrow schema of the rows (every column nullable but the keys)."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }
    keys = {"doc_key", "doc_id", "event_id", "type"}
    return pa.schema(
        [pa.field(name, types[kind], nullable=name not in keys) for name, kind in ROW_FIELDS]
    )


def event_rows(doc: CodedDocument, doc_key: str, source_path: str | None) -> list[dict[str, Any]]:
    """One row per event of ``doc`` (see :data:`ROW_FIELDS`), in the document's event order."""
    actors = {a.id: a for a in doc.actors}
    rows = []
    for ev in doc.events:
        category = plover_view(ev.type, ev.negated, ev.modality)
        contexts = plover_context(ev.contexts, ev.negated, ev.modality, ev.background)
        sentence = doc.sentences[ev.sentence] if ev.sentence < len(doc.sentences) else None
        sources = [actors.get(i) for i in ev.source]
        targets = [actors.get(i) for i in ev.target]
        loc = ev.location
        rows.append(
            {
                "doc_key": doc_key,
                "doc_id": doc.doc_id,
                "source_path": source_path,
                "title": doc.title,
                "url": doc.url,
                "published": doc.published,
                "event_id": ev.id,
                "type": ev.type,
                "plover": category,
                "quad_class": quad_class(category),
                "mode": ev.mode,
                "cameo_root": ev.cameo_root,
                "intensity": ev.intensity,
                "negated": ev.negated,
                "modality": ev.modality,
                "background": ev.background,
                "caption": ev.caption,
                "date": ev.date,
                "date_text": ev.date_text,
                "sentence_index": ev.sentence,
                "sentence": sentence.text if sentence else None,
                "trigger": ev.trigger.text,
                "trigger_start": ev.trigger.start,
                "trigger_end": ev.trigger.end,
                "confidence": ev.confidence,
                "source_ids": list(ev.source),
                "source_names": [a.name if a else i for a, i in zip(sources, ev.source)],
                "source_countries": [a.country if a else None for a in sources],
                "target_ids": list(ev.target),
                "target_names": [a.name if a else i for a, i in zip(targets, ev.target)],
                "target_countries": [a.country if a else None for a in targets],
                "place_name": loc.name if loc else None,
                "place_country": loc.country if loc else None,
                "lat": loc.lat if loc else None,
                "lon": loc.lon if loc else None,
                "attributed_to": ev.attributed_to,
                "contexts": contexts,
                "reasons": json.dumps(ev.reasons, ensure_ascii=False, sort_keys=True),
            }
        )
    return rows


def short_key(doc_key: str) -> int:
    """The first 64 bits of a document key: what the in-memory skip sets hold (~60 bytes a
    document instead of ~130 for the hex string; a false match needs ~4 billion documents)."""
    return int(doc_key[:16], 16)


@dataclass
class Outcome:
    """What happened to one input document, in input order.

    ``status``: ``coded`` (``rows``/``doc`` filled as the sinks asked), ``failed`` (``error``),
    or ``skipped`` (in the output already, or the same text came earlier in this run).
    """

    status: str
    doc_id: str
    doc_key: str | None = None
    source_path: str | None = None
    events: int = 0
    rows: list[dict[str, Any]] | None = None
    doc: CodedDocument | None = None
    error: ErrorRecord | None = None
    model: str | None = None
    worker: int | None = None  # pid of the process that coded it
    worker_peak_kb: int | None = None  # that process's peak RSS (VmHWM) when it finished
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def failed(cls, error: ErrorRecord, doc_key: str | None = None) -> Outcome:
        return cls("failed", error.doc_id, doc_key, error.source_path, error=error)

    def to_json(self) -> str:
        """For engines that move outcomes as strings (Ray)."""
        return json.dumps(
            {
                "status": self.status,
                "doc_id": self.doc_id,
                "doc_key": self.doc_key,
                "source_path": self.source_path,
                "events": self.events,
                "rows": self.rows,
                "doc": self.doc.model_dump(mode="json") if self.doc is not None else None,
                "error": self.error.model_dump() if self.error is not None else None,
                "model": self.model,
                "worker": self.worker,
                "worker_peak_kb": self.worker_peak_kb,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Outcome:
        data = json.loads(text)
        doc = data.pop("doc")
        error = data.pop("error")
        return cls(
            **data,
            doc=CodedDocument.model_validate(doc) if doc is not None else None,
            error=ErrorRecord.model_validate(error) if error is not None else None,
        )
