"""Small-sample statistics for the KPI tiles: Wilson and NPS intervals, two-sample z-tests.

Pure functions on counts, stdlib only. Every rate is on the dashboard's scale: percentages
in 0–100, NPS in −100…100. A function returns None where the answer is undefined (n = 0,
or a zero standard error in a test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.96
"""The two-sided 95 % normal quantile used throughout docs/metrics.md."""


@dataclass(frozen=True, slots=True)
class ZTest:
    """A two-sample z-test: the difference a − b (points), its z score and two-sided p."""

    difference: float
    z: float
    p_value: float


def _check_share(part: int, n: int, what: str) -> None:
    if n < 0 or part < 0 or part > n:
        raise ValueError(f"{what} must lie in 0…n, got {part} of {n}")


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of successes/n, in percent, clipped to [0, 100]."""
    _check_share(successes, n, "successes")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return _clip(100 * (centre - half_width), 0, 100), _clip(100 * (centre + half_width), 0, 100)


def nps_score(promoters: int, detractors: int, n: int) -> float | None:
    """100 × (promoters − detractors) / n; None when n is 0."""
    _check_nps(promoters, detractors, n)
    return None if n == 0 else 100 * (promoters - detractors) / n


def nps_standard_error(promoters: int, detractors: int, n: int) -> float | None:
    """The standard error of the NPS, in NPS points: 100 × √((p + d − (p − d)²) / n)."""
    _check_nps(promoters, detractors, n)
    if n == 0:
        return None
    p, d = promoters / n, detractors / n
    return 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)


def nps_interval(
    promoters: int, detractors: int, n: int, z: float = Z95
) -> tuple[float, float] | None:
    """NPS ± z × standard error, clipped to [−100, 100]; None when n is 0."""
    score = nps_score(promoters, detractors, n)
    error = nps_standard_error(promoters, detractors, n)
    if score is None or error is None:
        return None
    return _clip(score - z * error, -100, 100), _clip(score + z * error, -100, 100)


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> ZTest | None:
    """Pooled two-sample z-test of p_a = p_b; the difference is in percentage points.

    None when either sample is empty or the pooled share is 0 or 1 (no variance).
    """
    _check_share(successes_a, n_a, "successes_a")
    _check_share(successes_b, n_b, "successes_b")
    if n_a == 0 or n_b == 0:
        return None
    p_a, p_b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if error == 0:
        return None
    z = (p_a - p_b) / error
    return ZTest(difference=100 * (p_a - p_b), z=z, p_value=two_sided_p_value(z))


def nps_difference_z_test(
    promoters_a: int,
    detractors_a: int,
    n_a: int,
    promoters_b: int,
    detractors_b: int,
    n_b: int,
) -> ZTest | None:
    """z-test of NPS_a = NPS_b with the unpooled NPS standard errors: z = Δ / √(se_a² + se_b²).

    None when either sample is empty or both standard errors are 0.
    """
    score_a = nps_score(promoters_a, detractors_a, n_a)
    score_b = nps_score(promoters_b, detractors_b, n_b)
    error_a = nps_standard_error(promoters_a, detractors_a, n_a)
    error_b = nps_standard_error(promoters_b, detractors_b, n_b)
    if score_a is None or score_b is None or error_a is None or error_b is None:
        return None
    error = math.hypot(error_a, error_b)
    if error == 0:
        return None
    z = (score_a - score_b) / error
    return ZTest(difference=score_a - score_b, z=z, p_value=two_sided_p_value(z))


def two_sided_p_value(z: float) -> float:
    """P(|Z| ≥ |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2))


def _check_nps(promoters: int, detractors: int, n: int) -> None:
    _check_share(promoters, n, "promoters")
    _check_share(detractors, n, "detractors")
    if promoters + detractors > n:
        raise ValueError(f"promoters + detractors exceed n: {promoters} + {detractors} > {n}")


def _clip(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


# Differences with a 95 % interval (the value of service: retention and revenue, a against b).


@dataclass(frozen=True, slots=True)
class Difference:
    """a − b with its 95 % interval [low, high] and a two-sided p-value (None when untestable)."""

    difference: float
    low: float
    high: float
    p_value: float | None


def proportion_difference(
    successes_a: int, n_a: int, successes_b: int, n_b: int, z: float = Z95
) -> Difference | None:
    """p_a − p_b in percentage points with Newcombe's hybrid score interval (his method 10):
    from the Wilson intervals [l_a, u_a] and [l_b, u_b] of each share,

        low  = Δ − √((p_a − l_a)² + (u_b − p_b)²)
        high = Δ + √((u_a − p_a)² + (p_b − l_b)²),

    which, unlike the Wald interval, never leaves [−100, 100] and keeps its coverage on small
    samples (docs/metrics.md, "Differences"); p from `two_proportion_z_test`.

    None when either sample is empty.
    """
    _check_share(successes_a, n_a, "successes_a")
    _check_share(successes_b, n_b, "successes_b")
    if n_a == 0 or n_b == 0:
        return None
    p_a, p_b = 100 * successes_a / n_a, 100 * successes_b / n_b
    l_a, u_a = _wilson(successes_a, n_a, z)
    l_b, u_b = _wilson(successes_b, n_b, z)
    difference = p_a - p_b
    low = difference - math.hypot(p_a - l_a, u_b - p_b)
    high = difference + math.hypot(u_a - p_a, p_b - l_b)
    test = two_proportion_z_test(successes_a, n_a, successes_b, n_b)
    p_value = None if test is None else test.p_value
    return Difference(difference, max(low, -100.0), min(high, 100.0), p_value)


def _wilson(successes: int, n: int, z: float) -> tuple[float, float]:
    bounds = wilson_interval(successes, n, z)
    assert bounds is not None  # n > 0
    return bounds


def mean_difference(
    mean_a: float,
    variance_a: float,
    n_a: int,
    mean_b: float,
    variance_b: float,
    n_b: int,
    z: float = Z95,
) -> Difference | None:
    """mean_a − mean_b with the Welch standard error √(s_a²/n_a + s_b²/n_b) (sample variances,
    n − 1) and the normal approximation: ± z × se, p = P(|Z| ≥ |Δ / se|).

    None when either sample has fewer than 2 values; p is None when se is 0.
    """
    if n_a < 2 or n_b < 2:
        return None
    error = math.sqrt(variance_a / n_a + variance_b / n_b)
    difference = mean_a - mean_b
    p_value = None if error == 0 else two_sided_p_value(difference / error)
    return Difference(difference, difference - z * error, difference + z * error, p_value)
