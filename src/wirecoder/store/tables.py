"""The event store's tables, as SQLAlchemy Core metadata: one schema for SQLite and PostgreSQL.

Keys are made by wirecoder, not by the database (content hashes for documents, ``doc:local``
ids for what belongs to one document, readable canonical keys for actors, the first mention's id
for an event), so rows written into SQLite and PostgreSQL are the same and a re-ingest finds
what it wrote before. JSON-shaped details (reasons, mention offsets) are kept as JSON text so
the file stays readable in any SQLite browser.

The Alembic migrations under ``migrations/versions`` create exactly these tables; a test checks
that a migrated database and this metadata agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True, comment="sha256 of the document text"),
    Column("name", Text, nullable=False, comment="the id the input gave (file name, link)"),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text, comment="outlet: the URL's host (None without a URL)"),
    Column("published", String(10)),
    Column("source_path", Text),
    Column("language", String(8), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("n_sentences", Integer, nullable=False, default=0),
    Column("n_events", Integer, nullable=False, default=0),
    Column("warnings", Text, comment="JSON list"),
    Column("model", Text, comment="spaCy pipeline that coded it"),
    Column("coder_version", Text),
    Column("ingested_at", String(32), nullable=False),
)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_name", documents.c.name)

sentences = Table(
    "sentences",
    metadata,
    Column("id", String(80), primary_key=True, comment="document id : sentence index"),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_sentences_document", sentences.c.document_id, sentences.c.idx)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True, comment="canonical key, e.g. UKR, RUS-MIL, "
           "person:volodymyr-zelensky"),  # fmt: skip
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("surname_key", String(100), comment="folded last name of a person, for the "
           "surname rule"),  # fmt: skip
    Column("created_at", String(32), nullable=False),
)
Index("ix_actors_name", actors.c.name)
Index("ix_actors_country", actors.c.country)
Index("ix_actors_surname", actors.c.surname_key)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("alias_key", String(240), primary_key=True, comment="kind class : folded name"),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("origin", String(16), nullable=False, comment="coder, lexicon or user"),
    Column("created_at", String(32), nullable=False),
)
Index("ix_actor_aliases_actor", actor_aliases.c.actor_id)

document_actors = Table(
    "document_actors",
    metadata,
    Column("id", String(280), primary_key=True, comment="document id : local actor id"),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False),
    Column("local_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text),
    Column("reason", Text),
    Column("aliases", Text, comment="JSON list"),
    Column("mentions", Text, comment="JSON list of {start, end, text}"),
)
Index("ix_document_actors_document", document_actors.c.document_id)
Index("ix_document_actors_actor", document_actors.c.actor_id)

events = Table(
    "events",
    metadata,
    Column("id", String(120), primary_key=True, comment="id of its first mention"),
    Column("type", String(16), nullable=False),
    Column("mode", Text),
    Column("cameo_root", String(2), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("intensity", Float, nullable=False),
    Column("source_key", Text, nullable=False, comment="sorted canonical source ids"),
    Column("target_key", Text, nullable=False, comment="sorted canonical target ids"),
    Column("source_actor_id", String(200), ForeignKey("actors.id")),
    Column("target_actor_id", String(200), ForeignKey("actors.id")),
    Column("source_country", String(3)),
    Column("source_sector", String(8)),
    Column("target_country", String(3)),
    Column("target_sector", String(8)),
    Column("negated", Boolean, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("realis", Boolean, nullable=False, comment="asserted or reported (not planned, "
           "demanded, hypothetical or conditional)"),  # fmt: skip
    Column("background", Boolean, nullable=False, default=False),
    Column("date", String(10), comment="earliest date of its mentions (text, else published)"),
    Column("date_max", String(10)),
    Column("place_name", Text),
    Column("place_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("num_mentions", Integer, nullable=False, default=1),
    Column("num_articles", Integer, nullable=False, default=1),
    Column("num_sources", Integer, nullable=False, default=1),
    Column("conflict_with", String(120), comment="the opposite-polarity report of this event"),
    Column("confidence", Float, nullable=False),
    Column("first_document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_events_date", events.c.date)
Index("ix_events_date_id", events.c.date, events.c.id)  # migration 0003: page by date, no row read
Index("ix_events_type_date", events.c.type, events.c.date)
Index("ix_events_quad_date", events.c.quad_class, events.c.date)
Index("ix_events_source_country", events.c.source_country, events.c.date)
Index("ix_events_target_country", events.c.target_country, events.c.date)
Index("ix_events_source_actor", events.c.source_actor_id, events.c.date)
Index("ix_events_target_actor", events.c.target_actor_id, events.c.date)
Index("ix_events_dedup", events.c.type, events.c.source_key, events.c.target_key)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(120), ForeignKey("events.id"), primary_key=True),
    Column("actor_id", String(200), ForeignKey("actors.id"), primary_key=True),
    Column("role", String(8), primary_key=True, comment="source or target"),
)
Index("ix_event_actors_actor", event_actors.c.actor_id, event_actors.c.event_id)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", String(120), primary_key=True, comment="document id : local event id"),
    Column("event_id", String(120), ForeignKey("events.id"), nullable=False),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("sentence_id", String(80), ForeignKey("sentences.id"), nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("attributed_to", String(200), ForeignKey("actors.id")),
    Column("date", String(10), comment="the date the text gives, if any"),
    Column("date_text", Text),
    Column("date_reason", Text),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("object", Text, comment="JSON {start, end, text}"),
    Column("contexts", Text, comment="JSON list"),
    Column("location", Text, comment="JSON"),
    Column("sources", Text, comment="JSON list of canonical source ids"),
    Column("targets", Text, comment="JSON list of canonical target ids"),
    Column("confidence", Float, nullable=False),
    Column("background", Boolean, nullable=False),
    Column("caption", Boolean, nullable=False),
    Column("reasons", Text, comment="JSON {field: reason}"),
)
Index("ix_event_mentions_event", event_mentions.c.event_id)
Index("ix_event_mentions_document", event_mentions.c.document_id)
Index("ix_event_mentions_sentence", event_mentions.c.sentence_id, event_mentions.c.event_id)  # 0003

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(120), primary_key=True, comment="document id : local quote id"),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("speaker_actor_id", String(200), ForeignKey("actors.id")),
    Column("text", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Column("reason", Text),
)
Index("ix_quotes_document", quotes.c.document_id)
Index("ix_quotes_speaker", quotes.c.speaker_actor_id)

places = Table(
    "places",
    metadata,
    Column("id", String(80), primary_key=True, comment="document id : place index"),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("mentions", Text, comment="JSON list of {start, end, text}"),
)
Index("ix_places_document", places.c.document_id)
Index("ix_places_name", places.c.name)

dates = Table(
    "dates",
    metadata,
    Column("id", String(80), primary_key=True, comment="document id : date index"),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(10)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("reason", Text),
)
Index("ix_dates_document", dates.c.document_id)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", String(40), primary_key=True, comment="sha1 of document name, path and code"),
    Column("document_name", Text, nullable=False),
    Column("source_path", Text),
    Column("code", String(8), nullable=False),
    Column("error", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)
Index("ix_ingest_errors_name", ingest_errors.c.document_name)

# Child tables in the order they are written for one document (bulk COPY on PostgreSQL).
PER_DOCUMENT = (sentences, document_actors, dates, places, quotes, event_mentions)
