"""Write one coded document into the store, inside the caller's transaction.

Everything for a document (its sentences, actors, quotes, places, dates, event mentions) is
written in one transaction, so a document is either fully stored or not at all; the ingest loop
commits after each one. Event mentions are matched to stored events by the rule in
:mod:`wirecoder.store.dedup`. On PostgreSQL the per-document rows go in with ``COPY`` and an
advisory lock per event key keeps two concurrent ingests from creating the same event twice; on
SQLite the ``BEGIN IMMEDIATE`` of every write transaction serialises writers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Table, bindparam, func, select, text, update

from wirecoder.plover import quad_class
from wirecoder.schema import CodedDocument, Event
from wirecoder.store import tables as t
from wirecoder.store.actors import ActorResolver, Canonical
from wirecoder.store.dedup import PlaceRef, actor_key, dates_match, is_realis, places_match


def document_key(text_: str) -> str:
    """A document's id in the store: the sha256 of its text (same text, same document)."""
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class WriteResult:
    document_id: str
    stored: bool
    new_events: int = 0
    merged_mentions: int = 0
    event_ids: list[str] = field(default_factory=list)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert unless the primary key exists; True when a row was written.

    ``RETURNING`` tells what happened: psycopg reports no row count for this statement.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(table).values(values).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).values(values).on_conflict_do_nothing()
    key = list(table.primary_key.columns)[0]
    return conn.execute(statement.returning(key)).first() is not None


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Many rows at once: ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = [c.name for c in table.columns]
    quoted = ", ".join(f'"{name}"' for name in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as cp:
        for row in rows:
            cp.write_row(tuple(row.get(name) for name in columns))


def _whole_country(name: str | None, country: str | None) -> bool:
    if not name or not country:
        return False
    from wirecoder.pipeline.actors.countries import country_by_name

    found = country_by_name(name)
    return found is not None and found.iso3 == country


class DocumentWriter:
    """Stores one :class:`CodedDocument` (see the module docstring)."""

    def __init__(self, conn: Connection, *, model: str | None = None,
                 coder_version: str | None = None) -> None:  # fmt: skip
        self.conn = conn
        self.model = model
        self.coder_version = coder_version
        self.now = now_iso()
        self.pg = conn.dialect.name == "postgresql"

    def write(self, doc: CodedDocument, source_path: str | None = None) -> WriteResult:
        key = document_key(doc.text)
        source = urlsplit(doc.url).hostname if doc.url and "://" in doc.url else None
        stored = self.conn.execute(_INSERT_DOCUMENT, {
            "id": key, "name": doc.doc_id, "title": doc.title, "url": doc.url, "source": source,
            "published": doc.published, "source_path": source_path, "language": doc.language,
            "text": doc.text, "n_sentences": len(doc.sentences), "n_events": len(doc.events),
            "warnings": _json(doc.warnings), "model": self.model,
            "coder_version": self.coder_version, "ingested_at": self.now,
        }).first() is not None  # fmt: skip
        result = WriteResult(document_id=key, stored=stored)
        if not stored:
            return result
        short = key[:16]
        bulk_insert(self.conn, t.sentences, [
            {"id": f"{short}:{s.index}", "document_id": key, "idx": s.index, "start": s.start,
             "end": s.end, "kind": s.kind, "text": s.text}
            for s in doc.sentences
        ])  # fmt: skip
        resolver = ActorResolver(self.conn, self.now)
        canon: dict[str, Canonical] = resolver.resolve_all(doc.actors)
        bulk_insert(self.conn, t.document_actors, [
            {"id": f"{short}:{a.id}", "document_id": key, "actor_id": canon[a.id].id,
             "local_id": a.id, "name": a.name, "role": a.role,
             "reason": f"{a.reason or 'coder'}; store: {canon[a.id].reason}",
             "aliases": _json(a.aliases), "mentions": _json([m.model_dump() for m in a.mentions])}
            for a in doc.actors
        ])  # fmt: skip
        bulk_insert(self.conn, t.dates, [
            {"id": f"{short}:{i}", "document_id": key, "text": d.text, "value": d.value,
             "start": d.start, "end": d.end, "reason": d.reason}
            for i, d in enumerate(doc.dates)
        ])  # fmt: skip
        bulk_insert(self.conn, t.places, [
            {"id": f"{short}:{i}", "document_id": key, "name": p.name, "country": p.country,
             "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
             "mentions": _json([m.model_dump() for m in p.mentions])}
            for i, p in enumerate(doc.places)
        ])  # fmt: skip
        speaker = {local: c.id for local, c in canon.items()}
        bulk_insert(self.conn, t.quotes, [
            {"id": f"{short}:{q.id}", "document_id": key,
             "speaker_actor_id": speaker.get(q.speaker or ""), "text": q.text, "direct": q.direct,
             "start": q.start, "end": q.end, "sentence_index": q.sentence, "reason": q.reason}
            for q in doc.quotes
        ])  # fmt: skip
        self._events(doc, key, source, canon, result)
        return result

    # -- events ------------------------------------------------------------------------
    def _events(self, doc: CodedDocument, key: str, source: str | None,
                canon: dict[str, Canonical], result: WriteResult) -> None:  # fmt: skip
        """Match every event of the document to stored events (one read), then write."""
        drafts = [self._draft(doc, event, canon) for event in doc.events]
        if not drafts:
            return
        keys = sorted({(d.type, d.skey, d.tkey) for d in drafts})
        if self.pg:
            # One advisory lock per event key, taken in a fixed order (no deadlocks): two
            # ingests cannot both create the same event.
            self.conn.execute(_PG_LOCKS, {"keys": ["|".join(k) for k in keys]})
        e = t.events.c
        candidates: list[dict[str, Any]] = []
        skeys = sorted({d.skey for d in drafts})
        types = sorted({d.type for d in drafts})
        for i in range(0, len(skeys), 500):
            candidates += [dict(r) for r in self.conn.execute(
                select(t.events).where(e.type.in_(types), e.source_key.in_(skeys[i:i + 500]))
            ).mappings()]  # fmt: skip
        wanted = set(keys)
        candidates = [c for c in candidates if (c["type"], c["source_key"], c["target_key"])
                      in wanted]  # fmt: skip
        short = key[:16]
        new_rows: dict[str, dict[str, Any]] = {}
        links: list[dict[str, Any]] = []
        merged: dict[str, dict[str, Any]] = {}
        conflicts: dict[str, str] = {}
        mentions = []
        for d in drafts:
            same, opposite = self._match(d, candidates, key)
            mention_id = f"{short}:{d.event.id}"
            if same is not None:
                event_id = same["id"]
                self._merge_into(same, d)
                result.merged_mentions += 1
                if event_id in new_rows:
                    same["num_mentions"] += 1
                else:
                    merged[event_id] = same
            else:
                event_id = mention_id
                result.new_events += 1
                row = self._new_row(d, event_id, key, opposite)
                new_rows[event_id] = row
                candidates.append(row)
                links += [{"event_id": event_id, "actor_id": a, "role": "source"}
                          for a in d.sources]  # fmt: skip
                links += [{"event_id": event_id, "actor_id": a, "role": "target"}
                          for a in d.targets]  # fmt: skip
                if opposite is not None and opposite.get("conflict_with") is None:
                    opposite["conflict_with"] = event_id
                    if opposite["id"] in new_rows:
                        new_rows[opposite["id"]] = opposite
                    else:
                        conflicts[opposite["id"]] = event_id
            result.event_ids.append(event_id)
            mentions.append(self._mention_row(d, mention_id, event_id, key, canon))
        if new_rows:
            self.conn.execute(t.events.insert(), list(new_rows.values()))
        if links:
            self.conn.execute(t.event_actors.insert(), links)
        bulk_insert(self.conn, t.event_mentions, mentions)
        for event_id, target in conflicts.items():
            if event_id not in merged:
                self.conn.execute(update(t.events).where(t.events.c.id == event_id)
                                  .values(conflict_with=target))  # fmt: skip
        if merged:
            self._update_merged(merged)

    def _draft(self, doc: CodedDocument, event: Event, canon: dict[str, Canonical]) -> _Draft:
        sources = sorted({canon[a].id for a in event.source if a in canon})
        targets = sorted({canon[a].id for a in event.target if a in canon})
        loc = event.location
        place = PlaceRef(loc.name, loc.country, loc.lat, loc.lon, loc.geonameid,
                         _whole_country(loc.name, loc.country)) if loc else None  # fmt: skip
        return _Draft(event=event, type=event.type, sources=sources, targets=targets,
                      skey=actor_key(sources), tkey=actor_key(targets),
                      realis=is_realis(event.modality), effective=event.date or doc.published,
                      place=place, first_source=canon_of(canon, event.source),
                      first_target=canon_of(canon, event.target))  # fmt: skip

    def _match(self, d: _Draft, candidates: list[dict[str, Any]],
               key: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:  # fmt: skip
        same: dict[str, Any] | None = None
        opposite: dict[str, Any] | None = None
        for row in candidates:
            if (row["type"], row["source_key"], row["target_key"], bool(row["realis"])) != (
                d.type, d.skey, d.tkey, d.realis
            ):  # fmt: skip
                continue
            here = row["first_document_id"] == key
            if not (dates_match(d.effective, row["date"], here)
                    or dates_match(d.effective, row["date_max"], here)):  # fmt: skip
                continue
            other = PlaceRef(row["place_name"], row["place_country"], row["lat"], row["lon"],
                             row["geonameid"],
                             _whole_country(row["place_name"], row["place_country"]))  # fmt: skip
            if not places_match(d.place, other):
                continue
            if bool(row["negated"]) == d.event.negated and same is None:
                same = row
            elif bool(row["negated"]) != d.event.negated and opposite is None:
                opposite = row
        return same, opposite

    def _merge_into(self, row: dict[str, Any], d: _Draft) -> None:
        row["date"] = min(filter(None, [row["date"], d.effective]), default=None)
        row["date_max"] = max(filter(None, [row["date_max"], d.effective]), default=None)
        row["confidence"] = max(row["confidence"], d.event.confidence)
        row["background"] = bool(row["background"] and d.event.background)
        row["updated_at"] = self.now
        loc = d.event.location
        if row["place_name"] is None and loc is not None:
            row.update(place_name=loc.name, place_country=loc.country, lat=loc.lat,
                       lon=loc.lon, geonameid=loc.geonameid)  # fmt: skip

    def _new_row(self, d: _Draft, event_id: str, key: str,
                 opposite: dict[str, Any] | None) -> dict[str, Any]:  # fmt: skip
        event, loc = d.event, d.event.location
        src, tgt = d.first_source, d.first_target
        return {
            "id": event_id, "type": event.type, "mode": event.mode,
            "cameo_root": event.cameo_root, "quad_class": quad_class(event.type),
            "intensity": event.intensity, "source_key": d.skey, "target_key": d.tkey,
            "source_actor_id": src.id if src else None,
            "target_actor_id": tgt.id if tgt else None,
            "source_country": src.country if src else None,
            "source_sector": src.sector if src else None,
            "target_country": tgt.country if tgt else None,
            "target_sector": tgt.sector if tgt else None,
            "negated": event.negated, "modality": event.modality, "realis": d.realis,
            "background": event.background, "date": d.effective, "date_max": d.effective,
            "place_name": loc.name if loc else None, "place_country": loc.country if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "geonameid": loc.geonameid if loc else None,
            "num_mentions": 1, "num_articles": 1, "num_sources": 1,
            "conflict_with": opposite["id"] if opposite is not None else None,
            "confidence": event.confidence, "first_document_id": key,
            "created_at": self.now, "updated_at": self.now,
        }  # fmt: skip

    def _mention_row(self, d: _Draft, mention_id: str, event_id: str, key: str,
                     canon: dict[str, Canonical]) -> dict[str, Any]:  # fmt: skip
        event, loc = d.event, d.event.location
        attributed = canon.get(event.attributed_to or "")
        return {
            "id": mention_id, "event_id": event_id, "document_id": key,
            "sentence_id": f"{key[:16]}:{event.sentence}", "sentence_index": event.sentence,
            "type": event.type, "negated": event.negated, "modality": event.modality,
            "attributed_to": attributed.id if attributed else None, "date": event.date,
            "date_text": event.date_text, "date_reason": event.date_reason,
            "trigger_start": event.trigger.start, "trigger_end": event.trigger.end,
            "trigger_text": event.trigger.text,
            "object": _json(event.object.model_dump() if event.object else None),
            "contexts": _json(event.contexts),
            "location": _json(loc.model_dump() if loc else None),
            "sources": _json(d.sources), "targets": _json(d.targets),
            "confidence": event.confidence, "background": event.background,
            "caption": event.caption, "reasons": _json(event.reasons),
        }  # fmt: skip

    def _update_merged(self, merged: dict[str, dict[str, Any]]) -> None:
        """Stored events that got new reports: their dates, place, confidence and counts
        (num_mentions / num_articles / num_sources recounted from the mentions)."""
        m, d = t.event_mentions, t.documents
        ids = sorted(merged)
        counts = {}
        for i in range(0, len(ids), 500):
            for row in self.conn.execute(
                select(m.c.event_id, func.count(m.c.id),
                       func.count(func.distinct(m.c.document_id)),
                       func.count(func.distinct(func.coalesce(d.c.source, d.c.id))))
                .select_from(m.join(d, d.c.id == m.c.document_id))
                .where(m.c.event_id.in_(ids[i:i + 500])).group_by(m.c.event_id)
            ):  # fmt: skip
                counts[row[0]] = row[1:]
        rows = []
        for event_id, row in merged.items():
            n_mentions, n_articles, n_sources = counts.get(event_id, (1, 1, 1))
            rows.append({
                "_id": event_id, "date": row["date"], "date_max": row["date_max"],
                "confidence": row["confidence"], "background": bool(row["background"]),
                "place_name": row["place_name"], "place_country": row["place_country"],
                "lat": row["lat"], "lon": row["lon"], "geonameid": row["geonameid"],
                "conflict_with": row.get("conflict_with"), "updated_at": self.now,
                "num_mentions": n_mentions, "num_articles": n_articles, "num_sources": n_sources,
            })  # fmt: skip
        self.conn.execute(_UPDATE_MERGED, rows)


@dataclass
class _Draft:
    """One coded event on its way into the store, with its canonical actors and keys."""

    event: Event
    type: str
    sources: list[str]
    targets: list[str]
    skey: str
    tkey: str
    realis: bool
    effective: str | None
    place: PlaceRef | None
    first_source: Canonical | None
    first_target: Canonical | None


_INSERT_DOCUMENT = text(
    "INSERT INTO documents (id, name, title, url, source, published, source_path, language, "
    "text, n_sentences, n_events, warnings, model, coder_version, ingested_at) VALUES (:id, "
    ":name, :title, :url, :source, :published, :source_path, :language, :text, :n_sentences, "
    ":n_events, :warnings, :model, :coder_version, :ingested_at) ON CONFLICT DO NOTHING "
    "RETURNING id"
)
_PG_LOCKS = text(
    "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h "
    "FROM unnest(CAST(:keys AS text[])) AS k ORDER BY h) AS locks"
)
_UPDATE_MERGED = (
    update(t.events).where(t.events.c.id == bindparam("_id")).values(
        date=bindparam("date"), date_max=bindparam("date_max"),
        confidence=bindparam("confidence"), background=bindparam("background"),
        place_name=bindparam("place_name"), place_country=bindparam("place_country"),
        lat=bindparam("lat"), lon=bindparam("lon"), geonameid=bindparam("geonameid"),
        conflict_with=bindparam("conflict_with"), updated_at=bindparam("updated_at"),
        num_mentions=bindparam("num_mentions"), num_articles=bindparam("num_articles"),
        num_sources=bindparam("num_sources"),
    )
)  # fmt: skip


def canon_of(canon: dict[str, Canonical], ids: list[str]) -> Canonical | None:
    for local in ids:
        if local in canon:
            return canon[local]
    return None
