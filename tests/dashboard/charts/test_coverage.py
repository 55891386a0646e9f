"""The shift-gap heatmap of the coverage pages as a pure function: cells in, a figure out."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.charts.coverage import gap_heatmap, gap_reach
from dashboard.panels.coverage import gaps_table
from queries.views.next_week import NextWeekView
from tests.builders import at


def test_forecast_hours_feed_the_coverage_heatmap() -> None:
    """The next-week page reuses `gap_heatmap`: 168 rows in time order, not Monday-first."""
    hours = pl.DataFrame(
        {
            "date": [date(2024, 1, 24)] * 168,  # only the (weekday, hour) pairs matter here
            "weekday": [(2 + k // 24) % 7 for k in range(168)],  # from Wednesday
            "hour": [k % 24 for k in range(168)],
            "demand": [1.0] * 168,
            "scheduled": [0.0] * 168,
            "required": [2] * 168,
            "service_level": [0.0] * 168,
        }
    ).with_columns(gap=pl.col("required") - pl.col("scheduled"))
    hours = hours.with_columns(
        gap=pl.when((pl.col("weekday") == 0) & (pl.col("hour") == 3)).then(-1.0).otherwise("gap")
    )
    forecast = NextWeekView.of(4, at("2024-01-24 00:00", "UTC"), 400.0, hours)
    figure = gap_heatmap(
        forecast.hours,
        list("MTWTFSS"),
        dict.fromkeys(("demand", "required", "scheduled", "gap", "service_level"), "x"),
        x_title="",
        y_title="",
    )
    (heat,) = figure.data
    assert heat.z[0][3] == -1.0  # Monday row, 03h: sorted back to Monday-first
    assert heat.z[2][0] == 2.0
    assert not forecast.has_shifts


def test_the_colour_range_is_centred_at_zero() -> None:
    # the worst shortage (3), unless a quarter of the largest surplus (16 / 4 = 4) is more
    assert gap_reach(pl.Series([3.0, -2.0, None])) == 3
    assert gap_reach(pl.Series([3.0, -16.0])) == 4
    assert gap_reach(pl.Series([0.25, -1.0])) == 1  # at least one agent


def test_the_tooltip_and_the_gaps_table_round_a_gap_alike() -> None:
    """A gap of 5.25 agents read "+5.3" in the heatmap (d3) but 5.2 in the table (Polars'
    half-to-even round): both now go through `queries.plumbing.formats`."""
    cells = pl.DataFrame(
        {
            "weekday": [k // 24 for k in range(168)],
            "hour": [k % 24 for k in range(168)],
            "demand": [2.25] * 168,
            "scheduled": [0.75] * 168,
            "required": [6] * 168,
            "service_level": [0.125] * 168,
        }
    ).with_columns(gap=pl.lit(5.25), service_level_pct=100 * pl.col("service_level"))
    labels = dict.fromkeys(("demand", "required", "scheduled", "gap", "service_level"), "x")
    (heat,) = gap_heatmap(cells, list("MTWTFSS"), labels, x_title="", y_title="").data
    assert list(heat.customdata[0][3]) == ["2.3", "6", "0.8", "+5.3", "13%"]
    assert "%{customdata[3]}" in heat.hovertemplate  # text as formatted, no d3 rounding
    row = gaps_table(cells).row(0)
    assert row[2:7] == (2.3, 0.8, 6, 5.3, 13.0)  # the same numbers in the table
