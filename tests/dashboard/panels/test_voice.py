"""The voice page's tiles from the typed `VoiceTotals`: the negative share is a `Rate` whose
change is coloured only when it is more than noise, and a rise is bad news."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.panels.voice import voice_tiles
from queries.metrics.rates import Rate
from queries.views.voice import VoiceTotals


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def totals(share: Rate) -> VoiceTotals:
    return VoiceTotals(
        conversations=1234,
        csat_n=share.n,
        negative=40,
        negative_share=share,
        previous_csat_n=180,
        previous_negative_share=15.0,
        comments=12,
    )


def test_a_significant_rise_is_red() -> None:
    tiles = voice_tiles(totals(Rate(20.0, 200, (15.0, 26.0), 5.0, 0.01)))
    assert [(t.label, t.value) for t in tiles] == [
        ("Conversations", "1,234"),
        ("CSAT answers", "200"),
        ("Negative CSAT share", "20.0%"),
        ("Comments", "12"),
    ]
    share = tiles[2]
    assert (share.n, share.interval, share.delta) == (200, "15.0 – 26.0%", "+5.0 pts")
    assert (share.delta_color, share.delta_note) == ("inverse", "vs previous period")


def test_noise_and_no_change_stay_grey() -> None:
    noise = voice_tiles(totals(Rate(20.0, 200, (15.0, 26.0), -2.0, 0.4)))[2]
    assert (noise.delta, noise.delta_color) == ("-2.0 pts", "off")
    assert noise.delta_note == "vs previous period: within noise (p = 0.40)"
    nothing = voice_tiles(totals(Rate(None, 0)))[2]
    assert (nothing.value, nothing.n, nothing.interval, nothing.delta) == ("—", 0, None, None)
