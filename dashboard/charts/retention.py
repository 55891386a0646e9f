"""Pure Plotly builders for the retention and voice-of-the-customer pages.

A Polars frame goes in, a Figure comes out; colours and layout come from `dashboard.charts`,
and a value whose n is below `SMALL_SAMPLE` is drawn faded (hatched on bars).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import base_layout, error_bars, sample_colors, sample_patterns
from dashboard.charts.palette import BAD, GOOD, SERIES_COLORS

SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
"""One marker per curve, so the curves differ without colour."""


def retention_curves(
    frame: pl.DataFrame,
    *,
    label: str,
    colors: Sequence[str] = SERIES_COLORS,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Retention (%) at 30, 60 and 90 days, one line per `label` (in frame order), with 95 %
    whiskers; points with fewer than 30 eligible customers are faded. Long frame: label, days,
    eligible, retention, retention_low, retention_high."""
    figure = go.Figure()
    names = frame.get_column(label).unique(maintain_order=True).to_list()
    for index, name in enumerate(names):
        part = frame.filter(pl.col(label) == name)
        color = colors[index % len(colors)]
        figure.add_scatter(
            x=part["days"].to_list(),
            y=part["retention"].to_list(),
            name=name,
            mode="lines+markers",
            line={"color": color, "width": 2},
            marker={
                "size": 9,
                "color": sample_colors(part["eligible"].to_list(), color),
                "symbol": SYMBOLS[index % len(SYMBOLS)],
            },
            error_y=error_bars(
                part["retention"], part["retention_low"], part["retention_high"], color
            ),
            customdata=part["eligible"].to_list(),
            hovertemplate=f"{name}: " + "%{y:.1f}% (n=%{customdata:,})<extra></extra>",
        )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_xaxes(tickvals=[30, 60, 90], range=[20, 100])
    figure.update_yaxes(range=[0, 100], rangemode="normal")
    return figure


def horizon_bars(
    frame: pl.DataFrame,
    *,
    x: str,
    names: dict[int, str],
    x_title: str,
    y_title: str,
    monthly: bool = False,
) -> go.Figure:
    """Grouped bars of retention (%) per `x` (e.g. cohort month), one series per horizon in
    `names` ({days: legend name}); small-n bars faded and hatched. Long frame: x, days,
    eligible, retention.
    `monthly`: x holds the first day of each month, labelled YYYY-MM."""
    figure = go.Figure()
    for index, (days, name) in enumerate(names.items()):
        part = frame.filter(pl.col("days") == days)
        figure.add_bar(
            x=part[x].to_list(),
            y=part["retention"].to_list(),
            name=name,
            marker_color=sample_colors(part["eligible"].to_list(), SERIES_COLORS[index]),
            marker_pattern=sample_patterns(part["eligible"].to_list()),
            customdata=part["eligible"].to_list(),
            hovertemplate="%{y:.1f}% (n=%{customdata:,})",
        )
    figure.update_layout(barmode="group")
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[0, 100], rangemode="normal")
    if monthly:
        figure.update_xaxes(tickformat="%Y-%m", dtick="M1")
    return figure


def labelled_bars(
    frame: pl.DataFrame,
    *,
    value: str,
    n: str,
    x_title: str,
    y_title: str = "",
    digits: int = 1,
    suffix: str = "",
    x_max: float | None = None,
) -> go.Figure:
    """Horizontal bars, one per row (first on top), labelled "label · n=…" and with the value
    as text; `good` (bool, optional) colours a bar blue (good) or orange (bad), otherwise the main
    colour.
    `x_max` fixes the axis at [0, x_max] (100 for a percentage)."""
    good = frame["good"].to_list() if "good" in frame.columns else [None] * frame.height
    base = [SERIES_COLORS[0] if g is None else GOOD if g else BAD for g in good]
    counts = frame[n].to_list()
    colors = sample_colors(counts, base)
    values = frame[value].to_list()
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[f"{name} · n={c or 0:,}" for name, c in zip(frame["label"], counts, strict=True)],
            orientation="h",
            marker_color=colors,
            marker_pattern=sample_patterns(counts),
            text=[None if v is None else f"{v:,.{digits}f}{suffix}" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(
        hovermode="closest", height=max(200, 36 * frame.height + 90), margin={"r": 60}
    )
    figure.update_yaxes(autorange="reversed", type="category", gridcolor=None)
    figure.update_xaxes(showgrid=True, gridcolor="#e6ecf0", rangemode="tozero")
    if x_max is not None:
        figure.update_xaxes(range=[0, x_max])
    return figure
