"""One holder at a time across processes: a PostgreSQL session advisory lock, tried once.
SQLite has one writer per file already, and one jobs process per file is supported."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine


@contextmanager
def singleton(engine: Engine, lock: int, key: int = 0) -> Iterator[bool]:
    """Whether this process holds (lock, key) for the block (always, on SQLite)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        held = bool(conn.execute(sa.select(sa.func.pg_try_advisory_lock(lock, key))).scalar())
        try:
            yield held
        finally:
            if held:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(lock, key)))
