"""The time-zones-of-demand chart builders as pure functions: the view's frames in, figures out."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.charts.demand_zones import demand_by_zone, local_hour_heatmap, night_and_day_response
from queries.views.demand_zones import hour_shares


def test_local_hour_heatmap_shares_per_zone() -> None:
    local = (
        pl.DataFrame(
            {
                "zone": ["Asia/Kolkata", "Asia/Taipei", "Asia/Taipei", "Asia/Taipei"],
                "local_hour": [23, 9, 10, 9],
                "conversations": [1, 2, 1, 3],
            },
            schema={"zone": pl.String, "local_hour": pl.Int64, "conversations": pl.Int64},
        )
        .group_by("zone", "local_hour")
        .agg(pl.col("conversations").sum())
    )
    figure = local_hour_heatmap(
        hour_shares(local), x_title="Hour", share_label="%", count_label="n"
    )
    (heat,) = figure.data
    assert list(heat.y) == ["Asia/Taipei", "Asia/Kolkata"]  # 6 contacts, then 1
    # Taipei: 09h (2 + 3) / 6 = 83.3 %, 10h 1 / 6 = 16.7 %; Kolkata: 23h 100 %
    assert heat.z[0][9] == pytest.approx(500 / 6)
    assert heat.z[0][10] == pytest.approx(100 / 6)
    assert heat.z[1][23] == pytest.approx(100)
    assert heat.z[1][0] == 0
    assert heat.customdata[0][9] == 5


def test_zones_stack_largest_first() -> None:
    by_hour = pl.DataFrame(
        {
            "hour": [9, 9, 10],
            "zone": ["Asia/Kolkata", "Asia/Taipei", "Asia/Taipei"],
            "conversations": [1, 2, 3],
        }
    )
    figure = demand_by_zone(by_hour, x_title="Hour", y_title="n")
    taipei, kolkata = figure.data
    assert (taipei.name, kolkata.name) == ("Asia/Taipei", "Asia/Kolkata")  # 5 contacts, then 1
    assert (list(taipei.x), list(taipei.y)) == ([9, 10], [2, 3])
    assert figure.layout.barmode == "stack"


def test_night_and_day_response_in_minutes() -> None:
    nights = pl.DataFrame(
        {
            "zone": ["Asia/Taipei"],
            "night_first_response_median_s": [90.0],
            "day_first_response_median_s": [None],
        },
        schema_overrides={"day_first_response_median_s": pl.Float64},
    )
    figure = night_and_day_response(
        nights, {"night": "Night", "day": "Day"}, x_title="", y_title=""
    )
    night, day = figure.data
    assert (night.name, day.name) == ("Night", "Day")
    assert night.y == (pytest.approx(1.5),)
    assert day.y == (None,)


def test_past_six_zones_the_rest_are_other_and_names_are_shown() -> None:
    zones = [f"Zone/{i}" for i in range(9)]
    by_hour = pl.DataFrame(
        {"hour": [9] * 9, "zone": zones, "conversations": [90, 80, 70, 60, 50, 40, 3, 2, 1]}
    )
    figure = demand_by_zone(
        by_hour, x_title="", y_title="", names={"Zone/0": "台北"}, other="其他時區"
    )
    assert [trace.name for trace in figure.data] == [
        "台北", "Zone/1", "Zone/2", "Zone/3", "Zone/4", "Zone/5", "其他時區",
    ]  # fmt: skip
    assert list(figure.data[-1].y) == [6]
    assert "Zone/0" in figure.data[0].hovertemplate  # the IANA name in the tooltip
