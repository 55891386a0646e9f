"""queries.stats against values worked out by hand (z = 1.96, z² = 3.8416)."""

from __future__ import annotations

import math

import pytest

from queries.metrics.stats import (
    ZTest,
    nps_difference_z_test,
    nps_interval,
    nps_score,
    nps_standard_error,
    two_proportion_z_test,
    two_sided_p_value,
    wilson_interval,
)


def test_wilson_8_of_10() -> None:
    # p = 0.8, z²/n = 0.38416, denominator 1.38416
    # centre = (0.8 + 0.19208) / 1.38416 = 0.71674
    # half = 1.96 / 1.38416 × √(0.016 + 0.009604) = 1.41602 × 0.160012 = 0.22658
    assert wilson_interval(8, 10) == pytest.approx((49.016, 94.332), abs=1e-3)


def test_wilson_2_of_5() -> None:
    # p = 0.4, z²/n = 0.76832, denominator 1.76832
    # centre = (0.4 + 0.38416) / 1.76832 = 0.443449
    # half = 1.96 / 1.76832 × √(0.048 + 0.038416) = 1.108396 × 0.293966 = 0.325830
    assert wilson_interval(2, 5) == pytest.approx((11.762, 76.928), abs=1e-3)


def test_wilson_none_and_all_successes() -> None:
    # 0 of n: [0, z²/(n + z²)]; n of n: [n/(n + z²), 1]; with n = 20: 3.8416 / 23.8416 = 16.113 %
    low, high = wilson_interval(0, 20)  # type: ignore[misc]
    assert low == 0.0  # the raw formula gives -1.4e-15 here: clipped to 0
    assert high == pytest.approx(16.113, abs=1e-3)
    low, high = wilson_interval(20, 20)  # type: ignore[misc]
    assert low == pytest.approx(83.887, abs=1e-3)
    assert high == 100.0


def test_wilson_of_nothing_is_none_and_bad_counts_raise() -> None:
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    with pytest.raises(ValueError):
        wilson_interval(-1, 2)


def test_nps_score_and_interval() -> None:
    # 2 promoters, 3 detractors of 6: NPS = 100 × (2 − 3) / 6 = −16.667
    # p + d − (p − d)² = 5/6 − 1/36 = 29/36; / n = 29/216; √ = 0.366415
    # half-width = 1.96 × 100 × 0.366415 = 71.817
    assert nps_score(2, 3, 6) == pytest.approx(-16.6667, abs=1e-4)
    assert nps_standard_error(2, 3, 6) == pytest.approx(36.6415, abs=1e-4)
    assert nps_interval(2, 3, 6) == pytest.approx((-88.484, 55.150), abs=1e-3)


def test_nps_interval_is_clipped() -> None:
    # 9 promoters, 0 detractors of 10: NPS 90, variance (0.9 − 0.81) / 10 = 0.009
    # 90 ± 196 × 0.094868 = 90 ± 18.594 → [71.406, 108.594] → high clipped to 100
    assert nps_interval(9, 0, 10) == pytest.approx((71.406, 100.0), abs=1e-3)
    # everyone a detractor: no variance, the interval is the point −100
    assert nps_interval(0, 4, 4) == (-100.0, -100.0)


def test_nps_of_nothing_is_none_and_bad_counts_raise() -> None:
    assert nps_score(0, 0, 0) is None
    assert nps_standard_error(0, 0, 0) is None
    assert nps_interval(0, 0, 0) is None
    with pytest.raises(ValueError):
        nps_score(4, 3, 6)


def test_two_proportion_z_test() -> None:
    # 45/100 vs 30/100: pooled 75/200 = 0.375
    # se = √(0.375 × 0.625 × (1/100 + 1/100)) = √0.0046875 = 0.0684653
    # z = 0.15 / 0.0684653 = 2.19089; p = erfc(2.19089 / √2) = 0.02846
    result = two_proportion_z_test(45, 100, 30, 100)
    assert result is not None
    assert result.difference == pytest.approx(15.0)
    assert result.z == pytest.approx(2.19089, abs=1e-5)
    assert result.p_value == pytest.approx(0.02846, abs=1e-5)
    mirrored = two_proportion_z_test(30, 100, 45, 100)
    assert mirrored is not None
    assert mirrored.z == pytest.approx(-result.z)
    assert mirrored.p_value == pytest.approx(result.p_value)


def test_two_proportion_z_test_undefined() -> None:
    assert two_proportion_z_test(0, 0, 3, 10) is None
    assert two_proportion_z_test(3, 10, 0, 0) is None
    assert two_proportion_z_test(10, 10, 5, 5) is None  # pooled share 1: no variance


def test_nps_difference_z_test() -> None:
    # A: 50 promoters, 20 detractors of 100 → NPS 30, var = (0.7 − 0.09) / 100 = 0.0061
    # B: 40 promoters, 30 detractors of 100 → NPS 10, var = (0.7 − 0.01) / 100 = 0.0069
    # se = 100 × √0.013 = 11.40175; z = 20 / 11.40175 = 1.75412; p = 0.07941
    result = nps_difference_z_test(50, 20, 100, 40, 30, 100)
    assert result == ZTest(
        difference=pytest.approx(20.0),  # type: ignore[arg-type]
        z=pytest.approx(1.75412, abs=1e-5),  # type: ignore[arg-type]
        p_value=pytest.approx(0.07941, abs=1e-5),  # type: ignore[arg-type]
    )


def test_nps_difference_z_test_undefined() -> None:
    assert nps_difference_z_test(1, 0, 1, 0, 0, 0) is None
    assert nps_difference_z_test(3, 0, 3, 0, 2, 2) is None  # both have zero variance


def test_two_sided_p_value() -> None:
    assert two_sided_p_value(0.0) == 1.0
    assert two_sided_p_value(1.959964) == pytest.approx(0.05, abs=1e-6)
    assert two_sided_p_value(-1.959964) == pytest.approx(0.05, abs=1e-6)
    assert math.isclose(two_sided_p_value(10.0), 1.5e-23, rel_tol=0.05)
