"""Pure Plotly figure builders: a Polars frame in, a Figure out. One colour and format policy."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

CHANNEL_COLORS = {"chat": "#1f6f8b", "email": "#99a8b2", "phone": "#e4a84b", "social": "#8a5a83"}
SERIES_COLORS = ("#1f6f8b", "#e4a84b", "#8a5a83", "#5b9e6d", "#c8553d", "#99a8b2")
FONT = "Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif"


def base_layout(figure: go.Figure, *, x_title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        plot_bgcolor="white",
        hovermode="x unified",
        height=340,
    )
    figure.update_xaxes(title_text=x_title, showgrid=False)
    figure.update_yaxes(title_text=y_title, gridcolor="#e6ecf0", rangemode="tozero")
    return figure


def volume_by_channel(
    frame: pl.DataFrame, labels: Mapping[str, str], *, x_title: str, y_title: str
) -> go.Figure:
    """Stacked daily bars. `frame` has columns day, channel, conversations."""
    figure = go.Figure()
    for channel, color in CHANNEL_COLORS.items():
        part = frame.filter(pl.col("channel") == channel)
        if part.is_empty():
            continue
        figure.add_bar(
            x=part["day"].to_list(),
            y=part["conversations"].to_list(),
            name=labels.get(channel, channel),
            marker_color=color,
            hovertemplate="%{y:,d}",
        )
    figure.update_layout(barmode="stack")
    return base_layout(figure, x_title=x_title, y_title=y_title)
