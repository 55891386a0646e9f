"""The survey operations page's tiles and labels: every number comes from the section views."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import i18n
from dashboard.panels.surveys import funnel_tiles, reason_label, status_label
from queries.views.surveys import SurveyFunnel, SurveyQueue, response_rate


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


def test_funnel_tiles() -> None:
    stages = pl.DataFrame(
        {"stage": ["resolved", "invited", "sent", "answered"], "count": [6, 6, 3, 2]}
    )
    view = SurveyFunnel(stages, pl.DataFrame(), 3, response_rate(2, 3), 1)
    queue = SurveyQueue(pl.DataFrame(), 4)
    sent, rate, due, failed = funnel_tiles(view, queue)
    assert (sent.value, rate.value, rate.n, due.value, failed.value) == ("3", "66.7%", 3, "4", "1")


def test_labels_fall_back_to_the_stored_value() -> None:
    assert status_label("suppressed") == "Not sent (suppressed)"
    assert status_label("new-status") == "new-status"
    assert (reason_label(None), reason_label("throttled")) == ("", "Already surveyed recently")
    assert reason_label("other") == "other"
