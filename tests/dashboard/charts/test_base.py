"""The one colour policy of `dashboard.charts`: small samples faded, whiskers, night shading."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.charts.base import (
    NIGHT_SHADE,
    REFERENCE,
    error_bars,
    sample_colors,
    shade_hours,
)
from dashboard.charts.palette import SERIES_COLORS, faded
from dashboard.charts.rates import hour_rates
from dashboard.kit.components import SMALL_SAMPLE
from queries.metrics.hours import night_hours


def test_small_samples_keep_their_hue_faded() -> None:
    n = [SMALL_SAMPLE - 1, SMALL_SAMPLE, None]
    thin = "rgba(0, 0, 0, 0.35)"
    assert sample_colors(n, "#000000") == [thin, "#000000", thin]
    three = ["#111111", "#222222", "#333333"]
    assert sample_colors(n, three) == [faded("#111111"), "#222222", faded("#333333")]


def test_error_bars_are_asymmetric_and_empty_where_the_value_is_missing() -> None:
    values, low, high = pl.Series([50.0, None]), pl.Series([40.0, None]), pl.Series([55.0, None])
    bars = error_bars(values, low, high)
    assert bars["array"] == pytest.approx([5.0, 0.0])
    assert bars["arrayminus"] == pytest.approx([10.0, 0.0])
    assert bars["color"] == REFERENCE
    assert error_bars(values, low, high, "#123456")["color"] == "#123456"


def test_night_is_one_band_per_run_of_hours() -> None:
    figure = shade_hours(go.Figure(), night_hours())  # 22, 23, 0, …, 6
    bands = sorted((shape.x0, shape.x1) for shape in figure.layout.shapes)
    assert bands == [(-0.5, 6.5), (21.5, 23.5)]
    assert {shape.fillcolor for shape in figure.layout.shapes} == {NIGHT_SHADE}


def test_hour_rates_reads_its_hour_column() -> None:
    frame = pl.DataFrame(
        {"hour": [0, 12], "csat": [80.0, 90.0], "csat_low": [70.0, 85.0],
         "csat_high": [88.0, 94.0], "csat_n": [40, 5]}
    )  # fmt: skip
    figure = hour_rates(
        frame, x="hour", value="csat", n="csat_n", night_hours=night_hours(),
        x_title="", y_title="",
    )  # fmt: skip
    (bars,) = figure.data
    assert list(bars.x) == [0, 12]
    assert bars.marker.color[1] == faded(SERIES_COLORS[0])
    assert len(figure.layout.shapes) == 2
