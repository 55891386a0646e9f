"""The time-zones-of-demand page's pieces: night tiles from `ZoneTotals`, the nights table."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.demand_zones import night_tiles, nights_table
from queries.metrics.rates import Rate
from queries.views.demand_zones import ZoneTotals


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def test_night_tiles() -> None:
    totals = ZoneTotals(2, 3, 1, Rate(100 / 3, 3), Rate(600.0, 1), 120.0)
    zones, share, night, day = night_tiles(totals)
    assert (zones.value, share.value, share.n) == ("2", "33.3%", 3)
    assert (night.value, night.n, day.value, day.n) == ("10 min 00 s", 1, "2 min 00 s", None)


def test_nights_table_in_minutes() -> None:
    nights = pl.DataFrame(
        {
            "zone": ["Asia/Kolkata"],
            "conversations": [1],
            "night": [1],
            "night_share": [100.0],
            "night_first_response_median_s": [600.0],
            "night_answered": [1],
            "day_first_response_median_s": [None],
        },
        schema_overrides={"day_first_response_median_s": pl.Float64},
    )
    table = nights_table(nights)
    assert table.columns[0] == "Customer time zone"
    assert table.rows() == [("Kolkata", 1, 1, 100.0, 10.0, None)]  # the city, in English
