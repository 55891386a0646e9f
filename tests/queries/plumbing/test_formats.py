"""The one number-format policy (queries/plumbing/formats.py) in both languages."""

from __future__ import annotations

import pytest

from queries.plumbing.formats import currency_symbol, decimal, grid_format, money, of_kind, p_value


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
