"""The executive overview's data: this period's KPIs, the previous equal-length period's, the
changes between them, and the daily volume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.changes import Change, kpi_changes
from queries.filters import Filters
from queries.metrics import load_period, rates, tally


@dataclass(frozen=True, slots=True)
class Overview:
    """counts: the n behind every rate (`metrics.tally`); values: the §3 dict (`metrics.rates`);
    changes: against the previous equal-length period; volume: per local day and channel."""

    counts: dict[str, Any]
    values: dict[str, Any]
    previous_values: dict[str, Any]
    changes: dict[str, Change]
    volume: pl.DataFrame


def period_counts(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> tuple[dict[str, Any], pl.DataFrame]:
    """The `metrics.tally` counts of one period, and its conversations frame."""
    period = load_period(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return tally(period.conversations, period.retention), period.conversations


def overview(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Overview:
    counts, conversations = period_counts(
        engine, filters, as_of=as_of, fcr_window_days=fcr_window_days
    )
    previous, _ = period_counts(
        engine, filters.previous(), as_of=as_of, fcr_window_days=fcr_window_days
    )
    return Overview(
        counts,
        rates(counts),
        rates(previous),
        kpi_changes(counts, previous),
        daily_volume(conversations, filters.tz),
    )


def daily_volume(conversations: pl.DataFrame, tz: str) -> pl.DataFrame:
    """(day, channel, conversations): calendar days in `tz`, sorted by day then channel."""
    return (
        conversations.group_by(
            day=pl.col("opened_at").dt.convert_time_zone(tz).dt.date(), channel=pl.col("channel")
        )
        .agg(conversations=pl.len().cast(pl.Int64))
        .sort("day", "channel")
    )
