"""The survey cycle is one list (`jobs.runs.survey_jobs`): run-once runs it in order and records
each job, and the scheduler schedules exactly those jobs, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.__main__ import build_scheduler, first_runs
from jobs.runs import run_once, survey_jobs
from queries.plumbing.schema import job_runs
from tests.builders import World, utc
from tests.jobs.conftest import make_settings, resolved_conversation

NOW = utc("2024-06-05 04:00")  # 12:00 in Taipei: outside quiet hours


class Recorder:
    """A sender that keeps what it was given and whether it was closed."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.closed = 0

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    def close(self) -> None:
        self.closed += 1


def unused_sender() -> contextlib.nullcontext[Recorder]:
    return contextlib.nullcontext(Recorder())


def test_run_once_runs_the_cycle_in_order_and_records_each_job(engine: Engine) -> None:
    world = World(engine)
    resolved_conversation(world, world.customer(), NOW - timedelta(hours=3))
    sender = Recorder()
    result = run_once(engine, make_settings(), sender, "worker-1", NOW)
    expected = [name for name, _fn in survey_jobs(engine, make_settings(), "w", unused_sender)]
    assert list(result) == expected == [
        "housekeeping", "enqueue", "send", "digests", "alerts", "summaries",
    ]  # fmt: skip
    assert (result["enqueue"], result["send"]) == ({"pending": 1}, {"sent": 1})
    assert len(sender.sent) == 1 and sender.closed == 0  # the caller owns the sender
    with engine.connect() as conn:
        runs = conn.execute(
            sa.select(job_runs.c.job, job_runs.c.status, job_runs.c.processed).order_by(
                job_runs.c.id
            )
        ).all()
    assert [tuple(r) for r in runs] == [
        ("housekeeping", "ok", 0),
        ("enqueue", "ok", 1),
        ("send", "ok", 1),
        ("digests", "ok", 0),  # no subscription
        ("alerts", "ok", 0),  # no alert recipient or webhook
        ("summaries", "ok", 1),  # the first refresh builds them: one bucket
    ]


def test_the_scheduler_schedules_the_same_jobs(engine: Engine) -> None:
    settings = make_settings()
    scheduler = build_scheduler(engine, settings, "worker-1", interval=60)
    names = [name for name, _fn in survey_jobs(engine, settings, "w", unused_sender)]
    jobs = sorted(scheduler.get_jobs(), key=lambda job: job.next_run_time)
    assert [job.id for job in jobs] == names
    assert set(first_runs(60)) == set(names)
