"""The jobs process (`vigil jobs`, `python -m jobs`): APScheduler wires the survey jobs.

Three interval jobs, each recorded in job_runs: housekeeping (release expired leases, cancel
stale invitations), enqueue and send. coalesce=True and max_instances=1, so a slow run is never
doubled and a backlog of missed runs collapses into one. SIGTERM and SIGINT stop the scheduler
after the running job finishes its current message.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import socket
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from jobs.runs import Job, recorded, run_once, summary, survey_jobs
from jobs.sync import sync_jobs
from jobs.transport import Sender, make_sender
from queries.plumbing.clock import Clock, clock_for
from queries.plumbing.config import load_settings
from queries.plumbing.db import make_engine
from queries.plumbing.errors import ConfigError, DataUnavailable, InstantError, ServerRefused
from queries.plumbing.settings import Settings
from queries.plumbing.times import parse_instant

log = logging.getLogger("vigil.jobs")
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **{k: v for k, v in vars(record).items() if k not in STANDARD},
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _job(engine: Engine, name: str, fn: Job, clock: Clock) -> Callable[[], None]:
    def run() -> None:
        # recorded() logs a failure and writes it to job_runs; the scheduler keeps going
        with contextlib.suppress(Exception):
            recorded(engine, name, clock, lambda: fn(clock()))

    return run


@contextlib.contextmanager
def fresh_sender(settings: Settings) -> Iterator[Sender]:
    """A sender for one scheduled send run, closed after it (an SMTP session never idles)."""
    sender = make_sender(settings)
    try:
        yield sender
    finally:
        sender.close()


def first_runs(interval: float) -> dict[str, float]:
    """Seconds after start of each job's first run: send after the first enqueue."""
    return {
        "housekeeping": 0.0,
        "enqueue": 0.2,
        "send": min(1.0, interval / 2),
        "digests": min(1.5, interval / 2),
        "alerts": min(2.0, interval / 2),
        "summaries": min(2.5, interval / 2),
    }


def build_scheduler(
    engine: Engine,
    settings: Settings,
    worker_id: str,
    interval: float,
    stopping: threading.Event | None = None,
) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )
    start = datetime.now(UTC)  # the scheduler's triggers run on the wall clock
    clock = clock_for(settings)
    offsets = first_runs(interval)
    stop = (stopping or threading.Event()).is_set
    for name, fn in survey_jobs(engine, settings, worker_id, lambda: fresh_sender(settings), stop):
        offset = offsets[name]
        scheduler.add_job(
            _job(engine, name, fn, clock),
            "interval",
            seconds=interval,
            id=name,
            name=name,
            next_run_time=start + timedelta(seconds=offset),
        )
    for name, fn in sync_jobs(engine, settings):  # every VIGIL_SYNC source
        scheduler.add_job(
            _job(engine, name, fn, clock),
            "interval",
            seconds=settings.sync_interval.total_seconds(),
            id=name,
            name=name,
            next_run_time=start,
        )
    return scheduler


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vigil jobs", description="run the survey jobs")
    parser.add_argument("--db", help="database URL (default: VIGIL_DATABASE_URL)")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")
    parser.add_argument("action", nargs="?", choices=["run-once"], help="one cycle, then exit")
    parser.add_argument("--now", type=_instant, help="run-once: the clock (ISO 8601, with offset)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:  # one line naming the setting, never its value
        print(f"vigil jobs: error: {exc}", file=sys.stderr)
        return 2
    if args.action == "run-once":
        return run_cycle(settings, args.db, args.now)
    return run_scheduler(settings, args.db, args.interval)


def _instant(text: str) -> datetime:
    try:
        return parse_instant(text)
    except InstantError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_cycle(settings: Settings, db: str | None, now: datetime | None) -> int:
    """`vigil jobs run-once`: housekeeping, enqueue and send once; print a summary."""
    logging.getLogger("vigil.jobs").addHandler(logging.NullHandler())  # errors: one line below
    engine = make_engine(db or settings.database_url)
    sender = make_sender(settings)
    try:
        result = run_once(engine, settings, sender, worker_name(), now)
    except (DataUnavailable, ServerRefused) as exc:  # recorded in job_runs; one line here
        print(f"vigil jobs run-once: error: {exc}", file=sys.stderr)
        return 1
    finally:
        sender.close()
        engine.dispose()
    print(summary(result))
    return 0


def run_scheduler(settings: Settings, db: str | None, interval: float) -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    engine = make_engine(db or settings.database_url)
    worker_id = worker_name()
    stopping = threading.Event()
    scheduler = build_scheduler(engine, settings, worker_id, interval, stopping)

    def stop(signum: int, _frame: FrameType | None) -> None:
        # a send run in flight finishes its message and gives the rest of its claim back
        # (jobs.surveys.send), so waiting for it takes one message, not a batch
        log.info("stopping", extra={"signal": signal.Signals(signum).name})
        stopping.set()
        if scheduler.running:
            scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("jobs process started", extra={"worker": worker_id, "interval_s": interval})
    try:
        scheduler.start()
    finally:
        engine.dispose()
    log.info("jobs process stopped", extra={"worker": worker_id})
    return 0


if __name__ == "__main__":
    sys.exit(main())
