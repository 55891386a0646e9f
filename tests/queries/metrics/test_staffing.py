"""Erlang B / C and the staffing rule (docs/metrics.md, "24-hour coverage") against values
worked out by hand."""

from __future__ import annotations

import math

import pytest

from queries.metrics.staffing import (
    erlang_agents,
    erlang_b,
    erlang_c,
    erlang_service_level,
    predicted_service_level,
    required_agents,
)


def test_erlang_b_recursion_small_values() -> None:
    # B0 = 1; B1 = 1·1/(1 + 1) = 0.5; B2 = 1·0.5/(2 + 0.5) = 0.2
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_b(0, 3.0) == 1.0


def test_erlang_c_known_values() -> None:
    # C(2, 1) = 2·0.2 / (2 − 1·0.8) = 0.4 / 1.2 = 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # A = 2: B1 = 2/3, B2 = (4/3)/(10/3) = 0.4, B3 = 0.8/3.8 = 4/19
    # C(3, 2) = 3·(4/19) / (3 − 2·15/19) = (12/19)/(27/19) = 4/9
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    assert erlang_c(2, 2.0) == 1.0  # N ≤ A: everyone waits


def test_service_level_three_agents_load_two() -> None:
    # 1 − (4/9)·exp(−(3 − 2)·20/180) = 1 − 0.444444 × 0.894839 = 0.602294
    assert erlang_service_level(3, 2.0, 20, 180) == pytest.approx(0.602294, abs=1e-6)
    assert erlang_service_level(2, 2.0, 20, 180) == 0.0


def test_100_contacts_an_hour_aht_360_needs_13_agents() -> None:
    # A = 100 × 360 / 3600 = 10 erlangs. C(13, 10) = 0.285270;
    # SL(13) = 1 − 0.285270 × exp(−3 × 60/360) = 1 − 0.285270 × 0.606531 = 0.826975 ≥ 0.8
    # SL(12) = 1 − 0.449388 × exp(−2/6) = 1 − 0.449388 × 0.716531 = 0.678001 < 0.8
    assert erlang_service_level(13, 10.0, 60, 360) == pytest.approx(0.827, abs=5e-4)
    assert erlang_service_level(12, 10.0, 60, 360) == pytest.approx(0.678, abs=5e-4)
    assert required_agents(100, 360, target_s=60, service_level=0.8, shrinkage=0) == 13


def test_shrinkage_30_percent_turns_13_into_19() -> None:
    # ceil(13 / 0.7) = ceil(18.571) = 19
    assert required_agents(100, 360, target_s=60, service_level=0.8, shrinkage=0.3) == 19


def test_exact_shrinkage_multiple_does_not_round_up() -> None:
    # 13 agents, shrinkage 0.35: 13 / 0.65 = 20 exactly (floating point gives 20.000000000000004)
    assert required_agents(100, 360, target_s=60, service_level=0.8, shrinkage=0.35) == 20


def test_one_contact_an_hour() -> None:
    # A = 0.1: C(1, 0.1) = (0.1/1.1) / (1 − 0.1 × (1/1.1)) = 0.1;
    # SL = 1 − 0.1 × exp(−0.9 × 60/360) = 1 − 0.1 × 0.860708 = 0.913929 → N = 1; ceil(1/0.7) = 2
    assert erlang_service_level(1, 0.1, 60, 360) == pytest.approx(0.913929, abs=1e-6)
    assert required_agents(1, 360) == 2


def test_no_demand_needs_nobody() -> None:
    assert required_agents(0, 360) == 0
    assert predicted_service_level(0, 360, 5) is None


def test_large_load_without_overflow() -> None:
    # 6,000 contacts/h × 300 s = 500 erlangs; factorials would overflow a float at 171!
    load = 6_000 * 300 / 3600
    assert load == 500
    agents = erlang_agents(load, 20, 300, 0.9)
    assert agents > load
    assert erlang_service_level(agents, load, 20, 300) >= 0.9
    assert erlang_service_level(agents - 1, load, 20, 300) < 0.9
    assert 0 < erlang_b(5_000, 4_900.0) < 1
    assert math.isfinite(erlang_c(5_000, 4_900.0))
    assert erlang_agents(5_000.0, 20, 300, 0.8) > 5_000


def test_predicted_service_level_interpolates_fractional_agents() -> None:
    # no shrinkage: 13 agents → 0.826975; 12.5 agents → (0.678001 + 0.826975) / 2 = 0.752488
    assert predicted_service_level(100, 360, 13, shrinkage=0) == pytest.approx(0.826975, abs=1e-5)
    assert predicted_service_level(100, 360, 12.5, shrinkage=0) == pytest.approx(0.752488, abs=1e-5)
    # 30 % shrinkage: 19 scheduled → 13.3 available: 0.826975 + 0.3 × (0.910598 − 0.826975)
    assert predicted_service_level(100, 360, 19) == pytest.approx(0.852062, abs=1e-5)
    assert predicted_service_level(100, 360, 10) == 0.0  # 7 available < A = 10


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        required_agents(10, 300, shrinkage=1.0)
    with pytest.raises(ValueError):
        erlang_agents(1.0, 60, 300, 1.0)
