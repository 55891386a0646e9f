"""Shared fixtures: a migrated SQLite file and a migrated PostgreSQL database per test.

`VIGIL_TEST_CLOCK_SHIFT_DAYS=N` moves this process's wall clock N days ahead (time-machine),
so that a test which reads the real date instead of `queries.clock` fails
(`tests/test_moved_clock.py`)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from sqlalchemy.engine import Engine, make_url

from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import metadata

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_URL = os.environ.get("VIGIL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


CLOCK_SHIFT = "VIGIL_TEST_CLOCK_SHIFT_DAYS"


def pytest_configure(config: pytest.Config) -> None:
    shift = os.environ.get(CLOCK_SHIFT)
    if shift:
        moved = datetime.now(UTC) + timedelta(days=float(shift))
        time_machine.travel(moved, tick=True).start()  # for the whole session


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing service skips with a message; in CI it fails."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "vigil.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database, migrated once per test session."""
    admin = sa.create_engine(
        make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"vigil_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {PG_URL}: {str(exc.orig).splitlines()[0]}")
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _sqlite_engine(template: Path, tmp_path: Path) -> Engine:
    path = tmp_path / "vigil.db"
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


def _pg_engine(url: str) -> Engine:
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in reversed(metadata.sorted_tables))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database on each backend; fails the test if a connection leaked."""
    if request.param == "sqlite":
        eng = _sqlite_engine(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        eng = _pg_engine(request.getfixturevalue("pg_database"))
    yield eng
    leaked = eng.pool.checkedout()  # type: ignore[attr-defined]
    eng.dispose()
    assert leaked == 0, f"{leaked} database connection(s) were not returned to the pool"


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    eng = _sqlite_engine(sqlite_template, tmp_path)
    yield eng
    eng.dispose()
