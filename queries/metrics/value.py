"""Repurchase and customer lifetime value after a contact (docs/metrics.md, `repurchase_90d`,
`clv_365d`), on the retention cohort: the customers with a conversation in the period, t0 the
opened_at of each one's earliest such conversation.

- repurchase: eligible when t0 + 90 days ≤ as_of; repurchased when an activity of kind
  `order` falls in (t0, t0 + 90 days];
- CLV: eligible when t0 + 365 days ≤ as_of; the revenue is the sum of the amounts of every
  activity in (t0, t0 + 365 days] (a null amount counts 0). `clv_365d` is its mean over the
  eligible customers, in the data's currency (VIGIL_CURRENCY).
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

REPURCHASE_DAYS = 90
CLV_DAYS = 365
HORIZONS = (REPURCHASE_DAYS, CLV_DAYS)
ORDER = "order"


def flag_value(starts: pl.DataFrame, activity: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """(customer_id, t0, repurchase_eligible, repurchased, clv_eligible, revenue) from the cohort
    (customer_id, t0) and its activity (customer_id, occurred_at, kind, amount); repurchased
    and revenue are null when not eligible. Pure Polars."""
    as_of = as_of.astimezone(UTC)
    after = activity.join(starts, on="customer_id", how="inner").filter(
        pl.col("occurred_at") > pl.col("t0")
    )
    within = {
        days: pl.col("occurred_at") <= pl.col("t0") + pl.duration(days=days) for days in HORIZONS
    }
    per_customer = after.group_by("customer_id").agg(
        ordered=(within[REPURCHASE_DAYS] & (pl.col("kind") == ORDER)).any(),
        spent=pl.col("amount").fill_null(0).filter(within[CLV_DAYS]).sum(),
    )
    ripe = {days: pl.col("t0") + pl.duration(days=days) <= pl.lit(as_of) for days in HORIZONS}
    return (
        starts.join(per_customer, on="customer_id", how="left")
        .with_columns(repurchase_eligible=ripe[REPURCHASE_DAYS], clv_eligible=ripe[CLV_DAYS])
        .select(
            "customer_id",
            "t0",
            "repurchase_eligible",
            repurchased=pl.when(pl.col("repurchase_eligible")).then(
                pl.col("ordered").fill_null(False)
            ),
            clv_eligible="clv_eligible",
            revenue=pl.when(pl.col("clv_eligible")).then(
                pl.col("spent").fill_null(0.0).cast(pl.Float64)
            ),
        )
    )


def value_tally(value: pl.DataFrame | None) -> dict[str, float | int]:
    """repurchase_eligible, repurchase_customers, clv_eligible and clv_revenue."""
    if value is None:
        return {
            "repurchase_eligible": 0,
            "repurchase_customers": 0,
            "clv_eligible": 0,
            "clv_revenue": 0.0,
        }
    row = value.select(
        repurchase_eligible=pl.col("repurchase_eligible").sum().cast(pl.Int64),
        repurchase_customers=pl.col("repurchased").sum().cast(pl.Int64),
        clv_eligible=pl.col("clv_eligible").sum().cast(pl.Int64),
        clv_revenue=pl.col("revenue").sum().cast(pl.Float64),
    ).row(0, named=True)
    return {key: (0 if value is None else value) for key, value in row.items()}
