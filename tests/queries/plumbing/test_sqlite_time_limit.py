"""SQLite reads get a time limit like PostgreSQL's statement_timeout (issue 17, finding 1):
a progress handler interrupts them and the error tree calls it QueryTimedOut; writes on the
same pooled connection are never interrupted afterwards."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing import db
from queries.plumbing.db import read_frame, reading, writing
from queries.plumbing.errors import QueryTimedOut
from queries.plumbing.schema import agents


def endless(rows: int = 2_000_000_000) -> sa.Select[tuple[int]]:
    """A count over a recursive CTE (two billion rows: minutes of CPU unless stopped)."""
    start = sa.select(sa.literal(1).label("x")).cte("c", recursive=True)
    more = start.union_all(sa.select(start.c.x + 1).where(start.c.x < rows))
    return sa.select(sa.func.count().label("n")).select_from(more)


def test_a_long_sqlite_read_is_stopped_as_query_timed_out(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 200)
    started = time.monotonic()
    with pytest.raises(QueryTimedOut), reading(sqlite_engine) as conn:
        conn.execute(endless())
    with pytest.raises(QueryTimedOut):  # the Polars path, too
        read_frame(sqlite_engine, endless())
    assert time.monotonic() - started < 5

    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 0)  # a read now stops at once; a write never
    with writing(sqlite_engine) as conn:
        conn.execute(sa.insert(agents).values(external_id="A1", name="Ann", active=True))
        assert conn.scalar(endless(200_000)) == 200_000


def test_a_quick_sqlite_read_still_answers(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 200)
    with reading(sqlite_engine) as conn:
        assert conn.scalar(sa.select(sa.literal(1))) == 1
    assert read_frame(sqlite_engine, sa.select(sa.literal(2).label("two"))).item() == 2
