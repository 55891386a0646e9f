"""The shift-gap heatmap of the coverage pages (24-hour coverage and next week): weekday × hour
cells in, a Figure out, centred at a gap of 0 (colours from `dashboard.charts.base`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import CHANNEL_COLORS, base_layout
from queries.plumbing.formats import decimal, signed

GAP_SCALE = ((0.0, "#1f6f8b"), (0.5, "#f7f7f7"), (1.0, "#c8553d"))
"""Diverging around a gap of 0: blue = more agents than needed, red = understaffed."""


def _level(share: float | None, language: str) -> str:
    shown = decimal(None if share is None else 100 * share, 0, language)
    return shown if shown == "—" else f"{shown}%"


def hover_numbers(cells: pl.DataFrame, language: str) -> list[list[str]]:
    """Per cell, as the gap tables show them (`queries.plumbing.formats`, one rounding):
    demand, required, scheduled, the signed gap and the predicted service level."""
    return [
        [
            decimal(row["demand"], 1, language),
            decimal(row["required"], 0, language),
            decimal(row["scheduled"], 1, language),
            signed(row["gap"], 1, language),
            _level(row["service_level"], language),
        ]
        for row in cells.iter_rows(named=True)
    ]


def gap_reach(gaps: pl.Series) -> float:
    """Half the colour range, centred at 0: the worst shortage, but at least a quarter of the
    largest surplus (and 1 agent), so a short hour is plainly red beside a heavy day shift and
    bigger surpluses saturate blue."""
    short = gaps.drop_nulls().clip(lower_bound=0).max()
    surplus = (-gaps.drop_nulls()).clip(lower_bound=0).max()
    return max(float(short or 0), 0.25 * float(surplus or 0), 1.0)  # type: ignore[arg-type]


def gap_heatmap(
    cells: pl.DataFrame,
    weekdays: Sequence[str],
    hover: Mapping[str, str],
    *,
    x_title: str,
    y_title: str,
    language: str = "en",
) -> go.Figure:
    """Weekday × hour heatmap of the gap (required − scheduled), centred at 0, red = short.

    `cells`: weekday, hour, demand, scheduled, required, gap, service_level (168 rows).
    `hover`: translated labels for demand, required, scheduled, gap and service_level. The
    tooltip's numbers are text formatted in `language` by the one number policy, so they read
    exactly as the gap tables beside the chart.
    """
    ordered = cells.sort("weekday", "hour")
    shape = (7, 24)
    gaps = ordered["gap"].fill_null(float("nan")).to_numpy().astype(float)
    shown = hover_numbers(ordered, language)
    reach = gap_reach(ordered["gap"])
    figure = go.Figure(
        go.Heatmap(
            z=gaps.reshape(shape),
            x=list(range(24)),
            y=list(weekdays),
            customdata=[shown[i * 24 : (i + 1) * 24] for i in range(7)],
            colorscale=[list(stop) for stop in GAP_SCALE],
            zmin=-reach,
            zmax=reach,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": hover["gap"]}},
            hovertemplate=(
                "%{y} %{x}:00<br>"
                f"{hover['demand']}: %{{customdata[0]}}<br>"
                f"{hover['required']}: %{{customdata[1]}}<br>"
                f"{hover['scheduled']}: %{{customdata[2]}}<br>"
                f"{hover['gap']}: %{{customdata[3]}}<br>"
                f"{hover['service_level']}: %{{customdata[4]}}<extra></extra>"
            ),
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(hovermode="closest", height=360)
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(autorange="reversed", rangemode="normal", gridcolor=None)
    if "forecast" in ordered.columns and "forecast" in hover:
        ahead = ordered.filter(pl.col("forecast") > 0)
        if not ahead.is_empty():  # hours still to come: forecast demand, not observed
            figure.add_scatter(
                x=ahead["hour"].to_list(),
                y=[weekdays[d] for d in ahead["weekday"].to_list()],
                mode="markers",
                marker={"symbol": "circle-open", "size": 9, "color": "#1d2b36"},
                name=hover["forecast"],
                hoverinfo="skip",
                showlegend=True,
            )
            figure.update_layout(legend={"orientation": "h", "y": -0.25})
    return figure


def required_by_channel(
    cells: pl.DataFrame,
    channels: Mapping[str, str],
    weekdays: Sequence[str],
    labels: Mapping[str, str],
    *,
    y_title: str,
) -> go.Figure:
    """Agents required per hour, stacked by channel (`required_<channel>` columns), against
    the agents on shift (a line), over the 168 hours of `cells` in their order.

    `channels`: channel → translated name; `labels`: translated "scheduled" and "hour"."""
    x = list(range(cells.height))
    when = [
        f"{weekdays[d]} {h:02d}:00" for d, h in zip(cells["weekday"], cells["hour"], strict=True)
    ]
    figure = go.Figure()
    for channel, name in channels.items():
        column = f"required_{channel}"
        if column not in cells.columns or not (cells[column].fill_null(0) > 0).any():
            continue
        figure.add_bar(
            x=x,
            y=cells[column].to_list(),
            name=name,
            marker_color=CHANNEL_COLORS.get(channel),
            customdata=when,
            hovertemplate="%{customdata} · %{y:.1f}",
        )
    figure.add_scatter(
        x=x,
        y=cells["scheduled"].to_list(),
        name=labels["scheduled"],
        mode="lines",
        line={"color": "#1d2b36", "width": 1.5},
        customdata=when,
        hovertemplate="%{customdata} · %{y:.1f}",
    )
    base_layout(figure, x_title="", y_title=y_title)
    ticks = [i for i in x if cells["hour"][i] == 0]
    figure.update_layout(barmode="stack", bargap=0.05, height=320)
    figure.update_xaxes(
        tickvals=ticks,
        ticktext=[weekdays[cells["weekday"][i]] for i in ticks],
        ticklabelmode="period",
    )
    return figure
