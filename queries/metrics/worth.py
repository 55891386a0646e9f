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

from queries.metrics.contact_facts import FACT_COLUMNS, contact_facts, with_horizons
from queries.metrics.horizons import (
    HORIZONS,
    counted,
    every_group,
    headcount,
    horizon_rates,
    squares,
    with_month,
)
from queries.metrics.rates import Rate, rate_row
from queries.metrics.retention import activity_window
from queries.metrics.stats import Difference, mean_difference, proportion_difference

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


@dataclass(frozen=True, slots=True)
class Horizon:
    """The totals at `days`: retention (% of eligible customers, Wilson 95 %; n = eligible),
    revenue per eligible customer, and the latest t0 eligible (as_of − days, display zone)."""

    days: int
    retention: Rate
    revenue_per_customer: float | None
    first_contact_by: datetime


@dataclass(frozen=True, slots=True)
class Comparison:
    """One `COMPARISONS` row of `value`: the retention (%) of the better and the worse group's
    eligible customers, and better − worse in points (None when a side has nobody)."""

    outcome: str
    better: str
    worse: str
    days: int
    better_retention: Rate
    worse_retention: Rate
    difference: Difference | None


@dataclass(frozen=True, slots=True)
class RetentionView:
    """Long frames, one row per group and horizon (`days`), with `horizons.RATE_COLUMNS`:
    totals (no group), by_csat (csat_bucket), by_fcr (fcr), cohorts (month: the first day of
    t0's month in the display zone). horizons: `totals` typed, in `HORIZONS` order.
    value_days: the longest horizon with an eligible customer (None when none is);
    worth_days: the horizon of the value figures (value_days, else the longest); value:
    `value_of_service` at worth_days, and comparisons the same typed; next_days: the
    shortest horizon nobody is eligible for yet (None when the longest is reached)."""

    as_of: datetime
    customers: int
    totals: pl.DataFrame
    by_csat: pl.DataFrame
    by_fcr: pl.DataFrame
    cohorts: pl.DataFrame
    horizons: tuple[Horizon, ...]
    value_days: int | None
    worth_days: int
    next_days: int | None
    value: pl.DataFrame
    comparisons: tuple[Comparison, ...]

    @property
    def empty(self) -> bool:
        return self.customers == 0

    @property
    def longest(self) -> Horizon:
        return self.horizons[-1]

    @property
    def worth_horizon(self) -> Horizon:
        """The totals at `worth_days`."""
        return next(h for h in self.horizons if h.days == self.worth_days)


def customer_value(first: pl.DataFrame, activity: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """`first_contacts` plus, per horizon d: eligible_d, retained_d (null when not eligible)
    and revenue_d (null when not eligible), through `contact_facts` and `with_horizons`.

    `activity`: (customer_id, occurred_at, amount) covering every (t0, t0 + d] up to as_of."""
    contacts = first.select("customer_id", id="conversation_id", opened_at="t0")
    facts = contact_facts(contacts, activity).select("id", *FACT_COLUMNS)
    joined = first.join(
        facts, left_on="conversation_id", right_on="id", how="left", maintain_order="left"
    )
    return with_horizons(joined, as_of)


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
            n, kept, mean, variance = _moments(part, days)
            sides[side] = (n, kept, mean, variance)
            row |= {f"n_{side}": n}
            row |= {f"retention_{side}": 100 * kept / n if n else None}
            row |= {f"revenue_{side}": mean if n else None}
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


def _moments(part: pl.DataFrame, days: int) -> tuple[int, int, float, float]:
    """(customers, retained, mean revenue, its sample variance) of eligible rows; the variance
    from the sums of revenue and of its squares, so that cohort groups give it too."""
    n, kept, total, square = part.select(
        headcount(part).alias("n"),
        counted(part, f"retained_{days}").alias("kept"),
        pl.col(f"revenue_{days}").sum().alias("total"),
        squares(part, days).alias("squares"),
    ).row(0)
    n, kept = int(n or 0), int(kept or 0)
    mean = float(total) / n if n else 0.0
    variance = max(0.0, (float(square) - n * mean * mean) / (n - 1)) if n > 1 else 0.0
    return n, kept, mean, variance


def activity_for(engine: Engine, first: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """(customer_id, occurred_at, amount): only the activity that can decide a horizon of the
    customers in `first` (`first_contacts`, possibly of several periods concatenated)."""
    return activity_window(engine, first, as_of, HORIZONS, amount=True)


def summarise_retention(customers: pl.DataFrame, tz: str, as_of: datetime) -> RetentionView:
    """`RetentionView` from a `customer_value` frame (pure)."""
    totals = horizon_rates(customers)
    reached = totals.filter(pl.col("eligible") > 0).get_column("days").to_list()
    value_days = max(reached) if reached else None
    worth_days = value_days or max(HORIZONS)
    value = value_of_service(customers, worth_days)
    zone = ZoneInfo(tz)
    rows = {row["days"]: row for row in totals.iter_rows(named=True)}
    return RetentionView(
        as_of=as_of,
        customers=int(customers.select(headcount(customers)).item() or 0),
        totals=totals,
        by_csat=every_group(horizon_rates(customers, "csat_bucket"), "csat_bucket", CSAT_BUCKETS),
        by_fcr=every_group(horizon_rates(customers, "fcr"), "fcr", FCR_OUTCOMES),
        cohorts=horizon_rates(with_month(customers, tz), "month"),
        horizons=tuple(_horizon(d, rows.get(d, _NOBODY), as_of, zone) for d in HORIZONS),
        value_days=value_days,
        worth_days=worth_days,
        next_days=min((d for d in HORIZONS if d not in reached), default=None),
        value=value,
        comparisons=tuple(_comparison(row) for row in value.iter_rows(named=True)),
    )


_NOBODY = {"retention": None, "eligible": 0, "revenue_per_customer": None}
"""A horizon's totals when the period has no customer at all."""


def _horizon(days: int, row: dict[str, Any], as_of: datetime, zone: ZoneInfo) -> Horizon:
    """A `horizon_rates` totals row, typed."""
    retention = rate_row(row, "retention", "eligible")
    by = (as_of - timedelta(days=days)).astimezone(zone)
    return Horizon(days, retention, row["revenue_per_customer"], by)


def _comparison(row: dict[str, Any]) -> Comparison:
    """A `value_of_service` row, typed."""
    diff = row["retention_diff"]
    return Comparison(
        row["comparison"],
        row["group_a"],
        row["group_b"],
        row["days"],
        Rate(row["retention_a"], row["n_a"]),
        Rate(row["retention_b"], row["n_b"]),
        None
        if diff is None
        else Difference(
            diff, row["retention_diff_low"], row["retention_diff_high"], row["retention_p"]
        ),
    )
