"""The FCR page's pieces: the three flavours as tiles with their own n, and the repeat list
with translated headers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.fcr import fcr_tiles, repeats_table
from queries.metrics.rates import Rate
from queries.views.fcr import FcrView


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def test_each_flavour_has_its_own_n_and_the_window_in_its_help() -> None:
    frame = pl.DataFrame()
    view = FcrView(
        window_days=8,
        resolved=5,
        resolved_first_contact=2,
        resolved_one_touch=3,
        survey_resolved_n=3,
        survey_resolved_yes=2,
        fcr=Rate(40.0, 5),
        fcr_one_touch=Rate(60.0, 5),
        fcr_survey=Rate(200 / 3, 3),
        by_channel=frame,
        by_category=frame,
        repeats=frame,
    )
    tiles = fcr_tiles(view)
    assert [t.label for t in tiles] == ["Repeat-contact FCR", "One-touch FCR", "Survey FCR"]
    assert [t.value for t in tiles] == ["40.0%", "60.0%", "66.7%"]
    assert [t.n for t in tiles] == [5, 5, 3]
    assert "within 8 days" in (tiles[0].help or "")


def test_the_repeat_list_reads_in_the_display_zone() -> None:
    taipei = ZoneInfo("Asia/Taipei")
    repeats = pl.DataFrame(
        {
            "external_id": ["r1"],
            "channel": ["chat"],
            "category": ["billing"],
            "opened_at": [datetime(2024, 3, 9, 20, tzinfo=taipei)],
            "resolved_at": [datetime(2024, 3, 9, 22, tzinfo=taipei)],
            "next_opened_at": [datetime(2024, 3, 10, 10, 30, tzinfo=taipei)],
            "hours_to_next_contact": [12.5],
        }
    )
    assert repeats_table(repeats).rows(named=True) == [
        {
            "Conversation": "r1",
            "Channel": "Chat",
            "Category": "billing",
            "Resolved at": "2024-03-09 22:00",
            "Next contact": "2024-03-10 10:30",
            "Came back after (hours)": 12.5,
        }
    ]
