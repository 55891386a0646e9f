"""The 24-hour coverage page's pieces: the zone toggle's choices, the tiles and the gaps table."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.coverage import coverage_tiles, gaps_table, zone_choices
from queries.views.coverage import CoverageSummary, CoverageView


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def test_zone_choices_start_with_the_display_zone_without_repeats() -> None:
    sites = ("Asia/Taipei", "Europe/Dublin", "UTC")
    assert zone_choices("Asia/Taipei", sites) == ["Asia/Taipei", "UTC", "Europe/Dublin"]


def test_tiles_and_gaps_table_format_the_view() -> None:
    gaps = pl.DataFrame(
        {
            "weekday": [2, 0],
            "hour": [2, 9],
            "demand": [0.5, 1.0],
            "scheduled": [0.0, 0.7],
            "required": [2, 2],
            "gap": [2.0, 1.3],
            "service_level": [0.0, 0.4798],
            "service_level_pct": [0.0, 47.98],
        }
    )
    summary = CoverageSummary(1.5, 2, 3.26, 0.0)
    view = CoverageView("Asia/Taipei", 360.0, pl.DataFrame(), gaps, summary)
    tiles = coverage_tiles(view)
    assert [tile.value for tile in tiles] == ["6 min 00 s", "2", "3.3", "0%"]
    table = gaps_table(view.gaps)
    assert table.columns[:2] == ["Weekday", "Hour"]
    assert table.rows() == [
        ("Wed", "02:00", 0.5, 0.0, 2, 2.0, 0.0),
        ("Mon", "09:00", 1.0, 0.7, 2, 1.3, 48.0),
    ]
    assert table.columns[-1] == "Predicted service level (%)"
