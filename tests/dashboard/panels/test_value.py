"""Translated tables of the value-centre pages: a missing category reads "(none)", as on Voice."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.value import comments_table
from dashboard.panels.voice import category_name


def test_an_nps_comment_without_a_category_says_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")
    comments = pl.DataFrame(
        {"opened_at": [datetime(2026, 10, 1, 9)] * 2, "external_id": ["x-1", "x-2"],
         "channel": ["chat", "email"], "category": ["billing", None], "nps": [3, 5],
         "comment": ["slow", "rude"]}
    )  # fmt: skip
    table = comments_table(comments)
    assert table["Category"].to_list() == ["billing", "(none)"] == ["billing", category_name(None)]
    assert table["Channel"].to_list() == ["Chat", "Email"]
