"""Read whole records back for people and the API: an event with every report of it, a document
with all its annotations, dyads, places, quotes and stances on an issue.

Every function takes a :class:`~wirecoder.store.Store` and returns plain JSON-ready dicts whose
shape the API's models (:mod:`wirecoder.api.models`) describe.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from wirecoder.store import tables as t
from wirecoder.store.query import EventFilter, contains_pattern, events_select, where_clauses

SUPPORTIVE = ("SUPPORT", "AGREE")
OPPOSING = ("REJECT", "REQUEST", "THREATEN")


def _load(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def event_detail(store: Any, event_id: str) -> dict[str, Any] | None:
    """One event with its actors and every mention (document, sentence, trigger, reasons)."""
    f = EventFilter(limit=1).validated()
    query = events_select(f).where(t.events.c.id == event_id)
    m, d, s = t.event_mentions, t.documents, t.sentences
    with store.reader() as conn:
        row = conn.execute(query).mappings().first()
        if row is None:
            return None
        extra = conn.execute(
            select(t.events.c.realis, t.events.c.date_max).where(t.events.c.id == event_id)
        ).one()  # fmt: skip
        mentions = conn.execute(
            select(m, d.c.name.label("document_name"), d.c.title, d.c.url, d.c.published,
                   s.c.text.label("sentence"), s.c.start.label("sentence_start"))
            .join(d, d.c.id == m.c.document_id).join(s, s.c.id == m.c.sentence_id)
            .where(m.c.event_id == event_id).order_by(m.c.id != event_id, d.c.published, m.c.id)
        ).mappings().all()  # fmt: skip
        roles = conn.execute(
            select(t.event_actors.c.role, t.actors.c.id, t.actors.c.name)
            .join(t.actors, t.actors.c.id == t.event_actors.c.actor_id)
            .where(t.event_actors.c.event_id == event_id).order_by(t.actors.c.name)
        ).all()  # fmt: skip
    out = dict(row)
    out["negated"] = bool(out["negated"])
    out.update(realis=bool(extra.realis), date_max=extra.date_max)
    out["sources"] = [{"id": r.id, "name": r.name} for r in roles if r.role == "source"]
    out["targets"] = [{"id": r.id, "name": r.name} for r in roles if r.role == "target"]
    out["mentions"] = [
        {
            "id": r["id"], "document_id": r["document_id"], "document_name": r["document_name"],
            "title": r["title"], "url": r["url"], "published": r["published"],
            "sentence_index": r["sentence_index"], "sentence": r["sentence"],
            "sentence_start": r["sentence_start"],
            "trigger": {"start": r["trigger_start"], "end": r["trigger_end"],
                        "text": r["trigger_text"]},
            "type": r["type"], "negated": bool(r["negated"]), "modality": r["modality"],
            "date": r["date"], "date_text": r["date_text"], "date_reason": r["date_reason"],
            "attributed_to": r["attributed_to"], "confidence": r["confidence"],
            "background": bool(r["background"]), "caption": bool(r["caption"]),
            "reasons": _load(r["reasons"], {}), "object": _load(r["object"], None),
            "contexts": _load(r["contexts"], []), "location": _load(r["location"], None),
        }
        for r in mentions
    ]  # fmt: skip
    return out


def list_documents(store: Any, *, q: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    d = t.documents
    clauses = []
    if q:
        pattern = contains_pattern(q)
        clauses.append(or_(func.lower(d.c.name).like(pattern, escape="\\"),
                           func.lower(func.coalesce(d.c.title, "")).like(pattern, escape="\\")))  # fmt: skip
    with store.reader() as conn:
        total = conn.execute(select(func.count()).select_from(d).where(*clauses)).scalar_one()
        rows = conn.execute(
            select(d.c.id, d.c.name, d.c.title, d.c.url, d.c.published, d.c.n_events)
            .where(*clauses).order_by(d.c.published.desc(), d.c.name).limit(limit).offset(offset)
        ).mappings().all()  # fmt: skip
    return int(total), [dict(r) for r in rows]


def document_detail(store: Any, document_id: str) -> dict[str, Any] | None:
    """A document's text and every annotation, with offsets into the text."""
    d = t.documents
    with store.reader() as conn:
        doc = conn.execute(select(d).where(or_(d.c.id == document_id, d.c.name == document_id))
                           .order_by(d.c.id != document_id)).mappings().first()  # fmt: skip
        if doc is None:
            return None
        key = doc["id"]
        sentences = conn.execute(select(t.sentences).where(t.sentences.c.document_id == key)
                                 .order_by(t.sentences.c.idx)).mappings().all()  # fmt: skip
        actors = conn.execute(
            select(t.document_actors, t.actors.c.kind, t.actors.c.country, t.actors.c.sector)
            .join(t.actors, t.actors.c.id == t.document_actors.c.actor_id)
            .where(t.document_actors.c.document_id == key).order_by(t.document_actors.c.id)
        ).mappings().all()  # fmt: skip
        mentions = conn.execute(select(t.event_mentions).where(
            t.event_mentions.c.document_id == key).order_by(t.event_mentions.c.trigger_start)
        ).mappings().all()  # fmt: skip
        quotes = conn.execute(
            select(t.quotes, t.actors.c.name.label("speaker_name"))
            .outerjoin(t.actors, t.actors.c.id == t.quotes.c.speaker_actor_id)
            .where(t.quotes.c.document_id == key).order_by(t.quotes.c.start)
        ).mappings().all()  # fmt: skip
        dates = conn.execute(select(t.dates).where(t.dates.c.document_id == key)
                             .order_by(t.dates.c.start)).mappings().all()  # fmt: skip
        places = conn.execute(select(t.places).where(t.places.c.document_id == key)
                              .order_by(t.places.c.id)).mappings().all()  # fmt: skip
    return {
        "id": key, "name": doc["name"], "title": doc["title"], "url": doc["url"],
        "published": doc["published"], "n_events": doc["n_events"], "text": doc["text"],
        "sentences": [{"index": s["idx"], "start": s["start"], "end": s["end"],
                       "kind": s["kind"], "text": s["text"]} for s in sentences],
        "actors": [{"id": a["actor_id"], "local_id": a["local_id"], "name": a["name"],
                    "kind": a["kind"], "country": a["country"], "sector": a["sector"],
                    "role": a["role"], "mentions": _load(a["mentions"], [])} for a in actors],
        "events": [{"event_id": m["event_id"], "mention_id": m["id"], "type": m["type"],
                    "negated": bool(m["negated"]), "modality": m["modality"],
                    "trigger": {"start": m["trigger_start"], "end": m["trigger_end"],
                                "text": m["trigger_text"]},
                    "sentence_index": m["sentence_index"], "sources": _load(m["sources"], []),
                    "targets": _load(m["targets"], []), "date": m["date"],
                    "date_reason": m["date_reason"], "confidence": m["confidence"],
                    "reasons": _load(m["reasons"], {})} for m in mentions],
        "quotes": [{"id": q["id"], "document_id": key, "speaker_actor_id": q["speaker_actor_id"],
                    "speaker_name": q["speaker_name"], "text": q["text"],
                    "direct": bool(q["direct"]), "start": q["start"], "end": q["end"],
                    "sentence_index": q["sentence_index"]} for q in quotes],
        "dates": [{"text": x["text"], "value": x["value"], "start": x["start"], "end": x["end"],
                   "reason": x["reason"]} for x in dates],
        "places": [{"name": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
                    "mentions": _load(p["mentions"], [])} for p in places],
    }  # fmt: skip


