"""The overview's data on hand-built worlds: both periods from one read, the typed tiles with
their changes, and the cost-centre section that reads (and fails) on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.cost import CostCentre
from queries.metrics.rates import Rate
from queries.metrics.retention import mature_period
from queries.metrics.stats import wilson_interval
from queries.metrics.tallies import rates
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.filters import Filters
from queries.views.overview import Median, ValueCentre, cost_centres, overview
from tests.builders import World, at
from tests.queries.metrics.test_cost import PERIOD, build

TAIPEI = Filters(date(2024, 3, 8), date(2024, 3, 9), "Asia/Taipei")


def two_periods(engine: Engine) -> None:
    """Period 2024-03-08..03-09 in Taipei; the previous period is 03-06..03-07."""
    world = World(engine)
    ana = world.customer(time_zone="Asia/Taipei")
    for day, scores in (("2024-03-06", (5, 5, 2, 1)), ("2024-03-08", (5, 4, 4, 5, 3))):
        for minute, csat in enumerate(scores):
            opened = at(f"{day} 10:{minute:02d}", "Asia/Taipei")
            chat = world.conversation(
                customer_id=ana,
                opened_at=opened,
                first_response_at=opened + timedelta(seconds=60 * (minute + 1)),
                resolved_at=opened + timedelta(hours=1),
            )
            world.response(conversation_id=chat, csat=csat)


def test_overview_compares_with_the_previous_equal_period(engine: Engine) -> None:
    two_periods(engine)
    result = overview(engine, TAIPEI, as_of=datetime(2024, 3, 10, tzinfo=UTC))
    # now 4 of 5 satisfied (80 %), before 2 of 4 (50 %): +30 points
    assert result.csat.value == pytest.approx(80.0)
    assert result.value_centres.now.csat == pytest.approx(80.0)
    assert result.value_centres.before.csat == pytest.approx(50.0)
    assert result.csat.change == pytest.approx(30.0)
    assert result.conversations == 5 and result.conversations_change == 1
    # medians: now 1..5 min -> 180 s; before 1..4 min -> (120 + 180) / 2 = 150 s
    assert result.first_response_median_s.change == pytest.approx(30.0)
    assert result.volume.rows() == [(date(2024, 3, 8), "chat", 5)]
    assert not result.empty


def test_a_tile_rate_carries_its_n_interval_change_and_p_value(engine: Engine) -> None:
    two_periods(engine)
    result = overview(engine, TAIPEI, as_of=datetime(2024, 3, 10, tzinfo=UTC))
    # 4/5 against 2/4: pooled 6/9, se = √(6/9 · 3/9 · (1/5 + 1/4)) = √0.1 = 0.31623,
    # z = 0.30 / 0.31623 = 0.94868, two-sided p = erfc(0.94868/√2) = 0.34278: noise
    csat = result.csat
    assert (csat.value, csat.n) == (pytest.approx(80.0), 5)
    # Wilson 4/5: centre (0.8 + 1.96²/10) / (1 + 1.96²/5) = 0.66965, half-width 0.29413
    assert csat.interval == pytest.approx((37.553, 96.378), abs=1e-3)
    assert csat.interval == pytest.approx(wilson_interval(4, 5))
    assert csat.p_value == pytest.approx(0.34278, abs=1e-5)
    assert not csat.significant
    # no NPS answers and no invitations in either period: undefined, nothing to compare
    assert result.nps == Rate(None, 0, None, None, None)
    assert result.response_rate == Rate(None, 0, None, None, None)
    # FCR: ana writes again about billing a minute later, so only the last of each period's
    # contacts is a first-contact resolution now (1/5), and none before: 03-06 10:03 repeats
    # on 03-08 10:00, within 7 days (0/4). +20 points; pooled 1/9,
    # se = √(1/9 · 8/9 · 0.45) = 0.21082, z = 0.94868: the same p = 0.34278 by coincidence
    assert result.fcr == Rate(20.0, 5, None, pytest.approx(20.0), pytest.approx(0.34278, abs=1e-5))
    assert result.retention_90d == Rate(None, 0, None, None, None)  # nobody 90 days on yet
    # now 1..5 min: 180 s of 5 first responses, 30 s slower than before (untested)
    assert result.first_response_median_s == Median(180.0, 5, pytest.approx(30.0))


def test_an_empty_period_is_empty(engine: Engine) -> None:
    result = overview(engine, TAIPEI, as_of=datetime(2024, 3, 10, tzinfo=UTC))
    assert result.empty and result.conversations == 0 and result.conversations_change == 0
    assert result.csat == Rate(None, 0, None, None, None)
    assert (
        result.value_centres.now
        == result.value_centres.before
        == ValueCentre(None, None, None, None)
    )
    assert result.first_response_median_s == Median(None, 0, None)
    assert result.volume.is_empty()


def test_one_read_of_both_periods_equals_two_separate_computations(engine: Engine) -> None:
    from queries.demo import DemoSpec, build_demo
    from queries.metrics.tallies import compute_metrics
    from queries.views.retention import retention_view

    build_demo(
        engine,
        DemoSpec(seed=3, customers=400, days=200, conversations=4_000, end=date(2024, 6, 30)),
    )
    filters = Filters(date(2024, 3, 1), date(2024, 3, 20), "America/New_York")
    as_of = datetime(2024, 7, 1, tzinfo=UTC)
    result = overview(engine, filters, as_of=as_of)
    now = compute_metrics(engine, filters, as_of=as_of)
    before = compute_metrics(engine, filters.previous(), as_of=as_of)
    # the whole §3 dict, from the counts the drill-down lists, but repurchase and CLV, which the
    # overview does not tally
    later = ("repurchase_90d", "clv_365d")
    assert rates(result.counts) == now | dict.fromkeys(later)
    assert result.conversations == now["conversations"] > 100
    assert result.conversations_change == now["conversations"] - before["conversations"]
    keys = ("csat", "nps", "fcr", "retention_90d")
    assert result.value_centres.now == ValueCentre(*(now[key] for key in keys))
    assert result.value_centres.before == ValueCentre(*(before[key] for key in keys))
    for key in (*keys, "response_rate"):
        rate = getattr(result, key)
        assert rate.value == now[key] is not None, key
        assert rate.change == pytest.approx(now[key] - before[key]), key
    assert result.csat.interval == tuple(now["csat_ci"])
    assert result.nps.interval == tuple(now["nps_ci"])
    median = result.first_response_median_s
    assert median.value == now["first_response_median_s"]
    assert median.change == pytest.approx(
        now["first_response_median_s"] - before["first_response_median_s"]
    )
    # what service is worth, from the same read, equals the retention page's own computation
    assert result.worth.value.equals(retention_view(engine, filters, as_of=as_of).value)
    assert result.worth.value.height == 2


def test_the_cost_centre_section_carries_both_periods(engine: Engine) -> None:
    build(engine)
    cost = cost_centres(engine, PERIOD)
    # 3 conversations, AHT (300 + 600) / 2 = 450 s = 7.5 min, 11 agent-hours (test_cost)
    assert cost.now == CostCentre(3, 450.0, pytest.approx(11.0), pytest.approx(3 / 11))
    assert cost.now.aht_min == 7.5
    # previous period 03-06..03-07 Taipei = [03-05 16:00Z, 03-07 16:00Z): one conversation and
    # the first 2 h (14:00-16:00) of the day shift
    assert cost.before.volume == 1
    assert cost.before.aht_s == 900.0 and cost.before.aht_min == 15.0
    assert cost.before.agent_hours == pytest.approx(2.0)
    assert cost.before.contacts_per_agent_hour == pytest.approx(0.5)


def test_without_shifts_only_the_cost_centre_fails(sqlite_engine: Engine) -> None:
    build(sqlite_engine)
    with sqlite_engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE shifts"))
    result = overview(sqlite_engine, PERIOD, as_of=datetime(2024, 3, 12, tzinfo=UTC))
    assert result.conversations == 3  # the tiles do not need the shifts
    with pytest.raises(DataUnavailable):
        cost_centres(sqlite_engine, PERIOD)


def test_the_mature_cohort_is_the_latest_30_days_past_90(engine: Engine) -> None:
    """as_of 2024-06-20 00:00Z = 08:00 Taipei; − 90 d = 2024-03-22 08:00 Taipei, so the last
    mature day is 03-21 and the cohort 02-21 … 03-21. Customers: bo first writes 03-01 and
    buys 03-20 (retained); cy first writes 03-21 and never buys; di writes 03-22 (too recent:
    outside the cohort). The chosen period 06-01 … 06-19 is too recent: 2 customers, 1 kept."""
    world = World(engine)
    bo, cy, di = (world.customer() for _ in range(3))
    for who, when in ((bo, "2024-03-01 10:00"), (cy, "2024-03-21 23:00"), (di, "2024-03-22 00:30")):
        world.conversation(customer_id=who, opened_at=at(when, "Asia/Taipei"))
    world.conversation(customer_id=bo, opened_at=at("2024-06-05 10:00", "Asia/Taipei"))
    world.activity(customer_id=bo, occurred_at=at("2024-03-20 12:00", "Asia/Taipei"))
    chosen = Filters(date(2024, 6, 1), date(2024, 6, 19), "Asia/Taipei")
    as_of = datetime(2024, 6, 20, tzinfo=UTC)
    assert mature_period(chosen, as_of) == replace(
        chosen, start=date(2024, 2, 21), end=date(2024, 3, 21)
    )
    result = overview(engine, chosen, as_of=as_of)
    assert result.retention_90d.value is None  # bo's June contact is not 90 days old
    assert result.mature is not None
    assert result.mature.retention_90d == Rate(50.0, 2)  # bo kept, cy not
    # a period whose customers are all past 90 days needs no mature cohort
    spring = Filters(date(2024, 2, 21), date(2024, 3, 21), "Asia/Taipei")
    assert mature_period(spring, as_of) is None
    assert overview(engine, spring, as_of=as_of).mature is None
    assert overview(engine, spring, as_of=as_of).retention_90d.value == pytest.approx(50.0)
