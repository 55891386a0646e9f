"""The executive overview's data: this period's KPIs, the previous equal-length period's, the
changes between them, and the daily volume."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.changes import Change, kpi_changes
from queries.metrics.cost import agent_hours, cost_centre
from queries.metrics.cuts import kpi_conversations
from queries.metrics.periods import PERIOD_COLUMNS
from queries.metrics.tallies import rates, tally
from queries.metrics.worth import (
    RetentionView,
    activity_for,
    customer_value,
    first_contacts,
    summarise_retention,
)
from queries.plumbing.filters import Filters

OVERVIEW_COLUMNS = tuple(c for c in PERIOD_COLUMNS if c not in ("agent_id", "team", "segment"))
"""Every column a tile, the cost-centre table or the value of service reads."""


@dataclass(frozen=True, slots=True)
class Overview:
    """counts: the n behind every rate (`metrics.tally`); values: the §3 dict (`metrics.rates`);
    changes: against the previous equal-length period; volume: per local day and channel;
    cost: the cost-centre view (`cost_value.cost_centre`), now and in the previous period;
    worth: retention and revenue by service outcome (`value.summarise_retention`)."""

    counts: dict[str, Any]
    values: dict[str, Any]
    previous_values: dict[str, Any]
    changes: dict[str, Change]
    volume: pl.DataFrame
    cost: dict[str, Any]
    previous_cost: dict[str, Any]
    worth: RetentionView


def overview(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Overview:
    """Both periods come from one read of [previous start, end): a repeat contact or a cohort
    never depends on which of the two periods is asked, so splitting afterwards is exact."""
    both = replace(filters, start=filters.previous().start)
    conversations = kpi_conversations(engine, both, fcr_window_days, OVERVIEW_COLUMNS)
    boundary, _ = filters.bounds_utc()
    current = conversations.filter(pl.col("opened_at") >= boundary)
    before = conversations.filter(pl.col("opened_at") < boundary)
    first, first_before = first_contacts(current), first_contacts(before)
    activity = activity_for(engine, pl.concat([first, first_before]), as_of)  # one read for both
    customers = customer_value(first, activity, as_of)
    counts = tally(current, retention_flags(customers))
    previous = tally(before, retention_flags(customer_value(first_before, activity, as_of)))
    return Overview(
        counts,
        rates(counts),
        rates(previous),
        kpi_changes(counts, previous),
        daily_volume(current, filters.tz),
        cost_centre(current, agent_hours(engine, filters)),
        cost_centre(before, agent_hours(engine, filters.previous())),
        summarise_retention(customers, filters.tz, as_of),
    )


def retention_flags(customers: pl.DataFrame) -> pl.DataFrame:
    """The 90-day `retention.flag_retention` columns, taken from a `value.customers_of` frame."""
    return customers.select(
        "customer_id", "t0", eligible=pl.col("eligible_90"), retained=pl.col("retained_90")
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
