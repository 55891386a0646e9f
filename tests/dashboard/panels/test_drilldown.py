"""A click on a chart point maps to the drill-down's (pick, cut, value): pure, on the frames
and figure builders the pages use (a point's index is its row in the frame drawn)."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.charts.base import volume_by_channel
from dashboard.charts.rates import flavour_bars, nps_mix, rate_bars
from dashboard.panels.drill_links import ALL, Target, clicked, clicked_channel, parse_pick
from queries.views.drilldown import NO_AGENT, NONE, Cut

BY_TEAM = pl.DataFrame(
    {
        "label": ["day · n=3", "night · n=3", "(none) · n=1"],
        "team": ["day", "night", None],
        "csat_n": [3, 3, 1],
        "csat": [33.3, 66.7, 100.0],
        "csat_low": [5.0, 20.0, 20.0],
        "csat_high": [80.0, 95.0, 100.0],
    }
)


def point(index: int, curve: int = 0, **extra: object) -> dict[str, object]:
    return {"curve_number": curve, "point_index": index, "point_number": index, **extra}


def test_bars_map_their_row_and_null_groups() -> None:
    figure = rate_bars(BY_TEAM, label="label", value="csat", n="csat_n", x_title="")
    assert len(figure.data[0].y) == BY_TEAM.height  # one bar per row, in order
    target = Target(("csat_answers",), "team", "team")
    assert clicked(point(1), BY_TEAM, target) == ("csat_answers", "team", "night")
    assert clicked(point(2), BY_TEAM, target) == ("csat_answers", "team", NONE)
    assert clicked(point(3), BY_TEAM, target) is None  # no such row
    nobody = pl.DataFrame({"agent_id": [None]})
    assert clicked(point(0), nobody, Target(("x",), "agent_id", "agent_id"))[2] == NO_AGENT  # type: ignore[index]


def test_each_trace_picks_its_own_measure() -> None:
    trend = pl.DataFrame(
        {
            "bucket": [date(2026, 10, 5), date(2026, 10, 12)],
            "promoters": [3, 4],
            "passives": [1, 1],
            "detractors": [2, 0],
            "promoter_share": [50.0, 80.0],
            "passive_share": [16.7, 20.0],
            "detractor_share": [33.3, 0.0],
        }
    )
    labels = {"promoter": "P", "passive": "Pa", "detractor": "D"}
    figure = nps_mix(trend, x="bucket", labels=labels, x_title="", y_title="")
    assert [bar.name for bar in figure.data] == ["D", "Pa", "P"]
    target = Target(("detractors", "passives", "promoters"), "week", "bucket")
    assert clicked(point(1, curve=2), trend, target) == ("promoters", "week", date(2026, 10, 12))
    assert clicked(point(0, curve=0), trend, target) == ("detractors", "week", date(2026, 10, 5))


def test_flavour_bars_and_scores() -> None:
    by_channel = pl.DataFrame(
        {
            "label": ["Chat", "Email"],
            "channel": ["chat", "email"],
            "resolved": [40, 10],
            "survey_resolved_n": [20, 5],
            "fcr": [70.0, 60.0],
            "fcr_one_touch": [50.0, 40.0],
            "fcr_survey": [80.0, 90.0],
        }
    )
    series = {"fcr": ("A", "resolved"), "fcr_one_touch": ("B", "resolved"),
              "fcr_survey": ("C", "survey_resolved_n")}  # fmt: skip
    figure = flavour_bars(by_channel, label="label", series=series, x_title="", y_title="")
    assert len(figure.data) == 3
    target = Target(("resolved", "resolved", "survey_fcr_answers"), "channel", "channel")
    assert clicked(point(1, curve=2), by_channel, target) == (
        "survey_fcr_answers",
        "channel",
        "email",
    )
    scores = pl.DataFrame({"score": [1, 2, 3, 4, 5], "responses": [1, 1, 1, 2, 2]})
    pick, by, _value = clicked(point(3), scores, Target(("csat_score:{score}",)))  # type: ignore[misc]
    assert (pick, by) == ("csat_score:4", "whole")
    assert parse_pick(pick) == Cut("csat_score", score=4)


def test_a_date_axis_click_reads_x() -> None:
    target = Target(("conversations",), "day")
    link = clicked({"curve_number": 2, "point_index": 0, "x": "2026-10-30"}, pl.DataFrame(), target)
    assert link == ("conversations", "day", date(2026, 10, 30))


def test_a_segment_of_a_stacked_day_bar_is_its_day_and_its_channel() -> None:
    volume = pl.DataFrame(
        {
            "day": [date(2026, 10, 5), date(2026, 10, 5), date(2026, 10, 6)],
            "channel": ["chat", "email", "chat"],
            "conversations": [7, 3, 5],
        }
    )
    figure = volume_by_channel(volume, {}, x_title="", y_title="")
    email = next(i for i, bar in enumerate(figure.data) if bar.customdata[0] == "email")
    target = Target(("conversations",), "day", by_channel=True)
    hit = point(0, curve=email, x="2026-10-05", customdata="email")
    assert clicked(hit, volume, target) == ("conversations", "day", date(2026, 10, 5))
    assert clicked_channel(hit, target) == "email"
    assert clicked_channel({**hit, "customdata": ["chat"]}, target) == "chat"
    assert clicked_channel(hit, Target(("conversations",), "day")) == ALL  # a whole-day cut
