"""PostgreSQL reads reuse their ADBC connections (`queries.plumbing.arrow_pool`), on a real
server: one backend serves consecutive reads, a backend the server dropped is replaced
within the same read, and a refused statement is not tried twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing import arrow_pool, db
from queries.plumbing.db import make_engine, read_frame
from queries.plumbing.errors import DataUnavailable, QueryTimedOut

BACKEND = sa.select(sa.func.pg_backend_pid().label("pid"))


@pytest.fixture
def pg(pg_database: str) -> Iterator[Engine]:
    arrow_pool.close_idle()
    engine = make_engine(pg_database)
    yield engine
    engine.dispose()
    arrow_pool.close_idle()


def backend(engine: Engine) -> int:
    pid: int = read_frame(engine, BACKEND).item()
    return pid


def test_consecutive_reads_share_one_backend(pg: Engine) -> None:
    first = backend(pg)
    assert [backend(pg) for _ in range(5)] == [first] * 5
    arrow_pool.close_idle()
    assert backend(pg) != first  # closed: the next read opens another


def test_a_backend_the_server_dropped_is_replaced_in_the_same_read(pg: Engine) -> None:
    first = backend(pg)
    with pg.connect() as conn:
        assert conn.scalar(sa.select(sa.func.pg_terminate_backend(first)))
    second = backend(pg)  # the dead connection fails, a new one answers
    assert second != first and backend(pg) == second


def test_a_refused_statement_is_not_retried_and_the_next_read_answers(
    pg: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend(pg)  # a connection waits in the pool
    calls: list[str] = []
    connect = arrow_pool._connect
    monkeypatch.setattr(arrow_pool, "_connect", lambda uri: calls.append(uri) or connect(uri))
    with pytest.raises(DataUnavailable, match="no_such_table"):
        read_frame(pg, sa.select(sa.text("* FROM no_such_table")))
    assert calls == []  # a statement error is no dead connection: no second try
    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 50)
    with pytest.raises(QueryTimedOut):
        read_frame(pg, sa.select(sa.func.pg_sleep(1).label("slept")))
    assert len(calls) == 1  # the failed connection was closed; this one was new, tried once
    assert read_frame(pg, sa.select(sa.literal(7).label("n"))).item() == 7
