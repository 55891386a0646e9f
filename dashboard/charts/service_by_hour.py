"""Pure Plotly builders of the service-by-hour page (colours from `dashboard.charts.base`).

A Polars frame goes in, a Figure comes out. Hours are 0–23 on the x axis; the night
(22:00–07:00, `queries.metrics.hours.NIGHT_START`…`NIGHT_END`) is shaded.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import CHANNEL_COLORS, REFERENCE, SERIES_COLORS, base_layout, shade_hours
from queries.metrics.hours import NIGHT_END, NIGHT_START

NIGHT_HOURS = (*range(NIGHT_START, 24), *range(NIGHT_END))


def shade_night(figure: go.Figure) -> go.Figure:
    """Shade the night hours 22–23 and 0–6 behind the data."""
    return shade_hours(figure, NIGHT_HOURS)


def _hour_axis(figure: go.Figure) -> go.Figure:
    figure.update_xaxes(dtick=1, range=[-0.5, 23.5])
    return shade_night(figure)


def _minutes(values: pl.Series) -> list[float | None]:
    return [None if v is None else v / 60 for v in values.to_list()]


def first_response_by_hour(
    by_hour: pl.DataFrame, labels: Mapping[str, str], *, x_title: str, y_title: str
) -> go.Figure:
    """Median (bars, left axis) and p90 (line, its own right axis, so a slow tail never
    flattens the medians) first response in minutes per hour.

    `by_hour`: hour, first_response_median_s, first_response_p90_s, first_response_n;
    `labels`: translated "median" and "p90"."""
    hours = by_hour["hour"].to_list()
    figure = go.Figure()
    figure.add_bar(
        x=hours,
        y=_minutes(by_hour["first_response_median_s"]),
        name=labels["median"],
        marker_color=SERIES_COLORS[0],
        customdata=by_hour["first_response_n"].to_list(),
        hovertemplate="%{y:.1f} (n=%{customdata:,d})",
    )
    figure.add_scatter(
        x=hours,
        y=_minutes(by_hour["first_response_p90_s"]),
        name=labels["p90"],
        mode="lines+markers",
        line={"color": SERIES_COLORS[1], "dash": "dot"},
        marker={"symbol": "diamond"},
        hovertemplate="%{y:.1f}",
        yaxis="y2",
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(
        yaxis2={
            "title": {"text": labels.get("p90_axis", labels["p90"])},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        }
    )
    return _hour_axis(figure)


def service_level_by_channel(
    by_channel: pl.DataFrame,
    labels: Mapping[str, str],
    target: float,
    target_label: str,
    *,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Service level (0–100) per hour, one line per channel, with the target as a dashed line.

    `by_channel`: channel, hour, service_level, conversations; `target`: 0–100."""
    figure = go.Figure()
    for channel in by_channel["channel"].unique(maintain_order=True).to_list():
        part = by_channel.filter(pl.col("channel") == channel).sort("hour")
        figure.add_scatter(
            x=part["hour"].to_list(),
            y=part["service_level"].to_list(),
            name=labels.get(channel, channel),
            mode="lines+markers",
            line={"color": CHANNEL_COLORS.get(channel, SERIES_COLORS[5])},
            customdata=part["conversations"].to_list(),
            hovertemplate="%{y:.0f}% (n=%{customdata:,d})",
        )
    figure.add_hline(
        y=target,
        line_dash="dash",
        line_color=REFERENCE,
        annotation_text=target_label,
        annotation_position="top left",
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[0, 105])
    return _hour_axis(figure)
