"""Retention and revenue at 30, 60 and 90 days of a `worth.customer_value` frame (one row per
customer, with eligible_d, retained_d and revenue_d per horizon d), per group and horizon.

A row may stand for several customers alike in every column (the summaries' cohort groups,
`summaries.contacts`): `n` says how many, revenue_d is their sum and revenue_sq_d the sum of
its squares. Without `n` a row is one customer."""

from __future__ import annotations

from typing import Any

import polars as pl

from queries.metrics.stats import wilson_interval
from queries.plumbing.schema_summaries import CONTACT_HORIZONS

HORIZONS = CONTACT_HORIZONS  # stored per contact by the summaries
RATE_COLUMNS = (
    "customers",
    "eligible",
    "retained",
    "retention",
    "retention_low",
    "retention_high",
    "revenue",
    "revenue_per_customer",
)


def horizon_rates(customers: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """One row per group (when `by`) and horizon: the group column, days, `RATE_COLUMNS`.
    retention and its Wilson bounds are percent of eligible customers; revenue_per_customer is
    revenue / eligible; both null when nobody is eligible. Groups sorted by `by` (nulls last)."""
    keys = [by] if by else []
    parts = []
    for d in HORIZONS:
        grouped = customers.group_by(keys) if keys else customers.group_by(pl.lit(0).alias("_"))
        parts.append(
            grouped.agg(
                customers=headcount(customers).cast(pl.Int64),
                eligible=counted(customers, f"eligible_{d}").cast(pl.Int64),
                retained=counted(customers, f"retained_{d}").cast(pl.Int64),
                revenue=pl.col(f"revenue_{d}").sum().cast(pl.Float64),
            ).with_columns(days=pl.lit(d, pl.Int64))
        )
    schema: dict[str, Any] = {key: customers.schema[key] for key in keys}
    schema |= {"days": pl.Int64, "customers": pl.Int64, "eligible": pl.Int64}
    schema |= {"retained": pl.Int64, "revenue": pl.Float64}
    frame = (
        pl.concat(parts).select(list(schema)) if customers.height else pl.DataFrame(schema=schema)
    )
    bounds = [
        wilson_interval(r, n) or (None, None)
        for r, n in frame.select("retained", "eligible").iter_rows()
    ]
    has = pl.col("eligible") > 0
    return (
        frame.with_columns(
            retention=pl.when(has).then(100 * pl.col("retained") / pl.col("eligible")),
            retention_low=pl.Series([b[0] for b in bounds], dtype=pl.Float64),
            retention_high=pl.Series([b[1] for b in bounds], dtype=pl.Float64),
            revenue_per_customer=pl.when(has).then(pl.col("revenue") / pl.col("eligible")),
        )
        .select(*keys, "days", *RATE_COLUMNS)
        .sort([*keys, "days"], nulls_last=True)
    )


def headcount(customers: pl.DataFrame) -> pl.Expr:
    """How many customers the rows stand for (an aggregation)."""
    return pl.col("n").sum() if "n" in customers.columns else pl.len()


def counted(customers: pl.DataFrame, flag: str) -> pl.Expr:
    """How many of the rows' customers have the boolean `flag` true (null counts as false)."""
    flagged = pl.col(flag).fill_null(False).cast(pl.Int64)
    return (pl.col("n") * flagged).sum() if "n" in customers.columns else flagged.sum()


def squares(customers: pl.DataFrame, days: int) -> pl.Expr:
    """The sum of the squared revenue at `days` of the rows' customers."""
    if f"revenue_sq_{days}" in customers.columns:
        return pl.col(f"revenue_sq_{days}").sum()
    return (pl.col(f"revenue_{days}") ** 2).sum()


def with_month(customers: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Add `month` (Date): the first day of t0's calendar month in `tz` (DST-correct); cohort
    groups come with theirs."""
    if "month" in customers.columns:
        return customers
    local = pl.col("t0").dt.convert_time_zone(tz)
    return customers.with_columns(month=local.dt.date().dt.truncate("1mo"))


def at_horizon(frame: pl.DataFrame, days: int | None) -> pl.DataFrame:
    """The rows of a long `horizon_rates` frame at `days` (none when days is None)."""
    return frame.filter(pl.col("days") == (days or -1))


def every_group(frame: pl.DataFrame, by: str, groups: tuple[str, ...]) -> pl.DataFrame:
    """Every group × horizon, in `groups` order; absent groups have zero counts."""
    grid = pl.DataFrame({by: groups}).join(
        pl.DataFrame({"days": HORIZONS}, schema={"days": pl.Int64}), how="cross"
    )
    counts = ("customers", "eligible", "retained")
    return grid.join(frame, on=[by, "days"], how="left").with_columns(
        pl.col(counts).fill_null(0), pl.col("revenue").fill_null(0.0)
    )
