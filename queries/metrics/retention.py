"""90-day retention of the period's customers (docs/metrics.md, `retention_90d`).

Cohort: the customers with at least one conversation in the filtered period; t0 is the
opened_at of each one's earliest such conversation (with a channel filter, the earliest
conversation of that channel). A customer is eligible when t0 + days ≤ as_of and retained
when some activity, of any kind, falls in (t0, t0 + days].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import customer_activity

RETENTION_DAYS = 90
MATURE_DAYS = 30
"""The length of the mature cohort read while the chosen period is too recent."""


def cohort_starts(period: pl.DataFrame) -> pl.DataFrame:
    """(customer_id, t0): each customer's earliest opened_at in `period`."""
    return period.group_by("customer_id").agg(t0=pl.col("opened_at").min()).sort("customer_id")


def cohort_activity(
    engine: Engine,
    starts: pl.DataFrame,
    after: datetime,
    until: datetime,
    *,
    amount: bool = False,
    kind: bool = False,
) -> pl.DataFrame:
    """(customer_id, occurred_at[, amount][, kind]) of the customers in `starts` in
    (after, until].

    The customers are picked in Polars: an IN (subquery) was slower on SQLite than reading
    the whole time range.
    """
    a = customer_activity.c
    columns = [
        a.customer_id, a.occurred_at, *([a.amount] if amount else []), *([a.kind] if kind else [])
    ]  # fmt: skip
    stmt = sa.select(*columns).where(a.occurred_at > after, a.occurred_at <= until)
    return read_frame(engine, stmt).join(starts.select("customer_id"), on="customer_id", how="semi")


def flag_retention(
    starts: pl.DataFrame, activity: pl.DataFrame, as_of: datetime, days: int = RETENTION_DAYS
) -> pl.DataFrame:
    """(customer_id, t0, eligible, retained); retained is null when not eligible. Pure Polars."""
    horizon = pl.col("t0") + pl.duration(days=days)
    returning = (
        starts.join(activity, on="customer_id", how="inner")
        .filter(pl.col("occurred_at") > pl.col("t0"), pl.col("occurred_at") <= horizon)
        .select("customer_id")
        .unique()
        .with_columns(active=pl.lit(True))
    )
    eligible = horizon <= pl.lit(as_of.astimezone(UTC))
    return (
        starts.join(returning, on="customer_id", how="left")
        .with_columns(eligible=eligible)
        .select(
            "customer_id",
            "t0",
            "eligible",
            retained=pl.when(pl.col("eligible")).then(pl.col("active").fill_null(False)),
        )
    )


def activity_window(
    engine: Engine,
    starts: pl.DataFrame,
    as_of: datetime,
    horizons: Sequence[int] = (RETENTION_DAYS,),
    *,
    amount: bool = False,
    kind: bool = False,
) -> pl.DataFrame:
    """`cohort_activity` (customer_id, occurred_at[, amount][, kind]) reading only what can decide a
    horizon (in days) of the customers in `starts` (customer_id, t0) as of `as_of`
    (timezone-aware): those eligible at the shortest horizon (t0 + days ≤ as_of), from their
    earliest t0 to their latest t0 + the longest horizon, and no later than as_of."""
    if as_of.tzinfo is None:
        raise ValueError(f"as_of must be timezone-aware, got {as_of!r}")
    as_of = as_of.astimezone(UTC)
    eligible = starts.filter(pl.col("t0") + timedelta(days=min(horizons)) <= as_of)
    if eligible.is_empty():
        schema: dict[str, Any] = {"customer_id": pl.Int64, "occurred_at": pl.Datetime("us", "UTC")}
        schema |= ({"amount": pl.Float64} if amount else {}) | ({"kind": pl.String} if kind else {})
        return pl.DataFrame(schema=schema)
    first: Any = eligible.get_column("t0").min()
    last: Any = eligible.get_column("t0").max()
    until = min(last + timedelta(days=max(horizons)), as_of)
    return cohort_activity(engine, eligible, first, until, amount=amount, kind=kind)


def retention_frame(
    engine: Engine, period: pl.DataFrame, as_of: datetime, days: int = RETENTION_DAYS
) -> pl.DataFrame:
    """`flag_retention` for `period` (from `period_conversations`), as of `as_of`.

    Reads only the activity that can decide an eligible customer (`activity_window`).
    """
    starts = cohort_starts(period)
    return flag_retention(starts, activity_window(engine, starts, as_of, (days,)), as_of, days)


def mature_period(filters: Filters, as_of: datetime) -> Filters | None:
    """When some customers of the chosen period are not yet 90 days past their first contact,
    the latest MATURE_DAYS local days whose customers all are, with the same cuts; else None.
    Its last day L is the day before the local date of as_of − 90 days, so L + 1 00:00 + 90
    days ≤ as_of."""
    _start, end = filters.bounds_utc()
    if end + timedelta(days=RETENTION_DAYS) <= as_of:
        return None
    horizon = (as_of - timedelta(days=RETENTION_DAYS)).astimezone(filters.zone).date()
    last = horizon - timedelta(days=1)
    return replace(filters, start=last - timedelta(days=MATURE_DAYS - 1), end=last)
