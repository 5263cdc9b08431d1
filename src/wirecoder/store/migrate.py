"""Schema versions: create a new store, or upgrade an old one, with the bundled Alembic migrations.

Users never run ``alembic`` themselves: opening a store upgrades it to the newest revision, and
``wirecoder db upgrade|current`` does it explicitly. Data already in the database is kept.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from wirecoder.store.database import migration_lock


def alembic_config() -> Config:
    config = Config()
    location = resources.files("wirecoder.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at ``engine`` to ``revision`` (default: the newest)."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with migration_lock(engine):
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
