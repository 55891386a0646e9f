"""The executive overview's data: this period's KPIs against the previous equal-length period's,
the daily volume and what service is worth; the cost centre is a section with its own read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.changes import kpi_changes
from queries.metrics.cost import CostCentre, cost_centre
from queries.metrics.cuts import kpi_conversations
from queries.metrics.hours import day_hours
from queries.metrics.periods import PERIOD_COLUMNS
from queries.metrics.rates import Rate, rate_from
from queries.metrics.retention import mature_period
from queries.metrics.tallies import rates, tally
from queries.metrics.worth import (
    RetentionView,
    activity_for,
    customer_value,
    first_contacts,
    summarise_retention,
)
from queries.plumbing.filters import Filters

OVERVIEW_COLUMNS = tuple(
    c for c in PERIOD_COLUMNS if c not in ("agent_id", "team", "segment", "handle_seconds")
)
"""Every column a tile or the value of service reads."""


@dataclass(frozen=True, slots=True)
class Median:
    """A median in seconds (None without a sample), its n, and its change against the previous
    period (no test: the dashboard shows it without a verdict)."""

    value: float | None
    n: int
    change: float | None = None


@dataclass(frozen=True, slots=True)
class ValueCentre:
    """One period read as a value centre: the rates of the value-centre table."""

    csat: float | None
    nps: float | None
    fcr: float | None
    retention_90d: float | None


@dataclass(frozen=True, slots=True)
class ValueCentres:
    """This period's value centre and the previous equal-length period's."""

    now: ValueCentre
    before: ValueCentre


@dataclass(frozen=True, slots=True)
class CostCentres:
    """This period's cost centre and the previous equal-length period's."""

    now: CostCentre
    before: CostCentre


@dataclass(frozen=True, slots=True)
class MatureCohort:
    """Retention and what service is worth on `period`, the latest 30 days whose 90 days have
    passed, shown while the chosen period is too recent (docs/metrics.md, "Mature cohort")."""

    period: Filters
    retention_90d: Rate
    worth: RetentionView


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


@dataclass(frozen=True, slots=True)
class Overview:
    """The tiles: conversations and its change, the five rates with their change and p-value,
    the median first response. value_centres: the rates now and before; volume: (day, channel,
    conversations) per local day; worth: retention and revenue by service outcome.
    counts: the `metrics.tally` behind the tiles, which the drill-down lists match."""

    conversations: int
    conversations_change: int
    csat: Rate
    nps: Rate
    fcr: Rate
    retention_90d: Rate
    response_rate: Rate
    first_response_median_s: Median
    value_centres: ValueCentres
    volume: pl.DataFrame
    worth: RetentionView
    counts: Mapping[str, Any]
    mature: MatureCohort | None = None
    hourly: HourlyVolume | None = None
    """For a one-day period, the volume hour by hour."""

    @property
    def empty(self) -> bool:
        return self.conversations == 0


def overview(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Overview:
    """Both periods come from one read of [previous start, end): a repeat contact or a cohort
    never depends on which of the two periods is asked, so splitting afterwards is exact."""
    conversations = kpi_conversations(
        engine, both_periods(filters), fcr_window_days, OVERVIEW_COLUMNS
    )
    current, before = split(conversations, filters)
    first, first_before = first_contacts(current), first_contacts(before)
    activity = activity_for(engine, pl.concat([first, first_before]), as_of)  # one read for both
    customers = customer_value(first, activity, as_of)
    counts = tally(current, retention_flags(customers))
    previous = tally(before, retention_flags(customer_value(first_before, activity, as_of)))
    values, changes = rates(counts), kpi_changes(counts, previous)
    ripe = mature_period(filters, as_of)

    def rate(key: str) -> Rate:
        return rate_from(values, counts, key).compared(changes[key])

    return Overview(
        conversations=counts["conversations"],
        conversations_change=counts["conversations"] - previous["conversations"],
        csat=rate("csat"),
        nps=rate("nps"),
        fcr=rate("fcr"),
        retention_90d=rate("retention_90d"),
        response_rate=rate("response_rate"),
        first_response_median_s=Median(
            values["first_response_median_s"],
            counts["first_response_n"],
            changes["first_response_median_s"].difference,
        ),
        value_centres=ValueCentres(value_centre(values), value_centre(rates(previous))),
        volume=daily_volume(current, filters.tz),
        worth=summarise_retention(customers, filters.tz, as_of),
        counts=counts,
        mature=None if ripe is None else mature_cohort(engine, ripe, as_of, fcr_window_days),
        hourly=hourly_volume(current, filters, as_of) if filters.days == 1 else None,
    )


def mature_cohort(
    engine: Engine, period: Filters, as_of: datetime, fcr_window_days: int
) -> MatureCohort:
    conversations = kpi_conversations(engine, period, fcr_window_days, OVERVIEW_COLUMNS)
    first = first_contacts(conversations)
    customers = customer_value(first, activity_for(engine, first, as_of), as_of)
    counts = tally(conversations, retention_flags(customers))
    retention = rate_from(rates(counts), counts, "retention_90d")
    return MatureCohort(period, retention, summarise_retention(customers, period.tz, as_of))


def cost_centres(engine: Engine, filters: Filters) -> CostCentres:
    """The cost-centre section, now and before: volume and handle time aggregated in SQL,
    scheduled agent-hours from the shifts (reads of its own, so that a failing shifts table
    blanks only this section)."""
    return CostCentres(cost_centre(engine, filters), cost_centre(engine, filters.previous()))


def both_periods(filters: Filters) -> Filters:
    """[previous start, end): the period and the equal-length period before it."""
    return replace(filters, start=filters.previous().start)


def split(conversations: pl.DataFrame, filters: Filters) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A `both_periods` frame cut into (this period, the previous one) by opened_at."""
    boundary, _ = filters.bounds_utc()
    opened = pl.col("opened_at")
    return conversations.filter(opened >= boundary), conversations.filter(opened < boundary)


def value_centre(values: Mapping[str, Any]) -> ValueCentre:
    """The value-centre rates of a `metrics.rates` dict."""
    return ValueCentre(values["csat"], values["nps"], values["fcr"], values["retention_90d"])


def retention_flags(customers: pl.DataFrame) -> pl.DataFrame:
    """The 90-day `metrics.retention.flag_retention` columns of a `worth.customer_value` frame."""
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
