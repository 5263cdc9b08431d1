"""Readable views for Datasette and plain SQL: events with actor names, mentions with their words.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VIEWS = {
    "event_list": """
        SELECT e.id, e.date, e.type, e.mode, e.quad_class, e.cameo_root, e.intensity,
               src.name AS source, e.source_country, e.source_sector,
               tgt.name AS target, e.target_country, e.target_sector,
               e.negated, e.modality, e.place_name, e.place_country, e.lat, e.lon,
               e.num_mentions, e.num_articles, e.num_sources, e.conflict_with, e.confidence,
               (SELECT s.text FROM event_mentions m JOIN sentences s ON s.id = m.sentence_id
                 WHERE m.id = e.id) AS sentence
          FROM events e
          LEFT JOIN actors src ON src.id = e.source_actor_id
          LEFT JOIN actors tgt ON tgt.id = e.target_actor_id
    """,
    "mention_list": """
        SELECT m.id, m.event_id, m.type, m.negated, m.modality, m.date, m.date_text,
               m.trigger_text, s.text AS sentence, d.name AS document, d.title, d.url,
               d.published, m.confidence, m.reasons
          FROM event_mentions m
          JOIN sentences s ON s.id = m.sentence_id
          JOIN documents d ON d.id = m.document_id
    """,
    "actor_activity": """
        SELECT a.id, a.name, a.kind, a.country, a.sector,
               COUNT(DISTINCT ea.event_id) AS events,
               SUM(CASE WHEN ea.role = 'source' THEN 1 ELSE 0 END) AS as_source,
               SUM(CASE WHEN ea.role = 'target' THEN 1 ELSE 0 END) AS as_target
          FROM actors a LEFT JOIN event_actors ea ON ea.actor_id = a.id
         GROUP BY a.id, a.name, a.kind, a.country, a.sector
    """,
    "quote_list": """
        SELECT q.id, a.name AS speaker, q.text, q.direct, d.name AS document, d.published
          FROM quotes q
          LEFT JOIN actors a ON a.id = q.speaker_actor_id
          JOIN documents d ON d.id = q.document_id
    """,
}


def upgrade() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
