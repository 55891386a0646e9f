"""Pure Plotly figure builders: a Polars frame in, a Figure out. One colour and format policy,
used by every chart module (colours in `dashboard.charts.palette`): a value whose n is below
`SMALL_SAMPLE` keeps its hue, faded, 95 % intervals are `error_bars`, night hours are shaded
with `shade_hours`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.palette import CHANNEL_COLORS, SERIES_COLORS, SMALL_PATTERN, faded
from queries.metrics.hours import hour_key, hour_labels
from queries.metrics.thresholds import SMALL_SAMPLE

FONT = "Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif"
REFERENCE = "#6b7b86"
"""Whiskers of 95 % intervals and reference lines (a target)."""
NIGHT_SHADE = "rgba(86, 180, 233, 0.12)"
AHEAD_SHADE = "rgba(107, 123, 134, 0.10)"
"""Hours still to come: no data yet, not hours without contacts."""


def sample_colors(
    n: Sequence[int | None], color: str | Sequence[str] = SERIES_COLORS[0]
) -> list[str]:
    """`color` (one, or one per value) for each value, faded where its n is below
    `SMALL_SAMPLE` (or missing): a thin sample never looks as solid as a thick one."""
    colors = [color] * len(n) if isinstance(color, str) else list(color)
    return [
        faded(c) if (count or 0) < SMALL_SAMPLE else c for count, c in zip(n, colors, strict=True)
    ]


def sample_patterns(n: Sequence[int | None]) -> dict[str, object]:
    """A bar marker's hatching: small samples hatched, the rest plain."""
    return {"shape": [SMALL_PATTERN if (c or 0) < SMALL_SAMPLE else "" for c in n]}


def error_bars(
    values: pl.Series, low: pl.Series, high: pl.Series, color: str = REFERENCE
) -> dict[str, object]:
    """Asymmetric 95 % whiskers from a value and its bounds (nothing where the value is null)."""
    plus = (high - values).fill_null(0).to_list()
    minus = (values - low).fill_null(0).to_list()
    return {"type": "data", "array": plus, "arrayminus": minus, "color": color, "width": 3}


def shade_hours(figure: go.Figure, hours: Iterable[int]) -> go.Figure:
    """Shade `hours` (0–23 on the x axis) behind the data, one band per run of adjacent hours."""
    runs: list[list[int]] = []
    for hour in sorted(set(hours)):
        if runs and hour == runs[-1][1] + 1:
            runs[-1][1] = hour
        else:
            runs.append([hour, hour])
    for first, last in runs:
        figure.add_vrect(
            x0=first - 0.5, x1=last + 0.5, fillcolor=NIGHT_SHADE, line_width=0, layer="below"
        )
    return figure


def base_layout(figure: go.Figure, *, x_title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        plot_bgcolor="white",
        hovermode="x unified",
        height=340,
    )
    plain = {"exponentformat": "none", "separatethousands": True}  # 12,115, never 12.115k
    figure.update_xaxes(title_text=x_title, showgrid=False, **plain)
    figure.update_yaxes(title_text=y_title, gridcolor="#e6ecf0", rangemode="tozero", **plain)
    return figure


DAY_MS = 86_400_000


def one_day_axis(figure: go.Figure, xs: Sequence[Any]) -> go.Figure:
    """A trend of a single day (a one-day period) drawn as one day among its neighbours: the
    axis spans the day before and after, ticked once per day, and a bar is a day wide at
    most, not the whole chart (Plotly would zoom in to milliseconds around the lone point)."""
    days = {x for x in xs if isinstance(x, date)}
    if len(days) != 1:
        return figure
    (day,) = days
    left, right = (f"{day.fromordinal(day.toordinal() + k).isoformat()} 12:00" for k in (-2, 1))
    figure.update_xaxes(type="date", range=[left, right], dtick=DAY_MS)
    figure.update_traces(width=0.8 * DAY_MS, selector={"type": "bar"})
    return figure


