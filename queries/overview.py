"""The Overview page's data: the §3 counts and rates of a period and its daily volume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.filters import Filters
from queries.metrics import load_period, rates, tally


@dataclass(frozen=True, slots=True)
class Overview:
    """counts: the n behind every rate (`metrics.tally`); values: the §3 dict (`metrics.rates`);
    volume: conversations per local day and channel."""

    counts: dict[str, Any]
    values: dict[str, Any]
    volume: pl.DataFrame


def overview(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Overview:
    period = load_period(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    counts = tally(period.conversations, period.retention)
    return Overview(counts, rates(counts), daily_volume(period.conversations, filters.tz))


def daily_volume(conversations: pl.DataFrame, tz: str) -> pl.DataFrame:
    """(day, channel, conversations): calendar days in `tz`, sorted by day then channel."""
    return (
        conversations.group_by(
            day=pl.col("opened_at").dt.convert_time_zone(tz).dt.date(), channel=pl.col("channel")
        )
        .agg(conversations=pl.len().cast(pl.Int64))
        .sort("day", "channel")
    )
