"""The one number-format policy (queries/plumbing/formats.py) in both languages."""

from __future__ import annotations

import polars as pl
import pytest

from queries.plumbing.formats import (
    currency_symbol,
    decimal,
    grid_format,
    money,
    of_kind,
    p_value,
    rounded,
    rounded_column,
    signed,
)


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_grouping_and_fixed_decimals_per_kind(language: str) -> None:
    assert of_kind(13998, "count", language) == "13,998"
    assert of_kind(2484, "count", language) == "2,484"
    assert of_kind(49, "rate", language) == "49.0"
    assert of_kind(26.66, "rate", language) == "26.7"
    assert of_kind(12.04, "agents", language) == "12.0"
    assert of_kind(12115, "count", language) == "12,115"  # never "12.115k"
    assert decimal(None, 1, language) == "—"


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_p_values_have_two_decimals_and_a_floor(language: str) -> None:
    assert p_value(0.2345, language) == "0.23"
    assert p_value(0.0004, language) == "< 0.01"
    assert p_value(0.01, language) == "0.01"
    assert of_kind(0.5, "p_value", language) == "0.50"


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_currency_is_explicit(language: str) -> None:
    assert money(358, "TWD", language) == "NT$358"
    assert money(-1234.4, "TWD", language) == "-NT$1,234"
    assert money(10, "USD", language) == "USD 10"  # "$" alone would be ambiguous
    assert currency_symbol("EUR", language) == "€"
    assert "$" not in money(10, "JPY", language).replace("NT$", "")


def test_grid_formats_group_and_fix_decimals() -> None:
    assert grid_format("count") == "%,d"
    assert grid_format("rate") == "%,.1f"
    assert grid_format("p_value") == "%,.2f"


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_one_rounding_a_half_away_from_zero(language: str) -> None:
    """Babel and Polars round a half to even (5.25 → 5.2), a tooltip's d3-format away from
    zero (5.3): the one policy rounds as d3 does, on the float itself (0.15 is 0.1499…)."""
    assert [decimal(v, 1, language) for v in (5.25, -5.25, 0.15, 26.65, 87.25)] == [
        "5.3",
        "-5.3",
        "0.1",
        "26.6",
        "87.3",
    ]
    assert decimal(2.5, 0, language) == "3" and decimal(float("nan"), 1, language) == "—"
    assert signed(5.25, 1, language) == "+5.3" and signed(-0.04, 1, language) == "+0.0"
    assert rounded(5.25, 1) == 5.3 and rounded(None, 1) is None
    column = pl.DataFrame({"gap": [5.25, -5.25, None, 2.5]}).select(
        rounded_column(pl.col("gap"), 1)
    )
    assert column["gap"].to_list() == [5.3, -5.3, None, 2.5]
