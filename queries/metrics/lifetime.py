"""Repurchase and lifetime value by service outcome (docs/metrics.md, "Repurchase and
lifetime value"), with bounded intervals and a stated 12-month CLV projection.

Per customer of the retention cohort (`worth.first_contacts`: t0 and the outcome of the first
contact, fcr and csat_bucket), from `value.flag_value`:
- repurchase: eligible when t0 + 90 d ≤ as_of, repurchased on an `order` in (t0, t0 + 90 d];
  the rate is k / n in % with its Wilson 95 % interval, never outside [0, 100];
- clv_365d: eligible when t0 + 365 d ≤ as_of, the revenue in (t0, t0 + 365 d]; its mean has a
  normal 95 % interval (± 1.96 × s / √n, s the sample deviation) with the low end held at
  the lowest revenue of the group (0 when nobody spent), so it never goes below what was seen;
- projected_clv_12m, for the customers eligible at 90 d: months k = 1…3 are the 30-day windows
  (t0 + 30(k − 1) d, t0 + 30k d]; a_k, the share of customers with any activity in month k;
  s, the revenue of months 1–3 per active customer-month. Months 4–12 continue the observed
  curve geometrically, a_k = a_3 × q^(k − 3) with q = √(a_3 / a_1) held to [0, 1] (no growth
  assumed). The projection is s × Σ_{k=1…12} a_k: a model, so it has no interval.
Better against worse (FCR yes vs no, CSAT 4–5 vs 1–2): the repurchase difference in points
with Newcombe's interval, the CLV difference with Welch's (`stats`).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import polars as pl

from queries.metrics.stats import (
    Z95,
    Difference,
    mean_difference,
    proportion_difference,
    wilson_interval,
)
from queries.metrics.value import flag_value

MONTH_DAYS = 30
OBSERVED_MONTHS = 3
PROJECTED_MONTHS = 12
OUTCOMES = {
    "fcr": ("yes", "no", "open"),
    "csat_bucket": ("positive", "neutral", "negative", "none"),
}
COMPARED = (("fcr", "yes", "no"), ("csat_bucket", "positive", "negative"))
LIFETIME_COLUMNS = {
    "outcome": pl.String,
    "group": pl.String,
    "repurchase_n": pl.Int64,
    "repurchased": pl.Int64,
    "repurchase": pl.Float64,
    "repurchase_low": pl.Float64,
    "repurchase_high": pl.Float64,
    "clv_n": pl.Int64,
    "clv": pl.Float64,
    "clv_low": pl.Float64,
    "clv_high": pl.Float64,
    "projection_n": pl.Int64,
    "projected_clv": pl.Float64,
}
DIFFERENCE_COLUMNS = {
    "outcome": pl.String,
    "better": pl.String,
    "worse": pl.String,
    "repurchase_diff": pl.Float64,
    "repurchase_diff_low": pl.Float64,
    "repurchase_diff_high": pl.Float64,
    "clv_diff": pl.Float64,
    "clv_diff_low": pl.Float64,
    "clv_diff_high": pl.Float64,
}


def customer_lifetime(first: pl.DataFrame, activity: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """`first_contacts` with flag_value's columns, projection_eligible, active_1…3 and spend
    (months 1–3). `activity`: (customer_id, occurred_at, kind, amount) up to t0 + 365 d."""
    starts = first.select("customer_id", "t0")
    value = flag_value(starts, activity, as_of).drop("t0")
    month = (pl.col("occurred_at") - pl.col("t0")).dt.total_seconds() / (MONTH_DAYS * 86_400)
    later = (
        starts.join(activity, on="customer_id")
        .filter(pl.col("occurred_at") > pl.col("t0"))
        .with_columns(month=month.ceil().cast(pl.Int64))
        .filter(pl.col("month") <= OBSERVED_MONTHS)
    )
    months = later.group_by("customer_id").agg(
        *(pl.col("month").eq(k).any().alias(f"active_{k}") for k in range(1, OBSERVED_MONTHS + 1)),
        spend=pl.col("amount").fill_null(0).sum().cast(pl.Float64),
    )
    ripe = pl.col("t0") + timedelta(days=MONTH_DAYS * OBSERVED_MONTHS) <= pl.lit(as_of)
    active = [f"active_{k}" for k in range(1, OBSERVED_MONTHS + 1)]
    return (
        first.join(value, on="customer_id", how="left")
        .join(months, on="customer_id", how="left")
        .with_columns(pl.col(active).fill_null(False), pl.col("spend").fill_null(0.0))
        .with_columns(projection_eligible=ripe)
    )


def projected_clv(group: pl.DataFrame) -> float | None:
    """s × Σ a_k over 12 months (module doc), None without a customer eligible at 90 d."""
    ripe = group.filter(pl.col("projection_eligible"))
    if ripe.is_empty():
        return None
    actives = [int(ripe[f"active_{k}"].sum()) for k in range(1, OBSERVED_MONTHS + 1)]
    shares = [a / ripe.height for a in actives]
    months_active = sum(actives)
    if months_active == 0:
        return 0.0
    spend = float(ripe["spend"].sum()) / months_active
    decay = min(1.0, math.sqrt(shares[-1] / shares[0])) if shares[0] > 0 else 0.0
    later = [shares[-1] * decay**k for k in range(1, PROJECTED_MONTHS - OBSERVED_MONTHS + 1)]
    return spend * (sum(shares) + sum(later))


def _clv_interval(revenue: pl.Series) -> tuple[float | None, float | None, float | None]:
    if revenue.is_empty():
        return None, None, None
    mean = float(revenue.mean())  # type: ignore[arg-type]
    if revenue.len() < 2:
        return mean, None, None
    half = Z95 * float(revenue.std() or 0) / math.sqrt(revenue.len())  # type: ignore[arg-type]
    return mean, max(mean - half, float(revenue.min())), mean + half  # type: ignore[arg-type]


def lifetime_row(outcome: str, group: str, part: pl.DataFrame) -> dict[str, object]:
    """One LIFETIME_COLUMNS row for the customers of `part`."""
    buyers = part.filter(pl.col("repurchase_eligible"))
    k, n = int(buyers["repurchased"].sum()), buyers.height
    interval = wilson_interval(k, n)
    clv, low, high = _clv_interval(part.filter(pl.col("clv_eligible"))["revenue"])
    return {
        "outcome": outcome,
        "group": group,
        "repurchase_n": n,
        "repurchased": k,
        "repurchase": 100 * k / n if n else None,
        "repurchase_low": None if interval is None else interval[0],
        "repurchase_high": None if interval is None else interval[1],
        "clv_n": int(part["clv_eligible"].sum()),
        "clv": clv,
        "clv_low": low,
        "clv_high": high,
        "projection_n": int(part["projection_eligible"].sum()),
        "projected_clv": projected_clv(part),
    }


def lifetime_by_outcome(customers: pl.DataFrame) -> pl.DataFrame:
    """LIFETIME_COLUMNS rows: every customer (outcome "all"), then each outcome's groups."""
    rows = [lifetime_row("all", "all", customers)]
    for outcome, groups in OUTCOMES.items():
        rows += [lifetime_row(outcome, g, customers.filter(pl.col(outcome) == g)) for g in groups]
    return pl.DataFrame(rows, schema=LIFETIME_COLUMNS)


