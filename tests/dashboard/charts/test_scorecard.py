"""The 3A charts: pillar lines with gaps where a pillar is not measured and grey points on
small samples; the fair-comparison scatter (pure Plotly, no Streamlit)."""

from __future__ import annotations

import polars as pl

from dashboard.charts.base import SERIES_COLORS
from dashboard.charts.palette import faded
from dashboard.charts.scorecard import PILLAR_COLORS, fair_scatter, pillar_lines

NAMES = {"availability": "Availability", "accuracy": "Accuracy", "authenticity": "Authenticity"}


def test_pillar_lines_leave_gaps_and_grey_small_samples() -> None:
    frame = pl.DataFrame(
        {
            "local_hour": [0, 1],
            "conversations": [40, 10],
            "reviews": [0, 31],
            "availability": [80.0, 60.0],
            "accuracy": [70.0, None],
            "authenticity": [None, 55.0],
        }
    )
    figure = pillar_lines(frame, x="local_hour", names=NAMES, x_title="", y_title="", night=[0])
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces["Accuracy"].y) == [70.0, None]
    assert traces["Accuracy"].connectgaps is False
    availability, authenticity = PILLAR_COLORS["availability"], PILLAR_COLORS["authenticity"]
    assert list(traces["Availability"].marker.color) == [availability, faded(availability)]
    assert list(traces["Authenticity"].marker.color) == [faded(authenticity), authenticity]
    assert len(figure.layout.shapes) == 1  # the night shaded


def test_fair_scatter_draws_measured_agents_and_the_diagonal() -> None:
    frame = pl.DataFrame(
        {
            "agent": ["Mei", "Raj", "Zoe"],
            "csat": [80.0, 50.0, None],
            "csat_expected": [70.0, 60.0, 65.0],
            "csat_n": [40, 5, 0],
        }
    )
    figure = fair_scatter(
        frame, value="csat", expected="csat_expected", n="csat_n", label="agent",
        x_title="", y_title="",
    )  # fmt: skip
    points, diagonal = figure.data
    assert list(points.text) == ["Mei", "Raj"]
    assert list(points.marker.color)[1] == faded(SERIES_COLORS[0])
    assert list(diagonal.x) == [0, 100]
