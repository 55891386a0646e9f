"""Pure Plotly builders for the value-centre pages (CSAT, NPS, FCR).

A Polars frame goes in, a Figure comes out. Colours and layout come from `dashboard.charts`;
a rate whose n is below `SMALL_SAMPLE` is drawn faded (and hatched on bars) with an "n" label,
so a thin sample never looks as solid as a thick one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import (
    base_layout,
    error_bars,
    one_day_axis,
    sample_colors,
    sample_patterns,
    shade_hours,
)
from dashboard.charts.palette import NPS_COLORS, SCORE_COLORS, SERIES_COLORS, faded

MAIN = SERIES_COLORS[0]
BAND = faded(MAIN, 0.15)


def _n_text(n: Sequence[int | None]) -> list[str]:
    return [f"n={count:,}" for count in (c or 0 for c in n)]


def rate_trend(
    frame: pl.DataFrame,
    *,
    x: str,
    value: str,
    n: str,
    name: str,
    band_name: str,
    x_title: str,
    y_title: str,
    signed: bool = False,
    provisional: Sequence[bool] | None = None,
    late_name: str = "",
) -> go.Figure:
    """A rate per bucket with its 95 % band (`<value>_low` … `<value>_high`); small-n points
    are faded. `signed` for NPS (−100…100), otherwise 0–100 %. Buckets flagged `provisional`
    (answers still arriving) are hollow on a dotted line named `late_name`. Every trace holds
    every bucket (None where it draws nothing), so a click's point index is the frame's row."""
    xs = frame[x].to_list()
    figure = go.Figure()
    figure.add_scatter(
        x=xs,
        y=frame[f"{value}_high"].to_list(),
        mode="lines",
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
    )
    figure.add_scatter(
        x=xs,
        y=frame[f"{value}_low"].to_list(),
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor=BAND,
        name=band_name,
        hoverinfo="skip",
    )
    ys = frame[value].to_list()
    late = list(provisional or [False] * len(ys))
    first_late = late.index(True) if True in late else len(ys)
    solid = [y if i < first_late else None for i, y in enumerate(ys)]
    figure.add_scatter(
        x=xs,
        y=solid,
        mode="lines",
        line={"color": MAIN, "width": 2},
        name=name,
        hoverinfo="skip",
        legendgroup="rate",
    )
    if first_late < len(ys):
        dashed = [y if i >= first_late - 1 else None for i, y in enumerate(ys)]
        figure.add_scatter(
            x=xs,
            y=dashed,
            mode="lines",
            name=late_name,
            line={"color": MAIN, "width": 2, "dash": "dot"},
            hoverinfo="skip",
        )
    figure.add_scatter(
        x=xs,
        y=ys,
        mode="markers",
        name=name,
        showlegend=False,
        legendgroup="rate",
        marker={
            "color": [  # an open symbol draws its outline in this colour
                MAIN if is_late else color
                for is_late, color in zip(late, sample_colors(frame[n].to_list()), strict=True)
            ],
            "symbol": ["circle-open" if is_late else "circle" for is_late in late],
            "size": [11 if is_late else 8 for is_late in late],
            "line": {"color": MAIN, "width": 1.5},
        },
        customdata=frame[n].to_list(),
        hovertemplate="%{y:.1f} (n=%{customdata:,})<extra></extra>",
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[-100, 100] if signed else [0, 100], rangemode="normal")
    return one_day_axis(figure, xs)


def rate_bars(
    frame: pl.DataFrame,
    *,
    label: str,
    value: str,
    n: str,
    x_title: str,
    y_title: str = "",
    signed: bool = False,
) -> go.Figure:
    """Horizontal bars, one per row in order (first on top), with 95 % error bars when the
    frame has `<value>_low`/`<value>_high`, "n=…" in each bar's label and small-n bars faded
    and hatched."""
    has_ci = f"{value}_low" in frame.columns
    figure = go.Figure(
        go.Bar(
            x=frame[value].to_list(),
            y=[
                f"{name} · {count}"
                for name, count in zip(
                    frame[label].to_list(), _n_text(frame[n].to_list()), strict=True
                )
            ],
            orientation="h",
            marker_color=sample_colors(frame[n].to_list()),
            marker_pattern=sample_patterns(frame[n].to_list()),
            error_x=(
                error_bars(frame[value], frame[f"{value}_low"], frame[f"{value}_high"])
                if has_ci
                else None
            ),
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(
        hovermode="closest", height=max(220, 34 * frame.height + 90), margin={"r": 20}
    )
    figure.update_yaxes(autorange="reversed", type="category", gridcolor=None)
    figure.update_xaxes(
        range=[-100, 100] if signed else [0, 105], showgrid=True, gridcolor="#e6ecf0"
    )
    return figure


def hour_rates(
    frame: pl.DataFrame,
    *,
    value: str,
    n: str,
    night_hours: Sequence[int],
    x_title: str,
    y_title: str,
    x: str = "local_hour",
) -> go.Figure:
    """A rate per hour 0–23 (column `x`) with its 95 % interval (`<value>_low` … `_high`),
    night hours shaded, small-n bars faded and hatched."""
    figure = go.Figure(
        go.Bar(
            x=frame[x].to_list(),
            y=frame[value].to_list(),
            marker_color=sample_colors(frame[n].to_list()),
            marker_pattern=sample_patterns(frame[n].to_list()),
            error_y=error_bars(frame[value], frame[f"{value}_low"], frame[f"{value}_high"]),
            customdata=frame[n].to_list(),
            hovertemplate="%{x}:00 · %{y:.1f} (n=%{customdata:,})<extra></extra>",
        )
    )
    shade_hours(figure, night_hours)
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(dtick=1, range=[-0.5, 23.5])
    figure.update_yaxes(range=[0, 100], rangemode="normal")
    return figure


def score_bars(frame: pl.DataFrame, *, x_title: str, y_title: str) -> go.Figure:
    """The 1–5 distribution (`score`, `responses`, `share`): bars from orange (bad) to blue
    (good), each labelled with its share."""
    figure = go.Figure(
        go.Bar(
            x=frame["score"].to_list(),
            y=frame["responses"].to_list(),
            marker_color=list(SCORE_COLORS[: frame.height]),
            text=[None if s is None else f"{s:.1f}%" for s in frame["share"].to_list()],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:,d} (%{text})<extra></extra>",
        )
    )
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(dtick=1, type="category")
    return figure


def nps_mix(
    frame: pl.DataFrame, *, x: str, labels: Mapping[str, str], x_title: str, y_title: str
) -> go.Figure:
    """100 % stacked promoter / passive / detractor shares per row of `x`
    (`queries.views.nps.nps_mix`); `labels` names "promoter", "passive" and "detractor"."""
    figure = go.Figure()
    for kind in ("detractor", "passive", "promoter"):
        figure.add_bar(
            x=frame[x].to_list(),
            y=frame[f"{kind}_share"].to_list(),
            name=labels[kind],
            marker_color=NPS_COLORS[kind],
            text=[None if v is None else f"{v:.0f}%" for v in frame[f"{kind}_share"]],
            textposition="inside",
            customdata=frame[f"{kind}s"].to_list(),
            hovertemplate="%{y:.1f}% (%{customdata:,})",
        )
    figure.update_layout(barmode="stack", uniformtext={"minsize": 10, "mode": "hide"})
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[0, 100])
    return one_day_axis(figure, frame[x].to_list())


def flavour_bars(
    frame: pl.DataFrame,
    *,
    label: str,
    series: Mapping[str, tuple[str, str]],
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Grouped vertical bars: for each row of `label`, one bar per rate in `series`
    ({rate column: (legend name, n column)}); small-n bars faded and hatched."""
    figure = go.Figure()
    for index, (column, (name, n)) in enumerate(series.items()):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        figure.add_bar(
            x=frame[label].to_list(),
            y=frame[column].to_list(),
            name=name,
            marker_color=sample_colors(frame[n].to_list(), color),
            marker_pattern=sample_patterns(frame[n].to_list()),
            customdata=frame[n].to_list(),
            hovertemplate="%{y:.1f}% (n=%{customdata:,})",
        )
    figure.update_layout(barmode="group")
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_yaxes(range=[0, 100])
    return figure
