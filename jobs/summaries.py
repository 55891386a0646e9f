"""The summaries' scheduled refresh (docs/summaries.md, "Kept fresh"): every cycle rebuilds
the buckets that a write marked stale and those of conversations answered or invited since
the last run, so new answers reach the pages within a cycle. A singleton on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy.engine import Engine

from queries.plumbing.settings import Settings
from queries.summaries.build import refresh


def refresh_summaries(engine: Engine, settings: Settings, now: datetime) -> Counter[str]:
    done = refresh(engine, now, settings.fcr_window_days)
    if done.skipped:
        return Counter({"skipped:another process": 1})
    return Counter({"buckets": done.buckets}) if done.since is not None else Counter()
