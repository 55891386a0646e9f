"""The CSAT page's pieces: tiles from the typed view, the agents table lowest CSAT first."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.csat import agents_table, csat_tiles
from queries.metrics.rates import Rate
from queries.views.csat import CsatView


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def test_the_tiles_are_csat_night_day_and_conversations() -> None:
    frame = pl.DataFrame()
    view = CsatView(
        grain="day",
        conversations=1234,
        csat=Rate(100 * 4 / 7, 7, (32.6, 82.6)),
        night=Rate(60.0, 5, (23.1, 88.2)),
        day=Rate(None, 0),
        **dict.fromkeys(
            ("trend", "by_channel", "by_team", "by_agent", "by_category", "distribution"), frame
        ),
        by_local_hour=frame,
    )
    csat, night, day, conversations = csat_tiles(view)
    assert (csat.label, csat.value, csat.n, csat.interval) == ("CSAT", "57.1%", 7, "32.6 – 82.6%")
    assert (night.label, night.value, night.n) == ("CSAT in the customer's night", "60.0%", 5)
    assert (day.value, day.n, day.interval) == ("—", 0, None)
    assert (conversations.value, conversations.n) == ("1,234", None)
    assert all(tile.delta is None for tile in (csat, night, day, conversations))


def test_agents_lowest_csat_first_with_a_small_sample_note() -> None:
    by_agent = pl.DataFrame(
        {
            "agent_id": [1, 2, None],
            "agent": ["Mei", "Tom", None],
            "csat_n": [40, 3, 1],
            "csat_satisfied": [36, 1, 1],
            "csat": [90.0, 100 / 3, 100.0],
            "csat_low": [76.95, 6.15, 20.65],
            "csat_high": [96.04, 79.23, 100.0],
        }
    )
    table = agents_table(by_agent)
    assert table.columns == ["Agent", "Answers", "CSAT (%)", "95% low", "95% high", "Note"]
    assert table["Agent"].to_list() == ["Tom", "Mei", "(no agent)"]
    assert table["CSAT (%)"].to_list() == [33.3, 90.0, 100.0]
    assert table["Note"].to_list() == ["small sample", "", "small sample"]
