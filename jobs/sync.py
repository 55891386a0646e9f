"""Scheduled syncs (docs/connectors.md, "Scheduled sync"): one job per VIGIL_SYNC source,
each run by one jobs process at a time (a PostgreSQL advisory lock; on SQLite only one jobs
process is supported). A failure is kept on the source (Data sources page) and in job_runs."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.engine import Engine

from jobs.runs import Job
from queries.connectors.scheduled import sync_configured
from queries.connectors.state import record_failure
from queries.plumbing.errors import VigilError
from queries.plumbing.locks import singleton as held_alone
from queries.plumbing.settings import Settings, SyncSource

SYNC_LOCK = 0x7379_6E63  # the advisory lock class of syncs ("sync"); the source's hash is the key


def sync_jobs(engine: Engine, settings: Settings) -> list[tuple[str, Job]]:
    """(job name, job) per configured source, in VIGIL_SYNC's order."""
    return [(f"sync:{source.name}", _job(engine, source)) for source in settings.sync]


def _job(engine: Engine, source: SyncSource) -> Job:
    return lambda now: sync_source(engine, source, now)


def sync_source(engine: Engine, source: SyncSource, now: datetime) -> Counter[str]:
    """Sync one source unless another process is syncing it; counts read and written rows."""
    with singleton(engine, source.name) as held:
        if not held:
            return Counter({"skipped:another process": 1})
        try:
            report = sync_configured(engine, source, now)
        except VigilError as exc:
            record_failure(engine, source.name, now, " ".join(str(exc).split()))
            raise
    return Counter({"read": report.read, "written": report.written})


def _key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)


@contextmanager
def singleton(engine: Engine, name: str) -> Iterator[bool]:
    """Whether this process holds the sync lock of `name` (always, on SQLite)."""
    with held_alone(engine, SYNC_LOCK, _key(name)) as held:
        yield held
