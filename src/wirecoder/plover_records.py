"""PLOVER-manual event records (``--format plover``): one JSON object per event, in the PLOVER
view (factuality folded into the category, shared/eval/README.md) with the manual's field names."""

from __future__ import annotations

from typing import Any

from wirecoder.plover import plover_context, plover_view, quad_class
from wirecoder.schema import Actor, CodedDocument


def _entity(actor: Actor | None, actor_id: str) -> dict[str, Any]:
    if actor is None:
        return {"code": None, "sector": None, "entity_text": actor_id}
    return {
        "code": actor.country or (actor.sector if actor.sector == "IGO" else None),
        "sector": actor.sector,
        "entity_text": actor.name,
        "office": actor.role,
    }


def plover_records(doc: CodedDocument) -> list[dict[str, Any]]:
    """The document's events as PLOVER records (JSON-ready dicts)."""
    records = []
    for event in doc.events:
        category = plover_view(event.type, event.negated, event.modality)
        context = plover_context(event.contexts, event.negated, event.modality, event.background)
        sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
        records.append(
            {
                "id": event.id,
                "date": event.date or doc.published,
                "actor": [_entity(doc.actor(a), a) for a in event.source],
                "event": [category],
                "recipient": [_entity(doc.actor(a), a) for a in event.target],
                "mode": event.mode,
                "context": context,
                "quad_code": quad_class(category),
                "event_loc": event.location.model_dump() if event.location else None,
                "event_text": event.trigger.text,
                "text": sentence.text if sentence else None,
                "text_info": {
                    "sequence": event.sentence,
                    "start": event.trigger.start,
                    "end": event.trigger.end,
                },  # fmt: skip
                "cite_info": {"doc_id": doc.doc_id, "url": doc.url, "title": doc.title},
                "coder": "wirecoder",
                "comment": f"type {event.type}, negated {event.negated}, {event.modality}",
            }
        )
    return records
