"""The retention page's tiles and value bars, from a typed `RetentionView` built by hand
(`tests.dashboard.kit.test_worth`: four customers, three retained at every horizon, revenue
10 + 0 + 20 + 0 within each)."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.panels.retention import retention_tiles, value_bars_frame
from queries.metrics.stats import wilson_interval
from tests.dashboard.kit.test_worth import worth_view


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")
    monkeypatch.setattr("dashboard.panels.retention.currency", lambda: "TWD")


def test_tiles_from_the_typed_horizons() -> None:
    tiles = retention_tiles(worth_view())
    labels = [tile.label for tile in tiles]
    assert labels == [
        "30-day retention", "60-day retention", "90-day retention", "Revenue per customer",
    ]  # fmt: skip
    low, high = wilson_interval(3, 4) or (0.0, 0.0)
    # Wilson 3/4: centre (0.75 + 0.4802) / 1.9604 = 0.6275, half-width 0.3269 → 30.1 to 95.4
    assert (round(low, 1), round(high, 1)) == (30.1, 95.4)
    assert (tiles[0].value, tiles[0].n, tiles[0].interval) == ("75.0%", 4, "30.1 – 95.4%")
    assert tiles[0].help is not None and "within 30 days" in tiles[0].help
    revenue = tiles[-1]
    assert (revenue.value, revenue.n) == ("NT$8", 4)  # 30 / 4 = 7.5 per eligible customer
    assert revenue.help is not None and "within 90 days" in revenue.help


def test_an_unreached_horizon_shows_a_dash() -> None:
    later = worth_view(days=45)  # 30 days reached, 60 and 90 not
    tiles = retention_tiles(later)
    assert [t.value for t in tiles[:3]] == ["75.0%", "—", "—"]
    assert [t.n for t in tiles] == [4, 0, 0, 4]  # the revenue tile is at 30 days
    assert tiles[-1].help is not None and "within 30 days" in tiles[-1].help


def test_value_bars_are_the_four_sides() -> None:
    frame = value_bars_frame(worth_view())
    assert frame.rows() == [
        ("Resolved at first contact", 100.0, 2, True),
        ("Not resolved at first contact", 50.0, 2, False),
        ("CSAT 4–5 (positive)", 100.0, 2, True),
        ("CSAT 1–2 (negative)", 50.0, 2, False),
    ]
