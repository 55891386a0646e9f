"""Schema and migrations on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from queries.plumbing.db import make_engine, read_frame, reading
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.migrate import head_revision, is_current, upgrade
from queries.plumbing.schema import agents, conversations, customers, metadata, shifts


def test_migrations_reach_head_and_match_the_tables(engine: Engine) -> None:
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    upgrade(engine)
    assert is_current(engine)
    assert head_revision() == "0009"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_and_checks_are_enforced(engine: Engine) -> None:
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(
            conversations.insert().values(
                external_id="X1",
                customer_id=999,
                channel="chat",
                opened_at=datetime(2024, 1, 1, tzinfo=UTC),
            )
        )
    with engine.begin() as conn:
        agent_id = conn.execute(agents.insert().values(external_id="A1")).inserted_primary_key[0]
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(shifts.insert().values(agent_id=agent_id, starts_at=start, ends_at=start))


def test_timestamps_round_trip_as_utc(engine: Engine) -> None:
    taipei_evening = datetime(2024, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=8)))
    with engine.begin() as conn:
        conn.execute(customers.insert().values(external_id="C1", created_at=taipei_evening))
    with engine.connect() as conn:
        stored = conn.execute(sa.select(customers.c.created_at)).scalar_one()
    assert stored == taipei_evening and stored.utcoffset() == timedelta(0)
    frame = read_frame(engine, sa.select(customers.c.created_at, customers.c.survey_opt_out))
    assert frame["created_at"].to_list() == [datetime(2024, 3, 10, 15, 30, tzinfo=UTC)]
    assert frame["survey_opt_out"].to_list() == [False]


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with pytest.raises(sa.exc.StatementError, match="timezone-aware"), engine.begin() as conn:
        conn.execute(customers.insert().values(external_id="C1", created_at=datetime(2024, 1, 1)))


def test_unreachable_database_is_data_unavailable() -> None:
    dead = make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DataUnavailable, match=r"127\.0\.0\.1:1"), reading(dead) as conn:
        conn.execute(sa.select(1))
    with pytest.raises(DataUnavailable, match="unavailable"):
        read_frame(dead, sa.select(customers.c.id))


def test_sqlite_text_timestamps_parse_with_or_without_fraction(sqlite_engine: Engine) -> None:
    # read, write, read again in one process: with ADBC's own SQLite library reading, the
    # second read served the stale row (and Python's sqlite3 then hit "disk I/O error")
    with sqlite_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO customers (external_id, survey_opt_out, created_at) VALUES "
            "('a', 0, '2024-03-10 01:02:03.250000'), ('b', 0, NULL)"
        )
    fast = read_frame(sqlite_engine, sa.select(customers.c.created_at))
    assert fast["created_at"].to_list() == [
        datetime(2024, 3, 10, 1, 2, 3, 250000, tzinfo=UTC),
        None,
    ]
    with sqlite_engine.begin() as conn:  # text written by another tool, without the fraction
        conn.exec_driver_sql("UPDATE customers SET created_at = '2024-03-10 01:02:03' WHERE id = 2")
    mixed = read_frame(sqlite_engine, sa.select(customers.c.created_at).order_by(customers.c.id))
    assert mixed["created_at"].to_list()[1] == datetime(2024, 3, 10, 1, 2, 3, tzinfo=UTC)
