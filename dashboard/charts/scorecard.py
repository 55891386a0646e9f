"""Pure Plotly builders of the 3A scorecard: the three pillars as lines over a time bucket or
the customer's local hour (0–100; a missing pillar leaves a gap, never a zero)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import REFERENCE, SERIES_COLORS, base_layout, shade_hours
from dashboard.charts.palette import faded
from queries.metrics.thresholds import SMALL_SAMPLE

PILLAR_COLORS = {
    "availability": SERIES_COLORS[0],
    "accuracy": SERIES_COLORS[1],
    "authenticity": SERIES_COLORS[2],
}


def pillar_lines(
    frame: pl.DataFrame,
    *,
    x: str,
    names: Mapping[str, str],
    x_title: str,
    y_title: str,
    night: list[int] | None = None,
) -> go.Figure:
    """One line per pillar in `names` (key -> shown name) over `x`; a point on fewer than
    `SMALL_SAMPLE` cases (conversations, or reviews for Authenticity) is a faded marker; with
    `night` (hours), the night hours shaded."""
    figure = go.Figure()
    xs = frame[x].to_list()
    if frame.schema[x] == pl.Date:  # whole days: no hour ticks between them
        xs = [None if day is None else day.isoformat() for day in xs]
    for key, name in names.items():
        sizes = frame["reviews" if key == "authenticity" else "conversations"].to_list()
        colors = [
            faded(PILLAR_COLORS[key]) if (n or 0) < SMALL_SAMPLE else PILLAR_COLORS[key]
            for n in sizes
        ]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=frame[key].to_list(),
                name=name,
                mode="lines+markers",
                line={"color": PILLAR_COLORS[key], "width": 2},
                marker={"color": colors, "size": 7},
                connectgaps=False,
                hovertemplate="%{y:.1f}<extra>" + name + "</extra>",
            )
        )
    if night is not None:
        shade_hours(figure, night)
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[0, 100])
    if frame.schema[x] == pl.Date:
        figure.update_xaxes(type="category")
    return figure


def fair_scatter(
    frame: pl.DataFrame,
    *,
    value: str,
    expected: str,
    n: str,
    label: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Each agent's own rate against the floor's on the same cells, with the line y = x: above
    the line is better than the floor would have done on that mix; a point on fewer than
    `SMALL_SAMPLE` cases is faded."""
    shown = frame.filter(pl.col(value).is_not_null() & pl.col(expected).is_not_null())
    colors = [
        faded(SERIES_COLORS[0]) if (count or 0) < SMALL_SAMPLE else SERIES_COLORS[0]
        for count in shown[n].to_list()
    ]
    figure = go.Figure(
        go.Scatter(
            x=shown[expected].to_list(),
            y=shown[value].to_list(),
            text=shown[label].to_list(),
            mode="markers",
            marker={"color": colors, "size": 10},
            hovertemplate="%{text}: %{y:.1f} (%{x:.1f})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            line={"color": REFERENCE, "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(hovermode="closest", showlegend=False)
    return figure
