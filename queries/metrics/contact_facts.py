"""Each contact's outcome and what the customer did after it: the facts behind retention and
what service is worth (docs/metrics.md, "Retention and value"). The row path computes them
from the activity it reads; the summaries store them per conversation (docs/summaries.md)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from queries.metrics.horizons import HORIZONS
from queries.metrics.tallies import COUNT_CONDITIONS

CSAT_BUCKET = (
    pl.when(pl.col("csat").is_null())
    .then(pl.lit("none"))
    .when(pl.col("csat") <= 2)
    .then(pl.lit("negative"))
    .when(pl.col("csat") == 3)
    .then(pl.lit("neutral"))
    .otherwise(pl.lit("positive"))
)
"""A conversation's `csat_bucket`."""
FCR_OUTCOME = (
    pl.when(pl.col("resolved_at").is_null())
    .then(pl.lit("open"))
    .when(COUNT_CONDITIONS["resolved_first_contact"])
    .then(pl.lit("yes"))
    .otherwise(pl.lit("no"))
)
"""A conversation's `fcr` outcome (needs `repeat_contact`)."""
FACT_COLUMNS = ("returned_after_us", *(f"revenue_{d}" for d in HORIZONS))
US_A_DAY = 86_400_000_000


def first_contacts(conversations: pl.DataFrame) -> pl.DataFrame:
    """(customer_id, t0, conversation_id, csat_bucket, fcr): each customer's first conversation
    of a `kpi_conversations` frame (with `repeat_contact`) and its outcome."""
    return (
        conversations.sort("opened_at", "id")
        .unique("customer_id", keep="first", maintain_order=True)
        .select(
            "customer_id",
            t0=pl.col("opened_at"),
            conversation_id=pl.col("id"),
            csat_bucket=CSAT_BUCKET,
            fcr=FCR_OUTCOME,
        )
        .sort("customer_id")
    )


def contact_facts(contacts: pl.DataFrame, activity: pl.DataFrame) -> pl.DataFrame:
    """`contacts` (id, customer_id, opened_at) with `FACT_COLUMNS`: the microseconds until the
    customer's first activity after opened_at, null when none falls within the longest horizon,
    and revenue_d, the amounts of the activity in (opened_at, opened_at + d days] (0 without any).

    `activity`: (customer_id, occurred_at, amount) covering (opened_at, + the longest horizon]."""
    opened, at = pl.col("opened_at"), pl.col("occurred_at")
    later = (
        contacts.select("id", "customer_id", "opened_at")
        .join(activity.select("customer_id", "occurred_at", "amount"), on="customer_id")
        .filter(at > opened, at <= opened + pl.duration(days=max(HORIZONS)))
        .sort("id", "occurred_at", "amount")  # the same sums, whichever path read the activity
    )
    facts = later.group_by("id").agg(
        (at.min() - opened.first()).dt.total_microseconds().alias("returned_after_us"),
        *(
            pl.col("amount").filter(at <= opened + pl.duration(days=d)).sum().alias(f"revenue_{d}")
            for d in HORIZONS
        ),
    )
    return contacts.join(facts, on="id", how="left", maintain_order="left").with_columns(
        pl.col(f"revenue_{d}").fill_null(0.0).cast(pl.Float64) for d in HORIZONS
    )


def with_horizons(first: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """`first_contacts` with `FACT_COLUMNS` → `customer_value`: per horizon d, eligible_d
    (t0 + d ≤ as_of), retained_d (activity in (t0, t0 + d]) and revenue_d, both null when not
    eligible. Pure Polars."""
    as_of = as_of.astimezone(UTC)
    columns = []
    for d in HORIZONS:
        eligible = pl.col("t0") + pl.duration(days=d) <= pl.lit(as_of)
        came_back = pl.col("returned_after_us").fill_null(US_A_DAY * (d + 1)) <= US_A_DAY * d
        columns += [
            eligible.alias(f"eligible_{d}"),
            pl.when(eligible).then(came_back).alias(f"retained_{d}"),
            pl.when(eligible).then(pl.col(f"revenue_{d}")).cast(pl.Float64).alias(f"revenue_{d}"),
        ]
    return first.select(*(c for c in first.columns if c not in FACT_COLUMNS), *columns)
