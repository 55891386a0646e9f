"""Repurchase and lifetime value by service outcome, and the 12-month CLV projection
(`queries/metrics/lifetime.py`), by hand, on SQLite and PostgreSQL.

Period 2024-01-10 … 01-12 in Taipei; t0 is each customer's first conversation:
  a  FCR yes, CSAT 5   order t0 + 10 d (100), order t0 + 40 d (50), renewal t0 + 70 d (no amount)
                       → repurchased; active in months 1, 2 and 3; spend 150
  b  FCR yes, no CSAT  order t0 + 20 d (60)              → repurchased; month 1; spend 60
  c  FCR no (reopened), CSAT 1   nothing                 → not repurchased
  d  still open, no CSAT         order t0 + 95 d (30)   → not within 90 d, nor months 1–3
As of 2024-06-01 all four are past 90 days and none past 365:
- repurchase 2 / 4 = 50 %; FCR yes 2 / 2; FCR no 0 / 1;
- monthly active shares a = (2, 1, 1) / 4 = (0.5, 0.25, 0.25) over 4 active customer-months
  and 210 of spend, so s = 52.5; q = √(0.25 / 0.5) = √0.5, and months 4–12 add
  0.25 × Σ_{k=1…9} q^k; projected = 52.5 × (1 + 0.25 × Σ q^k).
As of 2025-02-01 all are past 365: revenue (150, 60, 0, 30), mean 60, sample variance 4200,
95 % interval 60 ± 1.96 × √4200 / 2 = 60 ± 63.51, its low end held at the lowest revenue, 0.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.stats import proportion_difference, wilson_interval
from queries.plumbing.filters import Filters
from queries.views.retention import LifetimeView, lifetime_view
from tests.builders import World, utc

PERIOD = Filters(date(2024, 1, 10), date(2024, 1, 12), "Asia/Taipei")
SUM_Q = sum(math.sqrt(0.5) ** k for k in range(1, 10))


def build(engine: Engine) -> None:
    w = World(engine)
    day = timedelta(days=1)
    opened = utc("2024-01-10 12:00")
    a_bought = [(10, "order", 100), (40, "order", 50), (70, "renewal", None)]
    cases: list[tuple[dict[str, Any], int | None, list[tuple[int, str, float | None]]]] = [
        ({"resolved_at": opened + day}, 5, a_bought),
        ({"resolved_at": opened + day}, None, [(20, "order", 60)]),
        ({"resolved_at": opened + day, "reopened_count": 1}, 1, []),
        ({}, None, [(95, "order", 30)]),
    ]  # fmt: skip
    for outcome, csat, activity in cases:
        customer = w.customer()
        conversation = w.conversation(
            customer_id=customer, opened_at=opened, first_response_at=opened, **outcome
        )
        if csat is not None:
            w.response(conversation_id=conversation, csat=csat)
        for days, kind, amount in activity:
            w.activity(
                customer_id=customer, occurred_at=opened + days * day, kind=kind, amount=amount
            )


def row(view: LifetimeView, outcome: str, group: str) -> dict[str, Any]:
    return next(
        r
        for r in view.by_outcome.iter_rows(named=True)
        if (r["outcome"], r["group"]) == (outcome, group)
    )


def test_repurchase_and_the_projection_by_outcome(engine: Engine) -> None:
    build(engine)
    view = lifetime_view(engine, PERIOD, as_of=utc("2024-06-01 00:00"))
    total = view.total
    assert (total["repurchased"], total["repurchase_n"], total["repurchase"]) == (2, 4, 50.0)
    assert (total["repurchase_low"], total["repurchase_high"]) == pytest.approx(
        wilson_interval(2, 4)
    )
    assert (total["clv_n"], total["clv"]) == (0, None)  # nobody 365 days on yet
    assert total["projection_n"] == 4
    assert total["projected_clv"] == pytest.approx(52.5 * (1 + 0.25 * SUM_Q))

    fcr_yes, fcr_no = row(view, "fcr", "yes"), row(view, "fcr", "no")
    assert (fcr_yes["repurchased"], fcr_yes["repurchase_n"]) == (2, 2)
    # a and b: shares (1, 0.5, 0.5), spend 210 over 4 months, the same decay √0.5
    assert fcr_yes["projected_clv"] == pytest.approx(52.5 * (2 + 0.5 * SUM_Q))
    assert (fcr_no["repurchased"], fcr_no["repurchase_n"], fcr_no["projected_clv"]) == (0, 1, 0.0)
    assert row(view, "csat_bucket", "negative")["repurchase"] == 0.0
    assert row(view, "csat_bucket", "positive")["repurchase"] == 100.0

    diff = view.differences.row(0, named=True)
    expected = proportion_difference(2, 2, 0, 1)
    assert expected is not None
    assert diff["repurchase_diff"] == 100.0
    assert (diff["repurchase_diff_low"], diff["repurchase_diff_high"]) == pytest.approx(
        (expected.low, expected.high)
    )
    assert -100 <= diff["repurchase_diff_low"] <= diff["repurchase_diff_high"] <= 100


def test_clv_over_365_days_and_its_bounded_interval(engine: Engine) -> None:
    build(engine)
    total = lifetime_view(engine, PERIOD, as_of=utc("2025-02-01 00:00")).total
    assert (total["clv_n"], total["clv"]) == (4, 60.0)
    half = 1.96 * math.sqrt(4200) / 2
    assert total["clv_high"] == pytest.approx(60 + half)
    assert total["clv_low"] == 0.0  # 60 − 63.51 would fall below anything seen


def test_an_empty_period_has_nothing_to_show(engine: Engine) -> None:
    view = lifetime_view(engine, PERIOD, as_of=utc("2024-06-01 00:00"))
    assert view.empty
    assert view.total["projected_clv"] is None
