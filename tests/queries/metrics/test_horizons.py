"""Retention and revenue per group and horizon, on a hand-made `customer_value` frame (pure).

Three customers: a (group x) eligible at 30 and 60 days, retained at both, revenue 5 then 9;
b (group x) eligible at 30 only, not retained, revenue 0; c (group y) eligible nowhere."""

from __future__ import annotations

import polars as pl
import pytest

from queries.metrics.horizons import RATE_COLUMNS, at_horizon, every_group, horizon_rates
from queries.metrics.stats import wilson_interval

CUSTOMERS = pl.DataFrame(
    {
        "customer_id": [1, 2, 3],
        "group": ["x", "x", "y"],
        "eligible_30": [True, True, False],
        "retained_30": [True, False, None],
        "revenue_30": [5.0, 0.0, None],
        "eligible_60": [True, False, False],
        "retained_60": [True, None, None],
        "revenue_60": [9.0, None, None],
        "eligible_90": [False, False, False],
        "retained_90": [None, None, None],
        "revenue_90": [None, None, None],
    },
    schema_overrides={"retained_90": pl.Boolean, "revenue_90": pl.Float64},
)


def test_totals_per_horizon() -> None:
    totals = horizon_rates(CUSTOMERS)
    assert totals.columns == ["days", *RATE_COLUMNS]
    at_30 = at_horizon(totals, 30).row(0, named=True)
    assert (at_30["customers"], at_30["eligible"], at_30["retained"]) == (3, 2, 1)
    assert at_30["retention"] == pytest.approx(50.0)
    assert (at_30["retention_low"], at_30["retention_high"]) == wilson_interval(1, 2)
    assert at_30["revenue_per_customer"] == pytest.approx(2.5)  # 5 / 2 eligible
    at_60 = at_horizon(totals, 60).row(0, named=True)
    assert (at_60["retention"], at_60["revenue_per_customer"]) == (100.0, 9.0)
    at_90 = at_horizon(totals, 90).row(0, named=True)
    assert (at_90["eligible"], at_90["retention"], at_90["retention_low"]) == (0, None, None)
    assert at_horizon(totals, None).is_empty()


def test_every_group_fills_absent_groups_with_zeros() -> None:
    by = every_group(horizon_rates(CUSTOMERS, "group"), "group", ("y", "z", "x"))
    assert by.select("group", "days").rows()[:4] == [("y", 30), ("y", 60), ("y", 90), ("z", 30)]
    z = at_horizon(by, 30).filter(pl.col("group") == "z").row(0, named=True)
    assert (z["customers"], z["eligible"], z["retained"], z["revenue"]) == (0, 0, 0, 0.0)
    assert z["retention"] is None
    x = at_horizon(by, 30).filter(pl.col("group") == "x").row(0, named=True)
    assert (x["customers"], x["eligible"], x["retained"]) == (2, 2, 1)


def test_no_customers_no_rows() -> None:
    assert horizon_rates(CUSTOMERS.head(0)).is_empty()
    assert horizon_rates(CUSTOMERS.head(0)).columns == ["days", *RATE_COLUMNS]
