"""One job_runs row per job run, and the survey cycle: the one list of jobs that both
`vigil jobs run-once` (`run_once`) and the scheduler (`jobs.__main__`) run."""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs import alerts, digests, surveys
from jobs.summaries import refresh_summaries
from jobs.transport import Sender
from queries.plumbing.clock import Clock, clock_for
from queries.plumbing.db import writing
from queries.plumbing.schema import job_runs
from queries.plumbing.settings import Settings

log = logging.getLogger("vigil.jobs")
Job = Callable[[datetime], Counter[str]]


def recorded(
    engine: Engine, job: str, clock: Clock, fn: Callable[[], Counter[str]]
) -> Counter[str]:
    """Run `fn`, writing its start, end, status, processed count and error to job_runs.

    A failure is logged and recorded, then re-raised so the caller (or APScheduler) sees it."""
    started = clock()
    with writing(engine) as conn:
        run_id = conn.execute(
            sa.insert(job_runs).values(job=job, started_at=started, status="running", processed=0)
        ).inserted_primary_key[0]  # type: ignore[index]
    try:
        counts = fn()
    except Exception as exc:
        _finish(engine, run_id, clock(), "failed", 0, f"{type(exc).__name__}: {exc}")
        log.exception("job failed", extra={"job": job})
        raise
    processed = sum(counts.values())
    _finish(engine, run_id, clock(), "ok", processed, None)
    log.info("job ran", extra={"job": job, "processed": processed, "counts": dict(counts)})
    return counts


def _finish(
    engine: Engine, run_id: int, finished: datetime, status: str, processed: int, error: str | None
) -> None:
    with writing(engine) as conn:
        conn.execute(
            sa.update(job_runs)
            .where(job_runs.c.id == run_id)
            .values(finished_at=finished, status=status, processed=processed, error=error)
        )


def survey_jobs(
    engine: Engine,
    settings: Settings,
    worker_id: str,
    senders: Callable[[], AbstractContextManager[Sender]],
    stop: Callable[[], bool] = lambda: False,
) -> list[tuple[str, Job]]:
    """The survey cycle in running order: housekeeping, enqueue, send. Each send run takes
    its sender from `senders` (one shared sender for run-once, a fresh one per scheduled run)
    and ends early, releasing what it has not sent, once `stop()` is true (SIGTERM)."""

    def send(now: datetime) -> Counter[str]:
        with senders() as sender:
            return surveys.send(engine, settings, now, sender, worker_id, stop=stop)

    def send_digests(now: datetime) -> Counter[str]:
        with senders() as sender:
            return digests.send_due(engine, settings, now, sender)

    def check_alerts(now: datetime) -> Counter[str]:
        with senders() as sender:
            return alerts.check_alerts(engine, settings, now, sender)

    return [
        ("housekeeping", lambda now: surveys.housekeeping(engine, now)),
        ("enqueue", lambda now: surveys.enqueue(engine, settings, now)),
        ("send", send),
        ("digests", send_digests),  # docs/digests.md: a singleton, once per period
        ("alerts", check_alerts),  # docs/digests.md: each condition, then its cool-down
        ("summaries", lambda now: refresh_summaries(engine, settings, now)),  # docs/summaries.md
    ]


def run_once(
    engine: Engine,
    settings: Settings,
    sender: Sender,
    worker_id: str,
    now: datetime | None = None,
) -> dict[str, Counter[str]]:
    """Each of `survey_jobs` once, in order, recorded in job_runs; `now` fixes the clock
    (default: the settings' clock, `queries.clock`).
    The caller owns `sender` (it is not closed here)."""
    clock: Clock = (lambda: now) if now is not None else clock_for(settings)
    jobs = survey_jobs(engine, settings, worker_id, lambda: contextlib.nullcontext(sender))
    return {name: recorded(engine, name, clock, _at(fn, clock)) for name, fn in jobs}


def _at(fn: Job, clock: Clock) -> Callable[[], Counter[str]]:
    return lambda: fn(clock())


def summary(result: dict[str, Counter[str]]) -> str:
    lines = []
    for job, counts in result.items():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to do"
        lines.append(f"{job:<13} {detail}")
    return "\n".join(lines)
