"""Alembic environment: run wirecoder's migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from wirecoder.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI directly
    raise RuntimeError("run migrations through wirecoder (wirecoder.store.open_store / "
                       "`wirecoder db upgrade`), which passes the connection")  # fmt: skip

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
