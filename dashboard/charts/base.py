"""Pure Plotly figure builders: a Polars frame in, a Figure out. One colour and format policy,
used by every chart module: a value whose n is below `SMALL_SAMPLE` is drawn in `MUTED` grey,
95 % intervals are `error_bars`, night hours are shaded with `shade_hours`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go
import polars as pl

from queries.metrics.thresholds import SMALL_SAMPLE

CHANNEL_COLORS = {"chat": "#1f6f8b", "email": "#99a8b2", "phone": "#e4a84b", "social": "#8a5a83"}
SERIES_COLORS = ("#1f6f8b", "#e4a84b", "#8a5a83", "#5b9e6d", "#c8553d", "#99a8b2")
FONT = "Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif"
MUTED = "#c9d1d6"
"""A value on fewer than `SMALL_SAMPLE` cases: a thin sample never looks as solid as a thick one."""
REFERENCE = "#6b7b86"
"""Whiskers of 95 % intervals and reference lines (a target)."""
NIGHT_SHADE = "rgba(138, 90, 131, 0.10)"


def sample_colors(
    n: Sequence[int | None], color: str | Sequence[str] = SERIES_COLORS[0]
) -> list[str]:
    """`color` (one, or one per value) for each value, `MUTED` where its n is below
    `SMALL_SAMPLE` (or missing)."""
    colors = [color] * len(n) if isinstance(color, str) else list(color)
    return [MUTED if (count or 0) < SMALL_SAMPLE else c for count, c in zip(n, colors, strict=True)]


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


GAP_SCALE = ((0.0, "#1f6f8b"), (0.5, "#f7f7f7"), (1.0, "#c8553d"))
"""Diverging around a gap of 0: blue = more agents than needed, red = understaffed."""
ZONE_COLORS = (
    *SERIES_COLORS,
    "#2a9d8f",
    "#b5838d",
    "#6d597a",
    "#e76f51",
    "#8ab17d",
    "#457b9d",
)


def _level(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


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
) -> go.Figure:
    """Weekday × hour heatmap of the gap (required − scheduled), centred at 0, red = short.

    `cells`: weekday, hour, demand, scheduled, required, gap, service_level (168 rows).
    `hover`: translated labels for demand, required, scheduled, gap and service_level.
    """
    ordered = cells.sort("weekday", "hour")
    shape = (7, 24)
    numbers = ordered.select("demand", "required", "scheduled", "gap").fill_null(float("nan"))
    custom = numbers.to_numpy().astype(float).reshape(*shape, 4)
    levels = [_level(v) for v in ordered["service_level"].to_list()]
    reach = gap_reach(ordered["gap"])
    figure = go.Figure(
        go.Heatmap(
            z=numbers["gap"].to_numpy().reshape(shape),
            x=list(range(24)),
            y=list(weekdays),
            customdata=custom,
            text=[levels[i * 24 : (i + 1) * 24] for i in range(7)],
            colorscale=[list(stop) for stop in GAP_SCALE],
            zmin=-reach,
            zmax=reach,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": hover["gap"]}},
            hovertemplate=(
                "%{y} %{x}:00<br>"
                f"{hover['demand']}: %{{customdata[0]:.1f}}<br>"
                f"{hover['required']}: %{{customdata[1]:.0f}}<br>"
                f"{hover['scheduled']}: %{{customdata[2]:.1f}}<br>"
                f"{hover['gap']}: %{{customdata[3]:+.1f}}<br>"
                f"{hover['service_level']}: %{{text}}<extra></extra>"
            ),
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(hovermode="closest", height=360)
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(autorange="reversed", rangemode="normal", gridcolor=None)
    return figure


def demand_by_zone(by_hour: pl.DataFrame, *, x_title: str, y_title: str) -> go.Figure:
    """Stacked bars per hour, one series per customer time zone (largest first).

    `by_hour`: hour, zone, conversations."""
    totals = (
        by_hour.group_by("zone")
        .agg(pl.col("conversations").sum())
        .sort(["conversations", "zone"], descending=[True, False])
    )
    figure = go.Figure()
    for index, zone in enumerate(totals["zone"].to_list()):
        part = by_hour.filter(pl.col("zone") == zone)
        figure.add_bar(
            x=part["hour"].to_list(),
            y=part["conversations"].to_list(),
            name=zone,
            marker_color=ZONE_COLORS[index % len(ZONE_COLORS)],
            hovertemplate="%{y:,d}",
        )
    figure.update_layout(barmode="stack")
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_xaxes(dtick=1)
    return figure


def night_and_day_response(
    nights: pl.DataFrame, labels: Mapping[str, str], *, x_title: str, y_title: str
) -> go.Figure:
    """Median first response (minutes) per customer zone, night against day.

    `nights`: zone, night_first_response_median_s, day_first_response_median_s;
    `labels`: translated names for "night" and "day"."""
    figure = go.Figure()
    for key, color in (("night", SERIES_COLORS[2]), ("day", SERIES_COLORS[1])):
        minutes = [None if s is None else s / 60 for s in nights[f"{key}_first_response_median_s"]]
        figure.add_bar(
            x=nights["zone"].to_list(),
            y=minutes,
            name=labels[key],
            marker_color=color,
            hovertemplate="%{y:.1f}",
        )
    figure.update_layout(barmode="group")
    return base_layout(figure, x_title=x_title, y_title=y_title)