def volume_by_channel(
    frame: pl.DataFrame,
    labels: Mapping[str, str],
    *,
    x_title: str,
    y_title: str,
    partial_day: date | None = None,
) -> go.Figure:
    """Stacked daily bars. `frame` has columns day, channel, conversations. The day still under
    way (`partial_day`) is hatched and pale: it is not a full day's volume."""
    figure = go.Figure()
    for channel, color in CHANNEL_COLORS.items():
        part = frame.filter(pl.col("channel") == channel)
        if part.is_empty():
            continue
        days = part["day"].to_list()
        figure.add_bar(
            x=days,
            y=part["conversations"].to_list(),
            name=labels.get(channel, channel),
            customdata=[channel] * len(days),  # a click knows its segment's channel
            marker={
                "color": color,
                "opacity": [0.45 if d == partial_day else 1.0 for d in days],
                "pattern": {"shape": ["/" if d == partial_day else "" for d in days]},
            },
            hovertemplate="%{y:,d}",
        )
    figure.update_layout(barmode="stack")
    return base_layout(figure, x_title=x_title, y_title=y_title)


def volume_by_hour(
    frame: pl.DataFrame,
    hours: Sequence[datetime],
    labels: Mapping[str, str],
    *,
    begun: int,
    under_way: datetime | None,
    x_title: str,
    y_title: str,
    ahead: str,
) -> go.Figure:
    """Stacked bars per local hour of one day (`hours`, DST-correct: 23 to 25 of them). `frame`
    has columns hour, channel, conversations. The hour under way is hatched and pale; the
    hours after the first `begun` are still to come: left empty under a band named `ahead`
    (not drawn as hours without contacts)."""
    figure = go.Figure()
    for channel, color in CHANNEL_COLORS.items():
        part = frame.filter(pl.col("channel") == channel)
        if part.is_empty():
            continue
        starts = part["hour"].to_list()
        figure.add_bar(
            x=[hour_key(h) for h in starts],
            y=part["conversations"].to_list(),
            name=labels.get(channel, channel),
            customdata=[channel] * len(starts),
            marker={
                "color": color,
                "opacity": [0.45 if h == under_way else 1.0 for h in starts],
                "pattern": {"shape": ["/" if h == under_way else "" for h in starts]},
            },
            hovertemplate="%{y:,d}",
        )
    figure.update_layout(barmode="stack")
    base_layout(figure, x_title=x_title, y_title=y_title)
    keys = [hour_key(h) for h in hours]
    figure.update_xaxes(
        type="category", categoryorder="array", categoryarray=keys, range=[-0.5, len(keys) - 0.5]
    )
    figure.update_xaxes(tickvals=keys, ticktext=hour_labels(hours), tickangle=-45)
    if begun < len(hours):  # the rest of the day has not happened yet
        figure.add_vrect(
            x0=begun - 0.5,
            x1=len(hours) - 0.5,
            fillcolor=AHEAD_SHADE,
            line_width=0,
            layer="below",
            annotation_text=ahead,
            annotation_position="top left",
        )
    return figure


TEXT_FIELDS = ("x", "y", "text", "hovertext", "labels", "name", "customdata", "legendgroup")
"""Trace fields that can carry names from the data (teams, categories, agents, zones)."""


def escaped(figure: go.Figure) -> go.Figure:
    """`figure` with the text from the data HTML-escaped, so Plotly shows `<a href=…>` or
    `<b>` in a name as text instead of a link or bold (docs/architecture.md, "Safe output").
    Our own hover templates keep their markup; only values are escaped. Call it once."""
    for trace in figure.data:
        for field in TEXT_FIELDS:
            value = trace[field] if field in trace else None  # noqa: SIM401 (no .get on traces)
            if value is not None:
                trace[field] = _escape(value)
    return figure


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    kind = getattr(getattr(value, "dtype", None), "kind", "-")  # numpy text or object arrays
    if isinstance(value, (list, tuple)) or kind in "OU":
        return [_escape(item) for item in value]
    return value
