"""Several worker processes against one PostgreSQL outbox: exactly once, and crash recovery."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.schema import survey_invitations
from tests.conftest import _pg_engine
from tests.jobs.conftest import SmtpServer
from tests.jobs.workers import due_outbox, start_worker, statuses

pytestmark = [pytest.mark.pg, pytest.mark.slow]


@pytest.fixture
def pg_engine(pg_database: str) -> Iterator[Engine]:
    engine = _pg_engine(pg_database)
    yield engine
    engine.dispose()


def test_four_workers_send_each_invitation_exactly_once(
    pg_engine: Engine, pg_database: str, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    due_outbox(pg_engine, 2_000, now)
    started = time.perf_counter()
    workers = [
        start_worker(pg_database, smtp_server.port, now, tmp_path / f"w{i}.log") for i in range(4)
    ]
    codes = [w.wait(timeout=300) for w in workers]
    elapsed = time.perf_counter() - started
    assert codes == [0, 0, 0, 0], [(tmp_path / f"w{i}.log").read_text() for i in range(4)]
    received = smtp_server.inbox.by_message_id()
    assert len(received) == 2_000 and set(received.values()) == {1}
    assert statuses(pg_engine) == {"sent": 2_000}
    with pg_engine.connect() as conn:
        workers_used = conn.execute(
            sa.select(sa.func.count(sa.distinct(survey_invitations.c.claimed_by)))
        ).scalar_one()
    assert workers_used >= 2, "the claims were not shared between workers"
    print(f"\n4 workers: 2,000 emails in {elapsed:.1f} s = {2000 / elapsed:.0f}/s")


class SlowInbox:
    """Wraps the inbox with a delay per message, so a worker can be killed mid-batch."""

    def __init__(self, inbox: Any) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.02)
        result: str = await self.inbox.handle_DATA(server, session, envelope)
        return result


def test_a_killed_worker_loses_nothing_and_duplicates_only_inside_the_lease(
    pg_engine: Engine, pg_database: str, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    from aiosmtpd.controller import Controller

    from tests.e2e.conftest import free_port

    slow_port = free_port()
    controller = Controller(SlowInbox(smtp_server.inbox), hostname="127.0.0.1", port=slow_port)
    controller.start()
    try:
        now = datetime.now(UTC)
        due_outbox(pg_engine, 300, now)
        worker = start_worker(pg_database, slow_port, now, tmp_path / "killed.log")
        deadline = time.monotonic() + 60
        while len(smtp_server.inbox.messages) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        with pg_engine.connect() as conn:
            in_flight = set(
                conn.execute(
                    sa.select(survey_invitations.c.id).where(
                        survey_invitations.c.status == "sending"
                    )
                ).scalars()
            )
        assert in_flight, "the worker died holding no claim; kill it earlier"
        # a restart inside the lease leaves the dead worker's claims alone ...
        inside = start_worker(
            pg_database, smtp_server.port, now + timedelta(minutes=1), tmp_path / "inside.log"
        )
        assert inside.wait(timeout=120) == 0
        assert statuses(pg_engine).get("sending") == len(in_flight)
        # ... and after the 10-minute lease they are released and sent
        after = start_worker(
            pg_database, smtp_server.port, now + timedelta(minutes=11), tmp_path / "after.log"
        )
        assert after.wait(timeout=120) == 0
    finally:
        controller.stop()
    assert statuses(pg_engine) == {"sent": 300}
    received = smtp_server.inbox.by_message_id()
    assert len(received) == 300
    twice = {int(mid.split("-")[-1].split("@")[0]) for mid, n in received.items() if n > 1}
    assert twice <= in_flight  # a duplicate only for a claim the dead worker held
    assert len(twice) <= 1  # at most the one message in flight when it died
