"""The executive overview's data: this period's KPIs against the previous equal-length period's,
the daily volume and what service is worth; the cost centre is a section with its own read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.changes import kpi_changes
from queries.metrics.contact_facts import first_contacts
from queries.metrics.cost import CostCentre, cost_centre
from queries.metrics.cuts import kpi_conversations
from queries.metrics.horizons import counted
from queries.metrics.periods import PERIOD_COLUMNS, period_conversations, period_count
from queries.metrics.rates import Rate, rate_from
from queries.metrics.retention import RETENTION_DAYS, mature_period
from queries.metrics.tallies import rates, tally
from queries.metrics.value import value_tally
from queries.metrics.volume import HourlyVolume, daily_volume, hourly_volume
from queries.metrics.worth import (
    RetentionView,
    activity_for,
    customer_value,
    summarise_retention,
)
from queries.plumbing.filters import Filters
from queries.summaries.cohorts import cohort_groups
from queries.summaries.read import Freshness, period_counts, ready
from queries.summaries.read import daily_volume as summary_volume

OVERVIEW_COLUMNS = tuple(
    c for c in PERIOD_COLUMNS if c not in ("agent_id", "team", "segment", "handle_seconds")
)
"""Every column a tile or the value of service reads."""
WORTH_COLUMNS = (
    *("id", "customer_id", "channel", "category", "opened_at", "resolved_at"),
    *("reopened_count", "csat"),
)
"""What the mature cohort reads from rows: first contacts and their outcome
(`contact_facts.first_contacts`)."""
HOURLY_COLUMNS = ("channel", "opened_at")
"""What a one-day period's hourly bars read when the summaries give the rest."""


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
    fresh: Freshness | None = None  # the summaries' refresh when the tiles come from them
    hourly: HourlyVolume | None = None
    """For a one-day period, the volume hour by hour."""

    @property
    def empty(self) -> bool:
        return self.conversations == 0


def overview(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Overview:
    """From the summaries when they are ready (docs/summaries.md): aggregates for the counts,
    cohort groups for retention and worth, no period rows; else from the rows."""
    fresh = ready(engine, filters, fcr_window_days)
    now = None if fresh is None else period_counts(engine, filters)
    if now is None or now["conversations"] != period_count(engine, filters):
        # no summaries, or rows written around the importer (a drift): the rows decide
        return overview_from_rows(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    customers = cohort_groups(engine, filters, as_of)
    before = cohort_groups(engine, filters.previous(), as_of)
    counts = now | retention_counts(customers) | value_tally(None)
    previous = (
        period_counts(engine, filters.previous()) | retention_counts(before) | value_tally(None)
    )
    hours = None
    if filters.days == 1:  # one day of rows for its hourly bars
        hours = one_day(period_conversations(engine, filters, HOURLY_COLUMNS), filters, as_of)
    return _overview(
        engine,
        filters,
        as_of,
        fcr_window_days,
        (counts, previous),
        (summary_volume(engine, filters), hours),
        customers,
        fresh,
    )


def overview_from_rows(
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
    counts = tally(current) | retention_counts(customers)
    previous = tally(before) | retention_counts(customer_value(first_before, activity, as_of))
    volume = daily_volume(current, filters.tz), one_day(current, filters, as_of)
    return _overview(engine, filters, as_of, fcr_window_days, (counts, previous), volume, customers)


def _overview(
    engine: Engine,
    filters: Filters,
    as_of: datetime,
    fcr_window_days: int,
    tallies: tuple[dict[str, Any], dict[str, Any]],
    volume: tuple[pl.DataFrame, HourlyVolume | None],
    customers: pl.DataFrame,
    fresh: Freshness | None = None,
) -> Overview:
    """The overview of `tallies` (this period's, the previous one's); the mature cohort from the
    same source as the rest (the summaries when `fresh`)."""
    counts, previous = tallies
    values, changes = rates(counts), kpi_changes(counts, previous)
    ripe = mature_period(filters, as_of)
    mature = None
    if ripe is not None:
        mature = (
            mature_cohort(engine, ripe, as_of, fcr_window_days)
            if fresh is None
            else summarised_mature_cohort(engine, ripe, as_of)
        )

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
        volume=volume[0],
        worth=summarise_retention(customers, filters.tz, as_of),
        counts=counts,
        mature=mature,
        fresh=fresh,
        hourly=volume[1],
    )


def one_day(current: pl.DataFrame, filters: Filters, as_of: datetime) -> HourlyVolume | None:
    """For a one-day period, its volume hour by hour."""
    return hourly_volume(current, filters, as_of) if filters.days == 1 else None


def mature_cohort(
    engine: Engine, period: Filters, as_of: datetime, fcr_window_days: int
) -> MatureCohort:
    conversations = kpi_conversations(engine, period, fcr_window_days, WORTH_COLUMNS)
    first = first_contacts(conversations)
    customers = customer_value(first, activity_for(engine, first, as_of), as_of)
    return _matured(period, customers, as_of)


def summarised_mature_cohort(engine: Engine, period: Filters, as_of: datetime) -> MatureCohort:
    """`mature_cohort` from the summaries' contacts."""
    return _matured(period, cohort_groups(engine, period, as_of), as_of)


def _matured(period: Filters, customers: pl.DataFrame, as_of: datetime) -> MatureCohort:
    """The `MatureCohort` of customer rows or cohort groups."""
    counts = retention_counts(customers)
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


def retention_counts(customers: pl.DataFrame) -> dict[str, int]:
    """retention_eligible and retention_retained (the 90-day `metrics.tallies` counts) of a
    `worth.customer_value` frame or of cohort groups."""
    eligible, retained = (f"{flag}_{RETENTION_DAYS}" for flag in ("eligible", "retained"))
    return customers.select(
        retention_eligible=counted(customers, eligible).cast(pl.Int64),
        retention_retained=counted(customers, retained).cast(pl.Int64),
    ).row(0, named=True)
