"""The typed Rate: built from the §3 dicts and from a grouped row, hand-checked."""

from __future__ import annotations

from queries.metrics.changes import Change
from queries.metrics.rates import Rate, rate_from, rate_row
from queries.metrics.tallies import rates


def test_a_rate_from_counts_carries_its_n_and_interval() -> None:
    counts = {"csat_n": 10, "csat_satisfied": 8}
    csat = rate_from(rates(counts), counts, "csat")
    assert csat.value == 80.0
    assert csat.n == 10
    assert csat.interval is not None
    low, high = csat.interval
    assert round(low, 2) == 49.02 and round(high, 2) == 94.33  # Wilson, z = 1.96, by hand
    assert csat.small_sample and csat.measured and not csat.significant


def test_an_undefined_rate_has_no_value_and_no_interval() -> None:
    nothing = rate_from(rates({}), {}, "fcr")
    assert nothing == Rate(None, 0, None)
    assert not nothing.measured and not nothing.small_sample


def test_a_compared_rate_says_whether_its_change_is_noise() -> None:
    base = Rate(70.0, 400, (65.3, 74.3))
    assert base.compared(Change(5.0, 0.01)).significant
    assert not base.compared(Change(5.0, 0.2)).significant
    assert not base.compared(Change(5.0, None)).significant
    assert base.compared(Change(5.0, 0.01)).change == 5.0


def test_a_rate_from_a_grouped_row() -> None:
    row = {"csat": 50.0, "csat_n": 2, "csat_low": 9.45, "csat_high": 90.55}
    assert rate_row(row, "csat", "csat_n") == Rate(50.0, 2, (9.45, 90.55))
    assert rate_row({"csat": None, "csat_n": 0}, "csat", "csat_n") == Rate(None, 0, None)
