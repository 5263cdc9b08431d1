"""Initial schema: documents, sentences, actors and aliases, events and mentions, quotes, places.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column(
            "id",
            sa.String(length=200),
            nullable=False,
            comment="canonical key, e.g. UKR, RUS-MIL, person:volodymyr-zelensky",
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("sector", sa.String(length=8), nullable=True),
        sa.Column(
            "surname_key",
            sa.String(length=100),
            nullable=True,
            comment="folded last name of a person, for the surname rule",
        ),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index("ix_actors_country", ["country"], unique=False)
        batch_op.create_index("ix_actors_name", ["name"], unique=False)
        batch_op.create_index("ix_actors_surname", ["surname_key"], unique=False)

    op.create_table(
        "documents",
        sa.Column(
            "id", sa.String(length=64), nullable=False, comment="sha256 of the document text"
        ),
        sa.Column(
            "name", sa.Text(), nullable=False, comment="the id the input gave (file name, link)"
        ),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column(
            "source",
            sa.Text(),
            nullable=True,
            comment="outlet: the URL's host, else the file's folder",
        ),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("n_sentences", sa.Integer(), nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=True, comment="JSON list"),
        sa.Column("model", sa.Text(), nullable=True, comment="spaCy pipeline that coded it"),
        sa.Column("coder_version", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_name", ["name"], unique=False)
        batch_op.create_index("ix_documents_published", ["published"], unique=False)

    op.create_table(
        "ingest_errors",
        sa.Column(
            "id",
            sa.String(length=40),
            nullable=False,
            comment="sha1 of document name, path and code",
        ),
        sa.Column("document_name", sa.Text(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ingest_errors", schema=None) as batch_op:
        batch_op.create_index("ix_ingest_errors_name", ["document_name"], unique=False)

    op.create_table(
        "actor_aliases",
        sa.Column(
            "alias_key", sa.String(length=240), nullable=False, comment="kind class : folded name"
        ),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False, comment="coder, lexicon or user"),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.PrimaryKeyConstraint("alias_key"),
    )
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.create_index("ix_actor_aliases_actor", ["actor_id"], unique=False)

    op.create_table(
        "dates",
        sa.Column("id", sa.String(length=80), nullable=False, comment="document id : date index"),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=10), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dates", schema=None) as batch_op:
        batch_op.create_index("ix_dates_document", ["document_id"], unique=False)

    op.create_table(
        "document_actors",
        sa.Column(
            "id", sa.String(length=280), nullable=False, comment="document id : local actor id"
        ),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=True, comment="JSON list"),
        sa.Column("mentions", sa.Text(), nullable=True, comment="JSON list of {start, end, text}"),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("document_actors", schema=None) as batch_op:
        batch_op.create_index("ix_document_actors_actor", ["actor_id"], unique=False)
        batch_op.create_index("ix_document_actors_document", ["document_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=120), nullable=False, comment="id of its first mention"),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("cameo_root", sa.String(length=2), nullable=False),
        sa.Column("quad_class", sa.Integer(), nullable=False),
        sa.Column("intensity", sa.Float(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False, comment="sorted canonical source ids"),
        sa.Column("target_key", sa.Text(), nullable=False, comment="sorted canonical target ids"),
        sa.Column("source_actor_id", sa.String(length=200), nullable=True),
        sa.Column("target_actor_id", sa.String(length=200), nullable=True),
        sa.Column("source_country", sa.String(length=3), nullable=True),
        sa.Column("source_sector", sa.String(length=8), nullable=True),
        sa.Column("target_country", sa.String(length=3), nullable=True),
        sa.Column("target_sector", sa.String(length=8), nullable=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column(
            "realis",
            sa.Boolean(),
            nullable=False,
            comment="asserted or reported (not planned, demanded, hypothetical or conditional)",
        ),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column(
            "date",
            sa.String(length=10),
            nullable=True,
            comment="earliest date of its mentions (text, else published)",
        ),
        sa.Column("date_max", sa.String(length=10), nullable=True),
        sa.Column("place_name", sa.Text(), nullable=True),
        sa.Column("place_country", sa.String(length=3), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("num_mentions", sa.Integer(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column(
            "conflict_with",
            sa.String(length=120),
            nullable=True,
            comment="the opposite-polarity report of this event",
        ),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("first_document_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_document_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["target_actor_id"],
            ["actors.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_date", ["date"], unique=False)
        batch_op.create_index("ix_events_dedup", ["type", "source_key", "target_key"], unique=False)
        batch_op.create_index("ix_events_quad_date", ["quad_class", "date"], unique=False)
        batch_op.create_index("ix_events_source_actor", ["source_actor_id", "date"], unique=False)
        batch_op.create_index("ix_events_source_country", ["source_country", "date"], unique=False)
        batch_op.create_index("ix_events_target_actor", ["target_actor_id", "date"], unique=False)
        batch_op.create_index("ix_events_target_country", ["target_country", "date"], unique=False)
        batch_op.create_index("ix_events_type_date", ["type", "date"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.String(length=80), nullable=False, comment="document id : place index"),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("mentions", sa.Text(), nullable=True, comment="JSON list of {start, end, text}"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index("ix_places_document", ["document_id"], unique=False)
        batch_op.create_index("ix_places_name", ["name"], unique=False)

    op.create_table(
        "quotes",
        sa.Column(
            "id", sa.String(length=120), nullable=False, comment="document id : local quote id"
        ),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("speaker_actor_id", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["speaker_actor_id"],
            ["actors.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_document", ["document_id"], unique=False)
        batch_op.create_index("ix_quotes_speaker", ["speaker_actor_id"], unique=False)

    op.create_table(
        "sentences",
        sa.Column(
            "id", sa.String(length=80), nullable=False, comment="document id : sentence index"
        ),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sentences", schema=None) as batch_op:
        batch_op.create_index("ix_sentences_document", ["document_id", "idx"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False, comment="source or target"),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role"),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index("ix_event_actors_actor", ["actor_id", "event_id"], unique=False)

    op.create_table(
        "event_mentions",
        sa.Column(
            "id", sa.String(length=120), nullable=False, comment="document id : local event id"
        ),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("sentence_id", sa.String(length=80), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("attributed_to", sa.String(length=200), nullable=True),
        sa.Column(
            "date", sa.String(length=10), nullable=True, comment="the date the text gives, if any"
        ),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("date_reason", sa.Text(), nullable=True),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("object", sa.Text(), nullable=True, comment="JSON {start, end, text}"),
        sa.Column("contexts", sa.Text(), nullable=True, comment="JSON list"),
        sa.Column("location", sa.Text(), nullable=True, comment="JSON"),
        sa.Column("sources", sa.Text(), nullable=True, comment="JSON list of canonical source ids"),
        sa.Column("targets", sa.Text(), nullable=True, comment="JSON list of canonical target ids"),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("caption", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=True, comment="JSON {field: reason}"),
        sa.ForeignKeyConstraint(
            ["attributed_to"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sentence_id"],
            ["sentences.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_mentions", schema=None) as batch_op:
        batch_op.create_index("ix_event_mentions_document", ["document_id"], unique=False)
        batch_op.create_index("ix_event_mentions_event", ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_event_mentions_event")
        batch_op.drop_index("ix_event_mentions_document")

    op.drop_table("event_mentions")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_event_actors_actor")

    op.drop_table("event_actors")
    with op.batch_alter_table("sentences", schema=None) as batch_op:
        batch_op.drop_index("ix_sentences_document")

    op.drop_table("sentences")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_speaker")
        batch_op.drop_index("ix_quotes_document")

    op.drop_table("quotes")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index("ix_places_name")
        batch_op.drop_index("ix_places_document")

    op.drop_table("places")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_date")
        batch_op.drop_index("ix_events_target_country")
        batch_op.drop_index("ix_events_target_actor")
        batch_op.drop_index("ix_events_source_country")
        batch_op.drop_index("ix_events_source_actor")
        batch_op.drop_index("ix_events_quad_date")
        batch_op.drop_index("ix_events_dedup")
        batch_op.drop_index("ix_events_date")

    op.drop_table("events")
    with op.batch_alter_table("document_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_document_actors_document")
        batch_op.drop_index("ix_document_actors_actor")

    op.drop_table("document_actors")
    with op.batch_alter_table("dates", schema=None) as batch_op:
        batch_op.drop_index("ix_dates_document")

    op.drop_table("dates")
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.drop_index("ix_actor_aliases_actor")

    op.drop_table("actor_aliases")
    with op.batch_alter_table("ingest_errors", schema=None) as batch_op:
        batch_op.drop_index("ix_ingest_errors_name")

    op.drop_table("ingest_errors")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_published")
        batch_op.drop_index("ix_documents_name")

    op.drop_table("documents")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index("ix_actors_surname")
        batch_op.drop_index("ix_actors_name")
        batch_op.drop_index("ix_actors_country")

    op.drop_table("actors")
