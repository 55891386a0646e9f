"""Period-over-period changes and their significance, hand-checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.changes import kpi_changes
from queries.plumbing.filters import Filters
from queries.views.overview import overview
from tests.builders import World, at

ZERO = {
    "conversations": 0,
    "csat_satisfied": 0,
    "csat_n": 0,
    "promoters": 0,
    "detractors": 0,
    "nps_n": 0,
    "resolved_first_contact": 0,
    "resolved": 0,
    "retention_retained": 0,
    "retention_eligible": 0,
    "link_responses": 0,
    "invitations_sent": 0,
    "first_response_median_s": None,
}


def counts(**values: object) -> dict[str, object]:
    return ZERO | values


def test_a_real_csat_rise_is_significant() -> None:
    # 45/50 = 90 % against 30/50 = 60 %: pooled 0.75, se = √(0.75·0.25·(2/50)) = 0.0866,
    # z = 0.30 / 0.0866 = 3.464, two-sided p = erfc(3.464/√2) = 0.000532
    change = kpi_changes(
        counts(csat_satisfied=45, csat_n=50), counts(csat_satisfied=30, csat_n=50)
    )["csat"]
    assert change.difference == pytest.approx(30.0)
    assert change.p_value == pytest.approx(0.000532, abs=1e-6)
    assert change.significant


def test_a_small_csat_wobble_is_noise() -> None:
    # 41/50 = 82 % against 40/50 = 80 %: pooled 0.81, se = √(0.81·0.19·0.04) = 0.07846,
    # z = 0.02 / 0.07846 = 0.2549, p = 0.7988
    change = kpi_changes(
        counts(csat_satisfied=41, csat_n=50), counts(csat_satisfied=40, csat_n=50)
    )["csat"]
    assert change.difference == pytest.approx(2.0)
    assert change.p_value == pytest.approx(0.7988, abs=1e-4)
    assert not change.significant


def test_nps_change_uses_the_nps_standard_errors() -> None:
    # now: 30 promoters, 10 detractors of 50 -> NPS +40, se = 100·√((0.6+0.2-0.16)/50) = 11.314
    # before: 20 and 20 of 50 -> NPS 0, se = 100·√(0.8/50) = 12.649
    # z = 40 / √(11.314² + 12.649²) = 40 / √288 = 2.357, p = 0.01842
    change = kpi_changes(
        counts(promoters=30, detractors=10, nps_n=50), counts(promoters=20, detractors=20, nps_n=50)
    )["nps"]
    assert change.difference == pytest.approx(40.0)
    assert change.p_value == pytest.approx(0.01842, abs=1e-5)
    assert change.significant


def test_undefined_and_untested_changes() -> None:
    changes = kpi_changes(
        counts(conversations=12, csat_satisfied=3, csat_n=4, first_response_median_s=90.0),
        counts(conversations=20, first_response_median_s=150.0),
    )
    assert changes["csat"].difference is None  # no answers before: nothing to compare
    assert changes["fcr"].difference is None
    assert changes["conversations"].difference == -8
    assert changes["first_response_median_s"].difference == pytest.approx(-60.0)
    assert changes["first_response_median_s"].p_value is None
    assert not changes["first_response_median_s"].significant
    same = kpi_changes(counts(csat_satisfied=5, csat_n=5), counts(csat_satisfied=9, csat_n=9))
    assert same["csat"].difference == 0 and same["csat"].p_value is None


def test_overview_compares_with_the_previous_equal_period(engine: Engine) -> None:
    # Period 2024-03-08..03-09 in Taipei; the previous period is 03-06..03-07.
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
    result = overview(
        engine,
        Filters(date(2024, 3, 8), date(2024, 3, 9), "Asia/Taipei"),
        as_of=datetime(2024, 3, 10, tzinfo=UTC),
    )
    # now 4 of 5 satisfied (80 %), before 2 of 4 (50 %): +30 points
    assert result.values["csat"] == pytest.approx(80.0)
    assert result.previous_values["csat"] == pytest.approx(50.0)
    assert result.changes["csat"].difference == pytest.approx(30.0)
    assert result.changes["conversations"].difference == 1
    # medians: now 1..5 min -> 180 s; before 1..4 min -> (120 + 180) / 2 = 150 s
    assert result.changes["first_response_median_s"].difference == pytest.approx(30.0)
    assert result.volume.rows() == [(date(2024, 3, 8), "chat", 5)]


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
    assert result.values == compute_metrics(engine, filters, as_of=as_of)
    assert result.previous_values == compute_metrics(engine, filters.previous(), as_of=as_of)
    assert result.values["retention_90d"] is not None and result.values["conversations"] > 100
    # what service is worth, from the same read, equals the retention page's own computation
    assert result.worth.value.equals(retention_view(engine, filters, as_of=as_of).value)
    assert result.worth.value.height == 2
