"""Spreadsheet output (queries.reports.sheets): a UTF-8 BOM, headers in the reader's language,
raw numbers that parse back to the same values, OWASP's leading quote on formula-like text."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest

from queries.reports.sheets import BOM, neutralised, spreadsheet_csv


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


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
    assert rows(spreadsheet_csv(frame, "en")) == [
        ["Change (points)", "n", "name", "note"],
        ["-3.5", "-1", "Ann", "a=b"],
        ["2.0", "4", "", "1-2"],
    ]


def test_categorical_columns_are_neutralised_too() -> None:
    frame = pl.DataFrame({"team": ["=x", "ok"]}, schema={"team": pl.Categorical})
    assert neutralised(frame)["team"].to_list() == ["'=x", "ok"]


def test_chinese_headers_and_numbers_that_parse_back() -> None:
    frame = pl.DataFrame(
        {"category": ["帳單", "=x"], "csat_n": [1234, 56], "negative_share": [12.5, 0.125]}
    )
    data = spreadsheet_csv(frame, "zh-TW")
    header, *body = rows(data)
    assert header == ["問題類別", "CSAT 回覆數", "負評比例（%）"]
    assert [row[0] for row in body] == ["帳單", "'=x"]
    assert [int(row[1]) for row in body] == [1234, 56]  # no thousands separator
    assert [float(row[2]) for row in body] == [12.5, 0.125]
    back = pl.read_csv(io.BytesIO(data[len(BOM.encode()) :]))
    assert back.get_column("CSAT 回覆數").to_list() == [1234, 56]


def test_a_labelled_column_is_kept_and_no_column_is_lost() -> None:
    frame = pl.DataFrame({"Category": ["a"], "category": ["b"]})
    assert rows(spreadsheet_csv(frame, "en"))[0] == ["Category", "category"]
