"""The NPS page's pieces: a comment without a category reads "(none)", as on Voice; the tiles
are the NPS and its three shares."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.nps import comments_table, nps_tiles
from dashboard.panels.voice import category_name
from queries.metrics.rates import Rate


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


def test_the_nps_tiles_are_signed_and_the_shares_percentages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from queries.views.nps import NpsView

    monkeypatch.setattr(i18n, "current_language", lambda: "en")
    frame = pl.DataFrame()
    view = NpsView(
        grain="day",
        nps=Rate(-16.7, 6, (-88.48, 55.15)),
        promoters=2,
        passives=1,
        detractors=3,
        promoter_share=Rate(100 / 3, 6),
        passive_share=Rate(100 / 6, 6),
        detractor_share=Rate(50.0, 6),
        trend=frame,
        by_segment=frame,
        by_channel=frame,
        comments=frame,
    )
    nps, promoters, passives, detractors = nps_tiles(view)
    assert (nps.value, nps.interval, nps.n) == ("-17", "-88 – +55", 6)
    assert [t.value for t in (promoters, passives, detractors)] == ["33.3%", "16.7%", "50.0%"]
    assert [t.n for t in (promoters, passives, detractors)] == [6, 6, 6]
    assert nps.delta is None and promoters.interval is None
