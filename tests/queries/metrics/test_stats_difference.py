"""Differences with a 95 % interval: two proportions (Wald) and two means (Welch, normal)."""

from __future__ import annotations

import math

import pytest

from queries.metrics.stats import mean_difference, proportion_difference, two_proportion_z_test


def test_proportion_difference_by_hand() -> None:
    # 40/50 = 0.8 against 30/60 = 0.5: Δ = 30 points
    # se = 100 × √(0.8·0.2/50 + 0.5·0.5/60) = 100 × √(0.0032 + 0.0041667) = 8.5829
    result = proportion_difference(40, 50, 30, 60)
    assert result is not None
    se = 100 * math.sqrt(0.0032 + 0.25 / 60)
    assert se == pytest.approx(8.5829, abs=1e-4)
    assert result.difference == pytest.approx(30.0)
    assert result.low == pytest.approx(30 - 1.96 * se)  # 13.18
    assert result.high == pytest.approx(30 + 1.96 * se)  # 46.82
    test = two_proportion_z_test(40, 50, 30, 60)
    assert test is not None
    assert result.p_value == pytest.approx(test.p_value)


def test_proportion_difference_undefined() -> None:
    assert proportion_difference(0, 0, 3, 5) is None
    same = proportion_difference(5, 5, 4, 4)  # both 100 %: no variance, no test
    assert same is not None
    assert (same.difference, same.low, same.high, same.p_value) == (0.0, 0.0, 0.0, None)
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