def dyads(store: Any, f: EventFilter, limit: int = 200) -> list[dict[str, Any]]:
    """Source → target pairs with their event counts, cooperative (quad 1–2) and conflictual."""
    e = t.events.c
    src, tgt = t.actors.alias("src"), t.actors.alias("tgt")
    coop = func.sum(case((e.quad_class <= 2, 1), else_=0))
    query = (
        select(e.source_actor_id, src.c.name.label("source_name"), e.target_actor_id,
               tgt.c.name.label("target_name"), func.count().label("events"),
               coop.label("cooperative"))
        .join(src, src.c.id == e.source_actor_id).join(tgt, tgt.c.id == e.target_actor_id)
        .where(*where_clauses(f.validated()))
        .group_by(e.source_actor_id, src.c.name, e.target_actor_id, tgt.c.name)
        .order_by(func.count().desc(), e.source_actor_id, e.target_actor_id).limit(limit)
    )  # fmt: skip
    with store.reader() as conn:
        rows = conn.execute(query).all()
    return [{"source_id": r[0], "source_name": r[1], "target_id": r[2], "target_name": r[3],
             "events": int(r[4]), "cooperative": int(r[5] or 0),
             "conflictual": int(r[4]) - int(r[5] or 0)} for r in rows]  # fmt: skip


