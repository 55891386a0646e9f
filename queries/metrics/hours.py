"""The night and hour rule (docs/metrics.md): the customer's own night is 22:00–07:00, the one
rule that CSAT, demand zones, service by hour and the drill-down cut by."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

HOURS = tuple(range(24))
NIGHT_START = 22
NIGHT_END = 7
"""The night: local hours 22, 23, 0, …, 6."""


def is_night(hour: pl.Expr) -> pl.Expr:
    """Whether an hour (0–23) is night, 22:00–07:00 (the customer's own local hour on the CSAT
    page, demand zones and the drill-down; the display zone's in service by hour)."""
    return (hour >= NIGHT_START) | (hour < NIGHT_END)


def night_hours() -> list[int]:
    """The hours `is_night` counts: 22, 23, 0, …, 6."""
    hours = pl.DataFrame({"hour": HOURS}, schema={"hour": pl.Int64})
    return hours.filter(is_night(pl.col("hour"))).get_column("hour").to_list()


def day_hours(day: date, tz: str) -> list[datetime]:
    """The starts of the local hours of `day` in `tz`, in order and tz-aware in `tz`: 24, or
    23 and 25 on the days the clocks change (zoneinfo), so a fall-back hour shows twice."""
    zone, hour = ZoneInfo(tz), timedelta(hours=1)
    lo = datetime.combine(day, time(0), zone).astimezone(UTC)
    hi = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    return [(lo + k * hour).astimezone(zone) for k in range(math.ceil((hi - lo) / hour))]


def hour_key(start: datetime) -> str:
    """A local hour's place on a chart's x axis: its ISO start with the offset, unique even on
    the fall-back day, and starting with its day (a click reads the day from it)."""
    return start.isoformat(timespec="minutes")


def hour_labels(hours: Sequence[datetime]) -> list[str]:
    """'09:00' per hour; an hour the clocks repeat names its zone ('02:00 CEST', '02:00 CET')."""
    clock = [f"{h:%H:%M}" for h in hours]
    return [
        f"{c} {h.tzname()}" if clock.count(c) > 1 else c for c, h in zip(clock, hours, strict=True)
    ]
