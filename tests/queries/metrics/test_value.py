"""Repurchase and CLV after a contact (`repurchase_90d`, `clv_365d`), by hand, on both backends.

Period 2024-01-10 … 01-12 in Taipei. t0 (UTC) and activity after it:
  a  01-10 12:00 (and again 01-11: t0 stays the earliest)
     order t0 + 30 d (100); renewal t0 + 200 d (50); order t0 + 365 d exactly (10);
     order t0 + 365 d + 1 s (1000, outside)          → repurchased; revenue 160
  b  01-11 00:00  renewal t0 + 10 d (20: not an order); order t0 + 120 d (no amount)
                                                       → not repurchased; revenue 20
  c  01-12 00:00  nothing                              → not repurchased; revenue 0
  d  01-12 00:00  order at t0 exactly (5: not after t0); order t0 + 90 d exactly (7)
                                                       → repurchased; revenue 7
  e  no conversation in the period: never counted
A year on (as_of 2025-01-12): repurchase 2 / 4 = 50 %; CLV (160 + 20 + 0 + 7) / 4 = 46.75.
At 2024-06-01 all four are past 90 days (50 %) and none past 365 (CLV null).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.tallies import SAMPLE_SIZE, compute_metrics, load_period, tally
from queries.plumbing.filters import Filters
from tests.builders import World, utc

PERIOD = Filters(date(2024, 1, 10), date(2024, 1, 12), "Asia/Taipei")
YEAR_ON = utc("2025-01-12 00:00")


def build(engine: Engine) -> None:
    w = World(engine)
    a, b, c, d, e = (w.customer() for _ in range(5))
    t0 = {a: utc("2024-01-10 12:00"), b: utc("2024-01-11 00:00"), c: utc("2024-01-12 00:00")}
    t0[d] = t0[c]
    for customer, opened in t0.items():
        w.conversation(customer_id=customer, opened_at=opened)
    w.conversation(customer_id=a, opened_at=utc("2024-01-11 03:00"))
    w.conversation(customer_id=e, opened_at=utc("2024-02-01 03:00"))

    def bought(who: int, after: timedelta, kind: str, amount: float | None) -> None:
        w.activity(customer_id=who, occurred_at=t0[who] + after, kind=kind, amount=amount)

    day = timedelta(days=1)
    bought(a, 30 * day, "order", 100)
    bought(a, 200 * day, "renewal", 50)
    bought(a, 365 * day, "order", 10)
    bought(a, 365 * day + timedelta(seconds=1), "order", 1000)
    bought(b, 10 * day, "renewal", 20)
    bought(b, 120 * day, "order", None)
    bought(d, timedelta(0), "order", 5)
    bought(d, 90 * day, "order", 7)
    w.activity(customer_id=e, occurred_at=utc("2024-02-02 00:00"), kind="order", amount=999)


def metrics(engine: Engine, as_of: datetime) -> dict[str, Any]:
    return compute_metrics(engine, PERIOD, as_of=as_of)


def test_a_year_on(engine: Engine) -> None:
    build(engine)
    values = metrics(engine, YEAR_ON)
    assert values["repurchase_90d"] == pytest.approx(50.0)
    assert values["clv_365d"] == pytest.approx(46.75)
    assert values["retention_90d"] == pytest.approx(75.0)  # a, b, d had some activity by 90 d
    period = load_period(engine, PERIOD, as_of=YEAR_ON)
    counts = tally(period.conversations, period.retention, value=period.value)
    assert counts[SAMPLE_SIZE["repurchase_90d"]] == 4 and counts["repurchase_customers"] == 2
    assert counts[SAMPLE_SIZE["clv_365d"]] == 4 and counts["clv_revenue"] == pytest.approx(187.0)


def test_before_the_year_has_passed(engine: Engine) -> None:
    build(engine)
    values = metrics(engine, utc("2024-06-01 00:00"))
    assert values["repurchase_90d"] == pytest.approx(50.0)
    assert values["clv_365d"] is None
    # one second before a's 365 days: a drops out of CLV, the other three stay out too
    a_year = utc("2025-01-09 12:00")
    assert metrics(engine, a_year - timedelta(seconds=1))["clv_365d"] is None
    assert metrics(engine, a_year)["clv_365d"] == pytest.approx(160.0)  # a alone is ripe
