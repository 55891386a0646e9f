"""CSV downloads a spreadsheet opens as text (dashboard.kit.spreadsheet): OWASP's leading quote
on text cells that could start a formula; numbers, negative ones too, stay numbers."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.kit.spreadsheet import neutralised, spreadsheet_csv


@pytest.mark.parametrize(
    "text", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("h")']
)
def test_formula_like_text_gets_a_leading_quote(text: str) -> None:
    frame = pl.DataFrame({"comment": [text]})
    assert neutralised(frame)["comment"].to_list() == ["'" + text]


def test_numbers_and_plain_text_are_left_alone() -> None:
    frame = pl.DataFrame(
        {"change": [-3.5, 2.0], "n": [-1, 4], "name": ["Ann", None], "note": ["a=b", "1-2"]}
    )
    assert spreadsheet_csv(frame) == "change,n,name,note\n-3.5,-1,Ann,a=b\n2.0,4,,1-2\n"


def test_categorical_columns_are_neutralised_too() -> None:
    frame = pl.DataFrame({"team": ["=x", "ok"]}, schema={"team": pl.Categorical})
    assert neutralised(frame)["team"].to_list() == ["'=x", "ok"]
