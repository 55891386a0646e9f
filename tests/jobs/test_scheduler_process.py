"""`vigil jobs` as a real process: it enqueues and sends, fills job_runs, and stops on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import job_runs
from tests.builders import World
from tests.jobs.conftest import SmtpServer
from tests.jobs.workers import ROOT, statuses
from tests.worlds import DEMO_NOW

pytestmark = pytest.mark.slow


def test_vigil_jobs_sends_records_runs_and_stops_on_sigterm(
    smtp_server: SmtpServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    engine = make_engine(url)
    upgrade(engine)
    world = World(engine)
    resolved = DEMO_NOW - timedelta(hours=3)
    for i in range(5):
        customer = world.customer(email=f"p{i}@example.test", time_zone="UTC")
        world.conversation(
            customer_id=customer, opened_at=resolved - timedelta(hours=1), resolved_at=resolved
        )
    env = {
        **os.environ,
        "VIGIL_MAIL_TRANSPORT": "smtp",
        "VIGIL_SMTP_PORT": str(smtp_server.port),
        "VIGIL_QUIET_HOURS": "00:00-00:00",
        "VIGIL_DATABASE_URL": url,
        "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
        "VIGIL_NOW": DEMO_NOW.isoformat(),  # the jobs read the pinned clock, the triggers real time
    }
    log = tmp_path / "jobs.log"
    command = [sys.executable, "-m", "dashboard.cli", "jobs", "--interval", "1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while len(smtp_server.inbox.messages) < 5 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.5)  # at least one more round of every job
            process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            code = process.wait(timeout=15)
            stopped_in = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    output_text = log.read_text()
    assert code == 0, output_text
    assert stopped_in < 10
    assert len(smtp_server.inbox.messages) == 5
    assert statuses(engine) == {"sent": 5}
    with engine.connect() as conn:
        runs = conn.execute(
            sa.select(job_runs.c.job, job_runs.c.status, job_runs.c.finished_at)
        ).all()
    engine.dispose()
    assert {job for job, _status, _finished in runs} == {
        "housekeeping", "enqueue", "send", "digests", "alerts", "summaries",
    }  # fmt: skip
    assert all(status == "ok" and finished for _job, status, finished in runs)
    events = [json.loads(line) for line in output_text.splitlines() if line.startswith("{")]
    assert {"jobs process started", "job ran", "jobs process stopped"} <= {
        e["message"] for e in events
    }
