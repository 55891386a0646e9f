"""Differences with a 95 % interval: two proportions (Newcombe) and two means (Welch)."""

from __future__ import annotations

import math

import pytest

from queries.metrics.stats import mean_difference, proportion_difference, two_proportion_z_test


def test_proportion_difference_newcombe_by_hand() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, Table II example (a): 56/70 against
    # 48/80, Δ = 0.2; his method 10 gives 0.0524 to 0.3339
    result = proportion_difference(56, 70, 48, 80)
    assert result is not None
    assert result.difference == pytest.approx(20.0)
    assert result.low == pytest.approx(5.24, abs=0.01)
    assert result.high == pytest.approx(33.39, abs=0.01)
    # by hand from the two Wilson intervals: 56/70 → [69.18, 87.70], 48/80 → [49.05, 70.04]
    low = 20 - math.hypot(80 - 69.1831, 70.0383 - 60)
    high = 20 + math.hypot(87.6954 - 80, 60 - 49.0453)
    assert result.low == pytest.approx(low, abs=1e-3)
    assert result.high == pytest.approx(high, abs=1e-3)
    test = two_proportion_z_test(56, 70, 48, 80)
    assert test is not None
    assert result.p_value == pytest.approx(test.p_value)


def test_a_small_sample_difference_stays_within_100_points() -> None:
    # the sentence: 7 of 8 (87.5 %) against 1 of 2 (50 %); Wald gave −35.5 to +110.5
    result = proportion_difference(7, 8, 1, 2)
    assert result is not None
    assert result.difference == pytest.approx(37.5)
    assert -100 <= result.low < 0 < result.high <= 100
    assert result.low == pytest.approx(-15.80, abs=0.01)
    assert result.high == pytest.approx(79.32, abs=0.01)
    for a, n_a, b, n_b in [(0, 1, 1, 1), (1, 1, 0, 1), (3, 3, 0, 40), (0, 5, 5, 5)]:
        extreme = proportion_difference(a, n_a, b, n_b)
        assert extreme is not None and -100 <= extreme.low <= extreme.high <= 100


def test_proportion_difference_undefined() -> None:
    assert proportion_difference(0, 0, 3, 5) is None
    same = proportion_difference(5, 5, 4, 4)  # both 100 %: no test, but an honest interval
    assert same is not None
    assert (same.difference, same.p_value) == (0.0, None)
    assert same.low == pytest.approx(-43.45, abs=0.01)  # −√(0² + (100 − 56.55)²)
    assert same.high == pytest.approx(48.99, abs=0.01)  # √((100 − 51.01)² + 0²)
    with pytest.raises(ValueError):
        proportion_difference(6, 5, 1, 5)


def test_mean_difference_welch_by_hand() -> None:
    # a: 10, 20, 30 → mean 20, s² = (100 + 0 + 100) / 2 = 100
    # b: 0, 10 → mean 5, s² = (25 + 25) / 1 = 50
    # se = √(100/3 + 50/2) = √58.333 = 7.6376; Δ = 15; z = 1.9640
    result = mean_difference(20, 100, 3, 5, 50, 2)
    assert result is not None
    se = math.sqrt(100 / 3 + 25)
    assert result.difference == 15
    assert result.low == pytest.approx(15 - 1.96 * se)  # 0.03
    assert result.high == pytest.approx(15 + 1.96 * se)  # 29.97
    assert result.p_value == pytest.approx(math.erfc(15 / se / math.sqrt(2)))  # ≈ 0.0495


def test_mean_difference_undefined() -> None:
    assert mean_difference(1, 0, 1, 2, 1, 5) is None  # one value cannot give a variance
    flat = mean_difference(3, 0, 4, 3, 0, 4)
    assert flat is not None
    assert (flat.difference, flat.low, flat.high, flat.p_value) == (0, 0, 0, None)
