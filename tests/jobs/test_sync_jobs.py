"""Scheduled syncs (docs/connectors.md): VIGIL_SYNC sources become jobs, each run once at a
time (an advisory lock on PostgreSQL), recorded in job_runs and on the source; the survey job
never asks the customers of a source that sends its own survey."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.__main__ import build_scheduler
from jobs.runs import recorded
from jobs.surveys import enqueue
from jobs.sync import SYNC_LOCK, _key, sync_jobs, sync_source
from queries.connectors.sql_source import SourceUnavailable
from queries.plumbing.db import make_engine
from queries.plumbing.errors import ConfigError
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import (
    conversations,
    job_runs,
    survey_invitations,
    sync_sources,
)
from queries.plumbing.settings import SyncSource
from tests.builders import World
from tests.conftest import _pg_engine
from tests.jobs.conftest import make_settings, resolved_conversation
from tests.jobs.workers import ROOT
from tests.queries.connectors.test_sql_sync import MAPPING, make_source

NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def pg_engine(pg_database: str) -> Iterator[Engine]:
    engine = _pg_engine(pg_database)
    yield engine
    engine.dispose()


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SyncSource:
    mapping = tmp_path / "desk.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    monkeypatch.setenv("DESK_URL", make_source(tmp_path / "desk.db"))
    return SyncSource(name="desk-tw", mapping=mapping, url_env="DESK_URL", vigil_surveys=False)


def runs(engine: Engine) -> list[sa.Row[tuple[object, ...]]]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(job_runs).order_by(job_runs.c.id)))


def source_row(engine: Engine) -> sa.Row[tuple[object, ...]]:
    with engine.connect() as conn:
        return conn.execute(sa.select(sync_sources)).one()


def test_a_sync_job_is_recorded_and_its_failure_kept_on_the_source(
    engine: Engine, desk: SyncSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(sync=[desk])
    [(name, job)] = sync_jobs(engine, settings)
    assert name == "sync:desk-tw"
    counts = recorded(engine, name, lambda: NOW, lambda: job(NOW))
    assert counts == {"read": 4, "written": 4}
    [run] = runs(engine)
    assert (run.job, run.status, run.processed) == ("sync:desk-tw", "ok", 8)
    state = source_row(engine)
    assert (state.name, state.last_status, state.rows_written, state.vigil_surveys) == (
        "desk-tw", "ok", 4, False,
    )  # fmt: skip
    with engine.connect() as conn:
        sources = set(conn.scalars(sa.select(conversations.c.sync_source)))
    assert sources == {"desk-tw"}

    monkeypatch.setenv("DESK_URL", "postgresql://reader:pa55word@127.0.0.1:1/desk")
    with pytest.raises(SourceUnavailable):
        recorded(engine, name, lambda: NOW, lambda: job(NOW + timedelta(minutes=5)))
    failed = runs(engine)[-1]
    assert failed.status == "failed" and "unreachable" in str(failed.error)
    state = source_row(engine)
    assert state.last_status == "failed" and "unreachable" in state.last_error
    assert "pa55word" not in state.last_error and "pa55word" not in str(failed.error)
    assert state.rows_written == 4  # the last good run's counts stay

    monkeypatch.delenv("DESK_URL")
    with pytest.raises(ConfigError, match="DESK_URL is not set"):
        job(NOW)


def test_another_process_holding_the_lock_skips_the_sync(
    pg_engine: Engine, desk: SyncSource
) -> None:
    with pg_engine.connect() as other:
        other.execute(sa.select(sa.func.pg_advisory_lock(SYNC_LOCK, _key("desk-tw"))))
        assert sync_source(pg_engine, desk, NOW) == {"skipped:another process": 1}
        other.execute(sa.select(sa.func.pg_advisory_unlock(SYNC_LOCK, _key("desk-tw"))))
    with pg_engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(conversations)).scalar() == 0
    assert sync_source(pg_engine, desk, NOW) == {"read": 4, "written": 4}


def test_the_scheduler_runs_each_source_on_its_interval(engine: Engine, desk: SyncSource) -> None:
    settings = make_settings(sync=[desk], sync_interval=timedelta(minutes=3))
    scheduler = build_scheduler(engine, settings, "w1", 60.0)
    job = scheduler.get_job("sync:desk-tw")
    assert job is not None and job.trigger.interval == timedelta(minutes=3)


def test_no_survey_for_a_source_that_sends_its_own(engine: Engine) -> None:
    world = World(engine)
    resolved = NOW - timedelta(hours=3)
    own = resolved_conversation(world, world.customer(), resolved)
    ours = resolved_conversation(world, world.customer(), resolved)
    imported = resolved_conversation(world, world.customer(), resolved)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(sync_sources),
            [
                {"name": "chatwoot", "vigil_surveys": False, "rows_read": 0, "rows_written": 0},
                {"name": "zammad", "vigil_surveys": True, "rows_read": 0, "rows_written": 0},
            ],
        )
        for conversation_id, source in ((own, "chatwoot"), (ours, "zammad")):
            conn.execute(
                sa.update(conversations)
                .where(conversations.c.id == conversation_id)
                .values(sync_source=source)
            )
    enqueue(engine, make_settings(survey_throttle=timedelta(0)), NOW)
    with engine.connect() as conn:
        invited = set(conn.scalars(sa.select(survey_invitations.c.conversation_id)))
    assert invited == {ours, imported}


def test_vigil_jobs_runs_the_configured_sync_and_records_it(tmp_path: Path) -> None:
    """A real `vigil jobs` process: VIGIL_SYNC's source is synced and recorded in job_runs."""
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    engine = make_engine(url)
    upgrade(engine)
    mapping = tmp_path / "desk.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    entry = {"name": "desk", "mapping": str(mapping), "url_env": "DESK_URL"}
    env = {
        **os.environ,
        "VIGIL_DATABASE_URL": url,
        "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
        "VIGIL_MAIL_TRANSPORT": "file",
        "VIGIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "VIGIL_NOW": NOW.isoformat(),
        "VIGIL_SYNC": json.dumps([entry]),
        "DESK_URL": make_source(tmp_path / "desk.db"),
    }
    command = [sys.executable, "-m", "dashboard.cli", "jobs", "--interval", "1"]
    log = tmp_path / "jobs.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            for _ in range(300):  # bounded: until the first sync is recorded
                if ok_syncs(engine):
                    break
                time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert code == 0, log.read_text()
    assert ok_syncs(engine), log.read_text()
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(conversations)).scalar() == 2
    engine.dispose()


def ok_syncs(engine: Engine) -> int:
    query = sa.select(sa.func.count()).where(
        job_runs.c.job == "sync:desk", job_runs.c.status == "ok"
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