def lifetime_differences(customers: pl.DataFrame) -> pl.DataFrame:
    """DIFFERENCE_COLUMNS rows, better − worse, nulls where a side is empty or too small."""
    rows = []
    for outcome, better, worse in COMPARED:
        sides = [customers.filter(pl.col(outcome) == g) for g in (better, worse)]
        buy = [s.filter(pl.col("repurchase_eligible")) for s in sides]
        bought = proportion_difference(
            int(buy[0]["repurchased"].sum()), buy[0].height,
            int(buy[1]["repurchased"].sum()), buy[1].height,
        )  # fmt: skip
        spent = [s.filter(pl.col("clv_eligible"))["revenue"] for s in sides]
        clv = mean_difference(
            float(spent[0].mean() or 0), float(spent[0].var() or 0), spent[0].len(),  # type: ignore[arg-type]
            float(spent[1].mean() or 0), float(spent[1].var() or 0), spent[1].len(),  # type: ignore[arg-type]
        )  # fmt: skip
        rows.append(
            {
                "outcome": outcome,
                "better": better,
                "worse": worse,
                **_parts("repurchase", bought),
                **_parts("clv", clv),
            }
        )
    return pl.DataFrame(rows, schema=DIFFERENCE_COLUMNS)


def _parts(name: str, result: Difference | None) -> dict[str, float | None]:
    keys = (f"{name}_diff", f"{name}_diff_low", f"{name}_diff_high")
    if result is None:
        return dict.fromkeys(keys)
    values = (result.difference, result.low, result.high)
    return dict(zip(keys, values, strict=True))
