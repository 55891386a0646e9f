"""The next-week page's pieces: the span caption, the tiles and the gaps table."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.next_week import forecast_gaps_table, forecast_span, forecast_tiles
from queries.views.next_week import NextWeekView
from tests.builders import at

TPE = "Asia/Taipei"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def week() -> NextWeekView:
    """Two hours of a coming week from Mon 2024-01-22 10:00 Taipei: 14h short by 0.5."""
    hours = pl.DataFrame(
        {
            "date": [date(2024, 1, 22), date(2024, 1, 29)],
            "weekday": [0, 0],
            "hour": [14, 9],
            "demand": [1.0, 0.0],
            "scheduled": [1.5, 1.0],
            "required": [2, 0],
            "gap": [0.5, -1.0],
            "service_level": [0.9, None],
        }
    )
    first = at("2024-01-22 10:00", TPE).astimezone(ZoneInfo(TPE))  # local, as `forecast` gives
    return NextWeekView.of(3, first, 400.0, hours)


def test_span_tiles_and_gaps() -> None:
    view = week()
    assert forecast_span(view, "Asia/Taipei") == (
        "From Jan 22, 2024 10:00 to Jan 29, 2024, times in Taipei"
    )
    assert [tile.value for tile in forecast_tiles(view)] == ["1", "2", "2.5", "0.5"]
    assert "6 min 40 s" in (forecast_tiles(view)[1].help or "")  # the average handle time
    assert forecast_gaps_table(view.gaps).rows() == [("2024-01-22 Mon", "14:00", 1.0, 1.5, 2, 0.5)]
