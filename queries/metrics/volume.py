"""Conversations over time for the overview's volume chart: per local day, or hour by hour
for a one-day period (the data is UTC; days and hours are the display zone's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import polars as pl

from queries.metrics.hours import day_hours
from queries.plumbing.filters import Filters


@dataclass(frozen=True, slots=True)
class HourlyVolume:
    """A one-day period hour by hour: `hours`, the starts of every local hour of the day
    (`hours.day_hours`, DST-correct); `begun`, how many of them had begun at `as_of` (the rest
    are still to come, not hours without contacts); `frame`: (hour, channel, conversations),
    hour being one of `hours`, only where there were conversations."""

    hours: tuple[datetime, ...]
    begun: int
    frame: pl.DataFrame
    under_way: datetime | None = None
    """The hour `as_of` falls in, when the day holds it: not over yet."""


def daily_volume(conversations: pl.DataFrame, tz: str) -> pl.DataFrame:
    """(day, channel, conversations): calendar days in `tz`, sorted by day then channel."""
    return (
        conversations.group_by(
            day=pl.col("opened_at").dt.convert_time_zone(tz).dt.date(), channel=pl.col("channel")
        )
        .agg(conversations=pl.len().cast(pl.Int64))
        .sort("day", "channel")
    )


def hourly_volume(conversations: pl.DataFrame, filters: Filters, as_of: datetime) -> HourlyVolume:
    """The `HourlyVolume` of the first day of `filters` (the data is UTC; hours are local). An
    hour has begun by `as_of` (floored to the hour by the dashboard) or when it holds data."""
    hours = day_hours(filters.start, filters.tz)
    lo, hour = hours[0].astimezone(UTC), timedelta(hours=1)
    latest = conversations.get_column("opened_at").max()
    reached = max(as_of, latest) if isinstance(latest, datetime) else as_of
    begun = sum(start <= reached for start in hours)
    slots = pl.DataFrame({"slot": range(len(hours)), "hour": hours})
    frame = (
        conversations.group_by(
            slot=((pl.col("opened_at") - lo).dt.total_seconds() // 3600).cast(pl.Int64),
            channel=pl.col("channel"),
        )
        .agg(conversations=pl.len().cast(pl.Int64))
        .join(slots, on="slot")
        .sort("slot", "channel")
        .select("hour", "channel", "conversations")
    )
    under_way = hours[begun - 1] if begun and reached < hours[begun - 1] + hour else None
    return HourlyVolume(tuple(hours), begun, frame, under_way)
