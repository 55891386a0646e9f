"""One job_runs row per job run, and one full survey cycle (`vigil jobs run-once`)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs import surveys
from jobs.transport import Sender
from queries.db import writing
from queries.schema import job_runs
from queries.settings import Settings

log = logging.getLogger("vigil.jobs")
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


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


def run_once(
    engine: Engine,
    settings: Settings,
    sender: Sender,
    worker_id: str,
    now: datetime | None = None,
) -> dict[str, Counter[str]]:
    """Housekeeping, enqueue, then send, each recorded in job_runs; `now` fixes the clock."""
    clock: Clock = (lambda: now) if now is not None else wall_clock
    return {
        "housekeeping": recorded(
            engine, "housekeeping", clock, lambda: surveys.housekeeping(engine, clock())
        ),
        "enqueue": recorded(
            engine, "enqueue", clock, lambda: surveys.enqueue(engine, settings, clock())
        ),
        "send": recorded(
            engine,
            "send",
            clock,
            lambda: surveys.send(engine, settings, clock(), sender, worker_id),
        ),
    }


def summary(result: dict[str, Counter[str]]) -> str:
    lines = []
    for job, counts in result.items():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to do"
        lines.append(f"{job:<13} {detail}")
    return "\n".join(lines)
