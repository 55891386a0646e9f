"""A filtered period's §3 counts and daily volume from the summaries (docs/summaries.md).

`ready` says whether the summaries can stand for the rows: built with the asked FCR window,
no write pending (`dirty_from` unset) and no activity newer than their contacts. The
period's UTC bounds are whole quarters for every real zone; a bound that is not (historical
local mean time) makes `ready` false."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from queries.metrics.periods import period_count
from queries.metrics.thresholds import DETRACTOR_NPS, PROMOTER_NPS, SATISFIED_CSAT
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import (
    customer_activity,
    summary_days,
    summary_quarters,
    summary_state,
    summary_wait_bins,
)
from queries.plumbing.schema_summaries import (
    COUNTS,
    CSAT_SCORES,
    NPS_SCORES,
    QUARTER_S,
    QUARTERS_A_DAY,
)
from queries.plumbing.staleness import STATE
from queries.summaries.bins import median_of


@dataclass(frozen=True, slots=True)
class Freshness:
    """When the summaries were last rebuilt, and how long that took."""

    refreshed_at: datetime
    took_ms: int | None


def ready(engine: Engine, filters: Filters, window_days: int) -> Freshness | None:
    """The summaries' freshness when they hold exactly what the rows would give, else None."""
    if any(bound.timestamp() % QUARTER_S for bound in filters.bounds_utc()):
        return None
    s = summary_state.c
    stmt = sa.select(s.refreshed_at, s.took_ms, s.activity_seen).where(
        s.name == STATE, s.fcr_window_days == window_days, s.dirty_from.is_(None)
    )
    found = read_frame(engine, stmt)
    if found.is_empty():
        return None
    refreshed_at, took_ms, activity_seen = found.row(0)
    if activity_high(engine) > (activity_seen or 0):  # activity the contacts do not hold yet
        return None
    return Freshness(refreshed_at, took_ms)


def serves(engine: Engine, filters: Filters, window_days: int) -> bool:
    """`ready`, and the summaries count as many of the period's conversations as the rows do
    (rows written around the importer set no mark, docs/summaries.md)."""
    if ready(engine, filters, window_days) is None:
        return False
    return _sums(engine, filters)["conversations"] == period_count(engine, filters)


def activity_high(engine: Engine) -> int:
    """The highest customer_activity id (0 without any): what a refresh's contacts hold."""
    found = read_frame(engine, sa.select(sa.func.max(customer_activity.c.id).label("id"))).item()
    return int(found or 0)


def _quarters(filters: Filters) -> tuple[int, int]:
    """The period as quarters [lo, hi)."""
    lo, hi = (int(bound.timestamp()) // QUARTER_S for bound in filters.bounds_utc())
    return lo, hi


def cut_terms(table: sa.Table, filters: Filters) -> list[ColumnElement[bool]]:
    terms: list[ColumnElement[bool]] = []
    for column, picked in (
        ("channel", filters.channels),
        ("team", filters.teams),
        ("segment", filters.segments),
    ):
        if picked:
            terms.append(table.c[column].in_(picked))
    return terms


def _where(table: sa.Table, filters: Filters) -> list[ColumnElement[bool]]:
    lo, hi = _quarters(filters)
    return [table.c.quarter >= lo, table.c.quarter < hi, *cut_terms(table, filters)]


def _count_parts(filters: Filters) -> list[tuple[sa.Table, ColumnElement[bool]]]:
    """Where the period's counts are: its whole UTC days in summary_days, the rest of its
    two edge days (a zone's midnight is rarely UTC's) in summary_quarters."""
    lo, hi = _quarters(filters)
    first, last = -(-lo // QUARTERS_A_DAY), hi // QUARTERS_A_DAY  # whole days [first, last)
    q = summary_quarters.c.quarter
    if first >= last:
        return [(summary_quarters, (q >= lo) & (q < hi))]
    d = summary_days.c.day
    edges = ((q >= lo) & (q < first * QUARTERS_A_DAY)) | ((q >= last * QUARTERS_A_DAY) & (q < hi))
    return [(summary_days, (d >= first) & (d < last)), (summary_quarters, edges)]


def _sums(engine: Engine, filters: Filters) -> dict[str, int]:
    names = (*COUNTS, *CSAT_SCORES, *NPS_SCORES)
    total = dict.fromkeys(names, 0)
    for table, period in _count_parts(filters):
        sums = [sa.func.coalesce(sa.func.sum(table.c[n]), 0).label(n) for n in names]
        stmt = sa.select(*sums).where(period, *cut_terms(table, filters))
        for name, value in read_frame(engine, stmt).row(0, named=True).items():
            total[name] += int(value)
    return total


def period_counts(engine: Engine, filters: Filters) -> dict[str, Any]:
    """The `metrics.tally` counts of the filtered period (no retention counts): aggregate
    queries for the counts (`_count_parts`), one for the first-response histogram."""
    row = _sums(engine, filters)
    w = summary_wait_bins.c
    histogram = read_frame(
        engine,
        sa.select(w.bin, sa.func.sum(w.n).label("n"))
        .where(*_where(summary_wait_bins, filters))
        .group_by(w.bin),
    )
    csat = {score: row[f"csat_{score}"] for score in range(1, 6)}
    nps = {score: row[f"nps_{score}"] for score in range(0, 11)}
    return {name: row[name] for name in COUNTS} | {
        "csat_n": sum(csat.values()),
        "csat_satisfied": sum(n for score, n in csat.items() if score >= SATISFIED_CSAT),
        "nps_n": sum(nps.values()),
        "promoters": sum(n for score, n in nps.items() if score >= PROMOTER_NPS),
        "detractors": sum(n for score, n in nps.items() if score <= DETRACTOR_NPS),
        "first_response_median_s": median_of(histogram.cast({"n": pl.Int64})),
    }


def daily_volume(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(day, channel, conversations) per calendar day in the display zone, as
    `metrics.volume.daily_volume` gives from rows: quarters summed in SQL, then dated."""
    q = summary_quarters.c
    stmt = (
        sa.select(q.quarter, q.channel, sa.func.sum(q.conversations).label("conversations"))
        .where(*_where(summary_quarters, filters))
        .group_by(q.quarter, q.channel)
    )
    quarters = read_frame(engine, stmt)
    instant = pl.from_epoch(pl.col("quarter") * QUARTER_S, time_unit="s").dt.replace_time_zone(
        "UTC"
    )
    return (
        quarters.group_by(
            day=instant.dt.convert_time_zone(filters.tz).dt.date(), channel=pl.col("channel")
        )
        .agg(conversations=pl.col("conversations").sum().cast(pl.Int64))
        .filter(pl.col("conversations") > 0)
        .sort("day", "channel")
    )