def place_counts(store: Any, f: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
    """Event locations with counts per quad class (for the map)."""
    e = t.events.c
    quads = [func.sum(case((e.quad_class == q, 1), else_=0)).label(f"q{q}") for q in (1, 2, 3, 4)]
    query = (
        select(e.place_name, e.place_country, e.lat, e.lon, func.count().label("events"), *quads)
        .where(and_(e.lat.is_not(None), e.lon.is_not(None)), *where_clauses(f.validated()))
        .group_by(e.place_name, e.place_country, e.lat, e.lon)
        .order_by(func.count().desc(), e.place_name).limit(limit)
    )  # fmt: skip
    with store.reader() as conn:
        rows = conn.execute(query).mappings().all()
    return [{"name": r["place_name"], "country": r["place_country"], "lat": r["lat"],
             "lon": r["lon"], "events": int(r["events"]),
             "quad": {str(q): int(r[f"q{q}"] or 0) for q in (1, 2, 3, 4)}} for r in rows]  # fmt: skip


def list_quotes(store: Any, *, speaker: str | None = None, q: str | None = None,
                limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    qt, a = t.quotes, t.actors

    clauses = []
    if speaker:
        clauses.append(or_(qt.c.speaker_actor_id == speaker,
                           func.lower(a.c.name).like(contains_pattern(speaker), escape="\\")))  # fmt: skip
    if q:
        clauses.append(func.lower(qt.c.text).like(contains_pattern(q), escape="\\"))
    base = select(qt, a.c.name.label("speaker_name")).outerjoin(a, a.c.id == qt.c.speaker_actor_id)
    with store.reader() as conn:
        total = conn.execute(
            select(func.count()).select_from(qt.outerjoin(a, a.c.id == qt.c.speaker_actor_id))
            .where(*clauses)
        ).scalar_one()  # fmt: skip
        rows = conn.execute(base.where(*clauses).order_by(qt.c.id).limit(limit)
                            .offset(offset)).mappings().all()  # fmt: skip
    return int(total), [{"id": r["id"], "document_id": r["document_id"],
                         "speaker_actor_id": r["speaker_actor_id"],
                         "speaker_name": r["speaker_name"], "text": r["text"],
                         "direct": bool(r["direct"]), "start": r["start"], "end": r["end"],
                         "sentence_index": r["sentence_index"]} for r in rows]  # fmt: skip


def stances(store: Any, issue: str, f: EventFilter | None = None,
            limit: int = 2000) -> list[dict[str, Any]]:  # fmt: skip
    """Who stands where on an issue, over time: every report whose sentence names the issue
    and whose category takes a side. SUPPORT/AGREE support it, REJECT/REQUEST/THREATEN oppose
    it — except a REQUEST whose requested thing names the issue ("urged them to sign the
    treaty"), which asks *for* it; a negated report takes the other side ("refused to back the
    ceasefire")."""
    base = f or EventFilter()
    f2 = EventFilter(**{**base.__dict__, "text": issue,
                        "type": list(SUPPORTIVE + OPPOSING), "limit": 1}).validated()  # fmt: skip
    e, m, s, a = t.events.c, t.event_mentions, t.sentences, t.actors
    query = (
        select(e.id, e.type, e.negated, e.modality, e.source_actor_id, a.c.name,
               m.c.document_id, m.c.date, m.c.trigger_text, s.c.text, e.date.label("event_date"),
               m.c.object)
        .select_from(t.events.join(m, m.c.event_id == e.id).join(s, s.c.id == m.c.sentence_id)
                     .join(a, a.c.id == e.source_actor_id))
        .where(*where_clauses(f2), func.lower(s.c.text).like(contains_pattern(issue), escape="\\"))
        .order_by(e.date, e.id, m.c.id).limit(limit)
    )  # fmt: skip
    with store.reader() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        supportive = r.type in SUPPORTIVE
        if r.type == "REQUEST":
            requested = (_load(r.object, None) or {}).get("text", "")
            supportive = issue.lower() in requested.lower()
        if r.negated:
            supportive = not supportive
        out.append({"date": r.date or r.event_date, "actor_id": r.source_actor_id,
                    "actor_name": r.name, "stance": "support" if supportive else "oppose",
                    "type": r.type, "negated": bool(r.negated), "modality": r.modality,
                    "event_id": r.id, "document_id": r.document_id, "sentence": r.text,
                    "trigger": r.trigger_text})  # fmt: skip
    return out
