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

from sqlalchemy import Connection, Table, func, select, text, update

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
        stored = _insert_ignore(self.conn, t.documents, {
            "id": key, "name": doc.doc_id, "title": doc.title, "url": doc.url, "source": source,
            "published": doc.published, "source_path": source_path, "language": doc.language,
            "text": doc.text, "n_sentences": len(doc.sentences), "n_events": len(doc.events),
            "warnings": _json(doc.warnings), "model": self.model,
            "coder_version": self.coder_version, "ingested_at": self.now,
        })  # fmt: skip
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
        canon: dict[str, Canonical] = {a.id: resolver.resolve(a) for a in doc.actors}
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
        mentions = []
        for event in doc.events:
            mentions.append(self._event(doc, key, source, event, canon, result))
        bulk_insert(self.conn, t.event_mentions, mentions)
        for event_id in set(result.event_ids):
            self._recount(event_id)
        return result

    # -- events ------------------------------------------------------------------------
    def _event(self, doc: CodedDocument, key: str, source: str | None, event: Event,
               canon: dict[str, Canonical], result: WriteResult) -> dict[str, Any]:  # fmt: skip
        sources = sorted({canon[a].id for a in event.source if a in canon})
        targets = sorted({canon[a].id for a in event.target if a in canon})
        effective = event.date or doc.published
        loc = event.location
        place = PlaceRef(loc.name, loc.country, loc.lat, loc.lon, loc.geonameid,
                         _whole_country(loc.name, loc.country)) if loc else None  # fmt: skip
        skey, tkey = actor_key(sources), actor_key(targets)
        realis = is_realis(event.modality)
        if self.pg:
            lock = f"{event.type}|{skey}|{tkey}"
            self.conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": lock})
        candidates = self.conn.execute(
            select(t.events).where(
                t.events.c.type == event.type,
                t.events.c.source_key == skey,
                t.events.c.target_key == tkey,
                t.events.c.realis == realis,
            )
        ).all()
        same: Any = None
        opposite: Any = None
        for row in candidates:
            here = row.first_document_id == key
            if not (dates_match(effective, row.date, here)
                    or dates_match(effective, row.date_max, here)):  # fmt: skip
                continue
            other = PlaceRef(row.place_name, row.place_country, row.lat, row.lon, row.geonameid,
                             _whole_country(row.place_name, row.place_country))  # fmt: skip
            if not places_match(place, other):
                continue
            if row.negated == event.negated and same is None:
                same = row
            elif row.negated != event.negated and opposite is None:
                opposite = row
        short = key[:16]
        mention_id = f"{short}:{event.id}"
        if same is not None:
            event_id = same.id
            result.merged_mentions += 1
            values: dict[str, Any] = {
                "date": min(filter(None, [same.date, effective]), default=None),
                "date_max": max(filter(None, [same.date_max, effective]), default=None),
                "confidence": max(same.confidence, event.confidence),
                "background": bool(same.background and event.background),
                "updated_at": self.now,
            }
            if same.place_name is None and loc is not None:
                values.update(place_name=loc.name, place_country=loc.country, lat=loc.lat,
                              lon=loc.lon, geonameid=loc.geonameid)  # fmt: skip
            self.conn.execute(update(t.events).where(t.events.c.id == event_id).values(values))
        else:
            event_id = mention_id
            result.new_events += 1
            first_src = canon_of(canon, event.source)
            first_tgt = canon_of(canon, event.target)
            self.conn.execute(t.events.insert().values(
                id=event_id, type=event.type, mode=event.mode, cameo_root=event.cameo_root,
                quad_class=quad_class(event.type), intensity=event.intensity,
                source_key=skey, target_key=tkey,
                source_actor_id=first_src.id if first_src else None,
                target_actor_id=first_tgt.id if first_tgt else None,
                source_country=first_src.country if first_src else None,
                source_sector=first_src.sector if first_src else None,
                target_country=first_tgt.country if first_tgt else None,
                target_sector=first_tgt.sector if first_tgt else None,
                negated=event.negated, modality=event.modality, realis=realis,
                background=event.background, date=effective, date_max=effective,
                place_name=loc.name if loc else None, place_country=loc.country if loc else None,
                lat=loc.lat if loc else None, lon=loc.lon if loc else None,
                geonameid=loc.geonameid if loc else None,
                num_mentions=1, num_articles=1, num_sources=1,
                conflict_with=opposite.id if opposite is not None else None,
                confidence=event.confidence, first_document_id=key,
                created_at=self.now, updated_at=self.now,
            ))  # fmt: skip
            rows = [{"event_id": event_id, "actor_id": a, "role": "source"} for a in sources]
            rows += [{"event_id": event_id, "actor_id": a, "role": "target"} for a in targets]
            if rows:
                self.conn.execute(t.event_actors.insert(), rows)
            if opposite is not None and opposite.conflict_with is None:
                self.conn.execute(update(t.events).where(t.events.c.id == opposite.id)
                                  .values(conflict_with=event_id))  # fmt: skip
        result.event_ids.append(event_id)
        attributed = canon.get(event.attributed_to or "")
        return {
            "id": mention_id, "event_id": event_id, "document_id": key,
            "sentence_id": f"{short}:{event.sentence}", "sentence_index": event.sentence,
            "type": event.type, "negated": event.negated, "modality": event.modality,
            "attributed_to": attributed.id if attributed else None, "date": event.date,
            "date_text": event.date_text, "date_reason": event.date_reason,
            "trigger_start": event.trigger.start, "trigger_end": event.trigger.end,
            "trigger_text": event.trigger.text,
            "object": _json(event.object.model_dump() if event.object else None),
            "contexts": _json(event.contexts),
            "location": _json(loc.model_dump() if loc else None),
            "sources": _json(sources), "targets": _json(targets),
            "confidence": event.confidence, "background": event.background,
            "caption": event.caption, "reasons": _json(event.reasons),
        }  # fmt: skip

    def _recount(self, event_id: str) -> None:
        """num_mentions / num_articles / num_sources from the mentions now stored."""
        m, d = t.event_mentions, t.documents
        row = self.conn.execute(
            select(
                func.count(m.c.id),
                func.count(func.distinct(m.c.document_id)),
                func.count(func.distinct(func.coalesce(d.c.source, d.c.id))),
            )
            .select_from(m.join(d, d.c.id == m.c.document_id))
            .where(m.c.event_id == event_id)
        ).one()
        self.conn.execute(update(t.events).where(t.events.c.id == event_id).values(
            num_mentions=row[0], num_articles=row[1], num_sources=row[2]))  # fmt: skip


def canon_of(canon: dict[str, Canonical], ids: list[str]) -> Canonical | None:
    for local in ids:
        if local in canon:
            return canon[local]
    return None
