"""The survey operations charts as pure functions: the section views' frames in, figures out."""

from __future__ import annotations

import polars as pl

from dashboard.charts.surveys import funnel, queue_by_hour
from tests.builders import utc


def test_the_funnel_keeps_the_stage_order_and_translates_labels() -> None:
    stages = pl.DataFrame(
        {"stage": ["resolved", "invited", "sent", "answered"], "count": [6, 6, 3, 2]}
    )
    (trace,) = funnel(stages, {"sent": "Surveys sent"}).data
    assert list(trace.y) == ["resolved", "invited", "Surveys sent", "answered"]
    assert list(trace.x) == [6, 6, 3, 2]


def test_the_queue_is_drawn_in_the_display_zone_by_language() -> None:
    queue = pl.DataFrame(
        {
            "due_hour": [utc("2024-06-10 15:00"), utc("2024-06-10 16:00"), utc("2024-06-10 15:00")],
            "locale": ["zh-TW", "zh-TW", "en"],
            "pending": [1, 2, 3],
        },
        schema_overrides={"due_hour": pl.Datetime("us", "UTC")},
    )
    figure = queue_by_hour(queue, tz="Asia/Taipei", x_title="", y_title="")
    english, chinese = figure.data  # languages in sorted order
    assert (english.name, chinese.name) == ("en", "zh-TW")
    assert [str(x) for x in chinese.x] == ["2024-06-10 23:00:00", "2024-06-11 00:00:00"]  # +08:00
    assert list(chinese.y) == [1, 2]
    assert figure.layout.barmode == "stack"
