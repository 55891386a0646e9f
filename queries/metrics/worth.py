"""What service is worth: retention and revenue after a good or a bad first contact.

The cohort and the eligibility rule are those of `retention_90d` (docs/metrics.md,
`queries.retention`), at 30, 60 and 90 days: the customers with a conversation in the
period; t0 is the opened_at of each one's earliest such conversation. At d days a customer
is eligible when t0 + d ≤ as_of, and retained when some activity falls in (t0, t0 + d]
(activity exactly at t0 does not count; exactly at t0 + d does). Revenue at d is the sum of
the amounts of that activity (a null amount counts 0), per eligible customer.

A customer's outcome is the outcome of their first conversation in the period, the one
opened at t0 (on a tie, the lowest id):
- `csat_bucket`: negative (CSAT 1–2), neutral (3), positive (4–5), none (no answer);
- `fcr`: yes (resolved, never reopened, no repeat contact: the §3 FCR numerator),
  no (resolved otherwise), open (not resolved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.cuts import kpi_conversations
from queries.metrics.retention import activity_window, flag_retention
from queries.metrics.stats import (
    Difference,
    mean_difference,
    proportion_difference,
    wilson_interval,
)
from queries.metrics.tallies import COUNT_CONDITIONS
from queries.plumbing.filters import Filters

HORIZONS = (30, 60, 90)
CSAT_BUCKETS = ("positive", "neutral", "negative", "none")
FCR_OUTCOMES = ("yes", "no", "open")
OUTCOME_COLUMNS = (
    "id",
    "customer_id",
    "category",
    "opened_at",
    "resolved_at",
    "reopened_count",
    "csat",
)
"""The period columns `first_contacts` reads (with `repeat_contact`)."""
COMPARISONS = (("fcr", "yes", "no"), ("csat_bucket", "positive", "negative"))
"""What service is worth: (outcome column, better group a, worse group b)."""
_SIDES = ("a", "b", "diff", "diff_low", "diff_high", "p")
VALUE_COLUMNS = (
    *("comparison", "group_a", "group_b", "days", "n_a", "n_b"),
    *(f"{kpi}_{part}" for kpi in ("retention", "revenue") for part in _SIDES),
)
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


@dataclass(frozen=True, slots=True)
class RetentionView:
    """Long frames, one row per group and horizon (`days`), with `RATE_COLUMNS`:
    totals (no group), by_csat (csat_bucket), by_fcr (fcr), cohorts (month: the first day of
    t0's month in the display zone). first_contact_by: for each horizon, the latest t0 that is
    eligible (as_of − d), in the display zone. value_days: the longest horizon with an
    eligible customer (None when none is); value: `value_of_service` at that horizon."""

    as_of: datetime
    customers: int
    totals: pl.DataFrame
    by_csat: pl.DataFrame
    by_fcr: pl.DataFrame
    cohorts: pl.DataFrame
    first_contact_by: dict[int, datetime]
    value_days: int | None
    value: pl.DataFrame


def first_contacts(conversations: pl.DataFrame) -> pl.DataFrame:
    """(customer_id, t0, conversation_id, csat_bucket, fcr): each customer's first conversation
    of a `kpi_conversations` frame (with `repeat_contact`) and its outcome."""
    csat = pl.col("csat")
    bucket = (
        pl.when(csat.is_null())
        .then(pl.lit("none"))
        .when(csat <= 2)
        .then(pl.lit("negative"))
        .when(csat == 3)
        .then(pl.lit("neutral"))
        .otherwise(pl.lit("positive"))
    )
    fcr = (
        pl.when(pl.col("resolved_at").is_null())
        .then(pl.lit("open"))
        .when(COUNT_CONDITIONS["resolved_first_contact"])
        .then(pl.lit("yes"))
        .otherwise(pl.lit("no"))
    )
    return (
        conversations.sort("opened_at", "id")
        .unique("customer_id", keep="first", maintain_order=True)
        .select(
            "customer_id",
            t0=pl.col("opened_at"),
            conversation_id=pl.col("id"),
            csat_bucket=bucket,
            fcr=fcr,
        )
        .sort("customer_id")
    )


def customer_value(first: pl.DataFrame, activity: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """`first_contacts` plus, per horizon d: eligible_d, retained_d (null when not eligible,
    from `retention.flag_retention`) and revenue_d (null when not eligible). Pure Polars.

    `activity`: (customer_id, occurred_at, amount) covering every (t0, t0 + d] up to as_of."""
    starts = first.select("customer_id", "t0")
    later = starts.join(activity, on="customer_id").filter(pl.col("occurred_at") > pl.col("t0"))
    amounts = later.group_by("customer_id").agg(
        pl.col("amount")
        .filter(pl.col("occurred_at") <= pl.col("t0") + pl.duration(days=d))
        .sum()
        .alias(f"amount_{d}")
        for d in HORIZONS
    )
    frame = first.join(amounts, on="customer_id", how="left")
    for d in HORIZONS:
        flags = flag_retention(starts, activity, as_of, d).select(
            "customer_id",
            pl.col("eligible").alias(f"eligible_{d}"),
            pl.col("retained").alias(f"retained_{d}"),
        )
        revenue = pl.when(pl.col(f"eligible_{d}")).then(pl.col(f"amount_{d}").fill_null(0.0))
        frame = frame.join(flags, on="customer_id", how="left").with_columns(
            revenue.cast(pl.Float64).alias(f"revenue_{d}")
        )
    return frame.drop([f"amount_{d}" for d in HORIZONS])


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
                customers=pl.len().cast(pl.Int64),
                eligible=pl.col(f"eligible_{d}").sum().cast(pl.Int64),
                retained=pl.col(f"retained_{d}").sum().cast(pl.Int64),
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


def with_month(customers: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Add `month` (Date): the first day of t0's calendar month in `tz` (DST-correct)."""
    local = pl.col("t0").dt.convert_time_zone(tz)
    return customers.with_columns(month=local.dt.date().dt.truncate("1mo"))


def value_of_service(customers: pl.DataFrame, days: int) -> pl.DataFrame:
    """Per `COMPARISONS` row (fcr yes vs no; csat positive vs negative), at `days`:
    comparison, group_a, group_b, days, n_a, n_b (eligible customers), retention_a/_b (%),
    retention_diff (points) with its 95 % interval (unpooled two-proportion) and the pooled
    z-test p; revenue_a/_b (mean per eligible customer), revenue_diff with its 95 % interval
    (Welch standard error, normal approximation) and p. Nulls where a side is too small."""
    rows = []
    for column, a, b in COMPARISONS:
        row: dict[str, Any] = {"comparison": column, "group_a": a, "group_b": b, "days": days}
        sides = {}
        for side, group in (("a", a), ("b", b)):
            part = customers.filter(pl.col(column) == group, pl.col(f"eligible_{days}"))
            revenue = part.get_column(f"revenue_{days}")
            kept = int(part.get_column(f"retained_{days}").sum())
            sides[side] = (part.height, kept, _float(revenue.mean()), _float(revenue.var()))
            row |= {f"n_{side}": part.height}
            row |= {f"retention_{side}": 100 * kept / part.height if part.height else None}
            row |= {f"revenue_{side}": revenue.mean() if part.height else None}
        (n_a, kept_a, mean_a, var_a), (n_b, kept_b, mean_b, var_b) = sides["a"], sides["b"]
        row |= _difference("retention", proportion_difference(kept_a, n_a, kept_b, n_b))
        row |= _difference("revenue", mean_difference(mean_a, var_a, n_a, mean_b, var_b, n_b))
        rows.append(row)
    schema: dict[str, Any] = {key: pl.Float64 for key in VALUE_COLUMNS}
    schema |= {key: pl.String for key in ("comparison", "group_a", "group_b")}
    schema |= {key: pl.Int64 for key in ("days", "n_a", "n_b")}
    return pl.DataFrame(rows, schema=schema).select(VALUE_COLUMNS)


def _difference(name: str, result: Difference | None) -> dict[str, float | None]:
    if result is None:
        return {f"{name}_{part}": None for part in ("diff", "diff_low", "diff_high", "p")}
    return {
        f"{name}_diff": result.difference,
        f"{name}_diff_low": result.low,
        f"{name}_diff_high": result.high,
        f"{name}_p": result.p_value,
    }


def _float(value: Any) -> float:
    return 0.0 if value is None else float(value)


def customer_frame(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> pl.DataFrame:
    """`customer_value` of the filtered period's customers, as of `as_of` (timezone-aware)."""
    conversations = kpi_conversations(engine, filters, fcr_window_days, OUTCOME_COLUMNS)
    return customers_of(engine, conversations, as_of)


def customers_of(engine: Engine, conversations: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """`customer_value` of a `kpi_conversations` frame already read (with repeat contacts)."""
    first = first_contacts(conversations)
    return customer_value(first, activity_for(engine, first, as_of), as_of)


def activity_for(engine: Engine, first: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """(customer_id, occurred_at, amount): only the activity that can decide a horizon of the
    customers in `first` (`first_contacts`, possibly of several periods concatenated)."""
    return activity_window(engine, first, as_of, HORIZONS, amount=True)


def service_value(
    engine: Engine, filters: Filters, *, as_of: datetime, days: int = 90, fcr_window_days: int = 7
) -> pl.DataFrame:
    """`value_of_service` of the filtered period at `days` (30, 60 or 90), as of `as_of`."""
    if days not in HORIZONS:
        raise ValueError(f"days must be one of {HORIZONS}, got {days}")
    customers = customer_frame(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return value_of_service(customers, days)


def summarise_retention(customers: pl.DataFrame, tz: str, as_of: datetime) -> RetentionView:
    """`RetentionView` from a `customer_frame` (pure)."""
    totals = horizon_rates(customers)
    reached = totals.filter(pl.col("eligible") > 0).get_column("days").to_list()
    value_days = max(reached) if reached else None
    return RetentionView(
        as_of=as_of,
        customers=customers.height,
        totals=totals,
        by_csat=_every_group(horizon_rates(customers, "csat_bucket"), "csat_bucket", CSAT_BUCKETS),
        by_fcr=_every_group(horizon_rates(customers, "fcr"), "fcr", FCR_OUTCOMES),
        cohorts=horizon_rates(with_month(customers, tz), "month"),
        first_contact_by={
            d: (as_of - timedelta(days=d)).astimezone(ZoneInfo(tz)) for d in HORIZONS
        },
        value_days=value_days,
        value=value_of_service(customers, value_days or max(HORIZONS)),
    )


def at_horizon(frame: pl.DataFrame, days: int | None) -> pl.DataFrame:
    """The rows of a long `horizon_rates` frame at `days` (none when days is None)."""
    return frame.filter(pl.col("days") == (days or -1))


def _every_group(frame: pl.DataFrame, by: str, groups: tuple[str, ...]) -> pl.DataFrame:
    """Every group × horizon, in `groups` order; absent groups have zero counts."""
    grid = pl.DataFrame({by: groups}).join(
        pl.DataFrame({"days": HORIZONS}, schema={"days": pl.Int64}), how="cross"
    )
    counts = ("customers", "eligible", "retained")
    return grid.join(frame, on=[by, "days"], how="left").with_columns(
        pl.col(counts).fill_null(0), pl.col("revenue").fill_null(0.0)
    )
