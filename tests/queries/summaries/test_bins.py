"""The first-response histogram's median against Polars' exact median (docs/summaries.md)."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from queries.summaries.bins import FINE_UNTIL, bin_value, median_of, wait_bin


def histogram(waits: list[float]) -> pl.DataFrame:
    frame = pl.DataFrame({"wait": waits}, schema={"wait": pl.Float64})
    return frame.group_by(bin=wait_bin(pl.col("wait"))).agg(n=pl.len().cast(pl.Int64))


@given(st.lists(st.floats(0, 40 * 86_400, allow_nan=False), min_size=1, max_size=200))
def test_the_median_is_within_a_second_or_one_percent(waits: list[float]) -> None:
    exact = pl.Series(waits).median()
    assert isinstance(exact, float)
    got = median_of(histogram(waits))
    assert got is not None and abs(got - exact) <= max(1.0, 0.01 * exact)


@given(st.lists(st.integers(0, FINE_UNTIL - 1), min_size=1, max_size=200))
def test_whole_seconds_under_ten_minutes_give_the_exact_median(waits: list[int]) -> None:
    assert median_of(histogram([float(w) for w in waits])) == pl.Series(waits).median()


def test_bins_by_hand() -> None:
    assert bin_value(45) == 45.0
    # 3,600 s: 600 · 1.02^90 = 3,565.9 ≤ 3,600 < 600 · 1.02^91 = 3,637.2; read 1 % above
    one_hour = histogram([3_600.0]).item(0, "bin")
    assert one_hour == FINE_UNTIL + 90
    assert abs(bin_value(one_hour) - 3_601.5) < 0.1
    assert (
        median_of(pl.DataFrame({"bin": [], "n": []}, schema={"bin": pl.Int16, "n": pl.Int64}))
        is None
    )
    assert histogram([-5.0]).item(0, "bin") == 0  # a reply stamped before the opening
