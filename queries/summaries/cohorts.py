"""A period's cohort from the summaries' contacts (docs/summaries.md, "Contacts"): its
customers' first contacts, grouped in SQL by outcome, t0's local month and, per horizon,
whether they are eligible and came back. The groups are `metrics.horizons` rows standing for
`n` customers, so retention and what service is worth need neither rows nor activity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from queries.metrics.contact_facts import US_A_DAY
from queries.metrics.horizons import HORIZONS
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import summary_contacts
from queries.summaries.read import cut_terms

k = summary_contacts.c
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def first_contacts(filters: Filters) -> sa.Subquery:
    """Each customer's first conversation of the filtered period (earliest opening, then lowest
    id). Without a channel or team cut it is the one whose customer's previous opening falls
    before the period (a segment is the customer's own); with one, a window ranks them."""
    lo, hi = (int(bound.timestamp()) * 1_000_000 for bound in filters.bounds_utc())
    period = [k.opened_us >= lo, k.opened_us < hi, *cut_terms(summary_contacts, filters)]
    if not (filters.channels or filters.teams):
        first = k.previous_us.is_(None) | (k.previous_us < lo)
        return sa.select(summary_contacts).where(*period, first).subquery()
    order = (k.opened_us, k.conversation_id)
    rank = sa.func.row_number().over(partition_by=k.customer_id, order_by=order).label("rank")
    ranked = sa.select(summary_contacts, rank).where(*period).subquery()
    return sa.select(ranked).where(ranked.c.rank == 1).subquery()


def cohort_groups(engine: Engine, filters: Filters, as_of: datetime) -> pl.DataFrame:
    """The period's customers in groups: csat_bucket, fcr, month (Date: the first day of t0's
    month in the display zone), n, and per horizon d eligible_d (t0 + d ≤ as_of), retained_d
    (null when not eligible), revenue_d and revenue_sq_d (null when not eligible)."""
    first = first_contacts(filters).c
    months = local_months(filters)
    month = sa.case(
        *((first.opened_us >= us, index) for index, (_, us) in reversed(list(enumerate(months)))),
        else_=0,
    ).label("month_index")
    as_of_us = epoch_us(as_of)
    keys: list[ColumnElement[int]] = [month]
    sums: list[ColumnElement[float]] = []
    for d in HORIZONS:
        eligible = first.opened_us <= as_of_us - d * US_A_DAY
        back = eligible & (first.returned_after_us <= d * US_A_DAY)
        keys += [_flag(eligible, f"e{d}"), _flag(back, f"r{d}")]
        revenue = first[f"revenue_{d}"]
        sums += [
            sa.func.sum(revenue).label(f"revenue_{d}"),
            sa.func.sum(revenue * revenue).label(f"revenue_sq_{d}"),
        ]
    stmt = sa.select(
        first.csat_bucket, first.fcr, *keys, sa.func.count().label("n"), *sums
    ).group_by(first.csat_bucket, first.fcr, *keys)
    groups = read_frame(engine, stmt)
    return _typed(groups, months)


def local_months(filters: Filters) -> list[tuple[date, int]]:
    """(first day, its local midnight in epoch microseconds) of each calendar month the period
    touches in its display zone."""
    zone, months = ZoneInfo(filters.tz), []
    day = filters.start.replace(day=1)
    while day <= filters.end:
        months.append((day, epoch_us(datetime(day.year, day.month, 1, tzinfo=zone))))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def epoch_us(instant: datetime) -> int:
    """Microseconds since the epoch, exactly (no float)."""
    return (instant - EPOCH) // timedelta(microseconds=1)


def _flag(condition: ColumnElement[bool], name: str) -> ColumnElement[int]:
    return sa.case((condition, 1), else_=0).label(name)


def _typed(groups: pl.DataFrame, months: list[tuple[date, int]]) -> pl.DataFrame:
    columns: list[pl.Expr] = [
        pl.col("csat_bucket").cast(pl.String),
        pl.col("fcr").cast(pl.String),
        pl.col("month_index")
        .replace_strict({i: day for i, (day, _) in enumerate(months)}, return_dtype=pl.Date)
        .alias("month"),
        pl.col("n").cast(pl.Int64),
    ]
    for d in HORIZONS:
        eligible = pl.col(f"e{d}").cast(pl.Int64) == 1
        columns += [
            eligible.alias(f"eligible_{d}"),
            pl.when(eligible).then(pl.col(f"r{d}").cast(pl.Int64) == 1).alias(f"retained_{d}"),
            *(
                pl.when(eligible).then(pl.col(name).cast(pl.Float64)).alias(name)
                for name in (f"revenue_{d}", f"revenue_sq_{d}")
            ),
        ]
    return groups.select(columns)
