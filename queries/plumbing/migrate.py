"""Schema upgrades through Alembic (`vigil migrate`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading, writing
from queries.plumbing.errors import DataUnavailable

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` in one transaction (DataUnavailable when the
    database cannot be reached)."""
    config = alembic_config()
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with reading(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_current(engine: Engine) -> bool:
    try:
        return current_revision(engine) == head_revision()
    except DataUnavailable:
        return False


def require_current_schema(engine: Engine) -> None:
    """DataUnavailable, naming the database and the fix, unless its schema is at head."""
    if current_revision(engine) != head_revision():
        where = engine.url.render_as_string(hide_password=True)
        raise DataUnavailable(f"database {where} is not migrated: run `vigil migrate` first")
