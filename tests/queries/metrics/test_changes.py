"""Period-over-period changes and their significance, hand-checked."""

from __future__ import annotations

import pytest

from queries.metrics.changes import kpi_changes

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
