"""Tile formatting: an ASCII "-" leads a drop, so st.metric points down; a `Rate` becomes its
tile with n, interval and a change coloured only when it is more than noise."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.i18n import signed, signed_duration
from dashboard.kit.components import Tile
from dashboard.kit.tiles import interval, nps_text, points, rate_tile, seconds
from queries.metrics.rates import Rate


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(-1234.56, 1, "-1,234.6"), (3.04, 1, "+3.0"), (0, 0, "+0"), (-12, 0, "-12"), (None, 0, "—")],
)
def test_signed_numbers_lead_with_an_ascii_sign(
    value: float | None, digits: int, text: str
) -> None:
    assert signed(value, digits) == text


@pytest.mark.usefixtures("english")
def test_tile_texts_use_the_ascii_minus() -> None:
    assert seconds(-40.0) == "-40 s" == signed_duration(-40.0)
    assert seconds(65.0) == "+1 min 05 s"
    assert points(-2.25) == "-2.3 pts"  # a half away from zero, as a chart tooltip rounds
    assert nps_text(-7.0) == "-7"
    assert interval([-4.0, 28.0], signed=True) == "-4 – +28"
    assert "\u2212" not in "".join(
        text or "" for text in (seconds(-1.0), points(-1.0), nps_text(-1.0))
    )


@pytest.mark.usefixtures("english")
def test_a_compared_rate_tile() -> None:
    tile = rate_tile(Rate(80.0, 100, (70.0, 90.0), -1.5, 0.01), "CSAT", "Share of 4 and 5.")
    assert tile == Tile(
        "CSAT",
        "80.0%",
        n=100,
        interval="70.0 – 90.0%",
        help="Share of 4 and 5.",
        delta="-1.5 pts",
        delta_color="normal",  # significant: green up, red down
        delta_note="vs previous period",
    )
    slower = rate_tile(Rate(20.0, 100, None, 4.0, 0.001), "Late", "", better="lower")
    assert (slower.delta, slower.delta_color) == ("+4.0 pts", "inverse")


@pytest.mark.usefixtures("english")
def test_an_nps_tile_is_signed_and_a_noisy_change_is_grey() -> None:
    tile = rate_tile(Rate(12.0, 50, (-4.0, 28.0), 3.0, 0.2), "NPS", "", signed=True)
    assert (tile.value, tile.interval, tile.n) == ("+12", "-4 – +28", 50)
    assert (tile.delta, tile.delta_color) == ("+3.0", "off")
    assert tile.delta_note == "vs previous period: within noise (p = 0.20)"


@pytest.mark.usefixtures("english")
def test_a_rate_without_a_comparison_or_a_sample() -> None:
    assert rate_tile(Rate(None, 0), "FCR", "help") == Tile("FCR", "—", n=0, help="help")
    untested = rate_tile(Rate(50.0, 40, None, 2.0, None), "FCR", "")
    assert (untested.delta, untested.delta_color) == ("+2.0 pts", "off")
    assert untested.delta_note == "vs previous period, not tested"
