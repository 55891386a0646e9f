"""The night-against-day tiles of service by hour: the view's numbers and changes, formatted."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.panels.service_by_hour import night_day_tiles
from queries.metrics.rates import Rate
from queries.views.service_by_hour import NightDay, ServiceSide


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


NIGHT = ServiceSide(
    conversations=3,
    share=Rate(300 / 7, 7),
    first_response=Rate(45.0, 3, change=-45.0),
    first_response_p90_s=969.0,
    service_level=Rate(200 / 3, 3, change=200 / 3 - 25),
    csat=Rate(50.0, 2, (9.5, 90.5), change=0.04),  # within a tenth of a point: no delta
)
DAY = ServiceSide(
    conversations=4,
    share=Rate(400 / 7, 7),
    first_response=Rate(90.0, 3),
    first_response_p90_s=138.0,
    service_level=Rate(25.0, 4),
    csat=Rate(200 / 3, 3),
)


def test_the_night_row_shows_its_changes_against_the_day() -> None:
    night, _day = night_day_tiles(NightDay(NIGHT, DAY), 60)
    count, wait, level, csat = night
    assert (count.label, count.value) == ("Night (22:00–07:00)", "3")
    assert count.help == "Share of the period's contacts: 42.9%"
    assert (wait.value, wait.n, wait.delta, wait.delta_color) == (
        "45 s",
        3,
        "-45 s vs day",
        "inverse",
    )
    assert wait.help == "90th percentile: 16 min 09 s"
    assert (level.label, level.value, level.n) == ("Answered within 60 s", "66.7%", 3)
    assert (level.delta, level.delta_color) == ("+41.7 pts vs day", "normal")
    assert (csat.value, csat.n, csat.delta, csat.delta_color) == ("50.0%", 2, None, "normal")


def test_the_day_row_has_no_deltas() -> None:
    _night, day = night_day_tiles(NightDay(NIGHT, DAY), 60)
    assert [tile.value for tile in day] == ["4", "1 min 30 s", "25.0%", "66.7%"]
    assert day[0].help == "Share of the period's contacts: 57.1%"
    assert [tile.delta for tile in day] == [None] * 4
    assert {tile.delta_color for tile in day} == {"off"}
