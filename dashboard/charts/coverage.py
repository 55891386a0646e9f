"""Pure Plotly builders for service by hour and the customers' own hours (colours from `charts`).

A Polars frame goes in, a Figure comes out. Hours are 0–23 on the x axis; the night
(22:00–07:00, `queries.demand_zones.NIGHT_START`…`NIGHT_END`) is shaded; a rate whose n is
below `SMALL_SAMPLE` is drawn grey, so a thin hour never looks as solid as a busy one.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import CHANNEL_COLORS, REFERENCE, SERIES_COLORS, base_layout, shade_hours
from queries.metrics.hours import NIGHT_END, NIGHT_START

SHARE_SCALE = ((0.0, "#f7f7f7"), (1.0, "#1f6f8b"))
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
    """Median (bars) and p90 (line) first response in minutes per hour.

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
        line={"color": SERIES_COLORS[4]},
        hovertemplate="%{y:.1f}",
    )
    return _hour_axis(base_layout(figure, x_title=x_title, y_title=y_title))


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


def local_hour_heatmap(
    local_hours: pl.DataFrame, *, x_title: str, share_label: str, count_label: str
) -> go.Figure:
    """Customer time zone × the customer's own local hour: the share (%) of that zone's
    contacts in each hour, so a small zone's pattern shows as clearly as a big one's.
    Zones with most contacts on top.

    `local_hours`: zone, local_hour, conversations."""
    totals = (
        local_hours.group_by("zone")
        .agg(pl.col("conversations").sum().alias("total"))
        .sort(["total", "zone"], descending=[True, False])
        .with_row_index("rank")
    )
    zones = totals["zone"].to_list()
    hours = pl.DataFrame({"local_hour": range(24)}, schema={"local_hour": pl.Int64})
    grid = (
        totals.join(hours, how="cross")
        .join(local_hours, on=["zone", "local_hour"], how="left")
        .with_columns(pl.col("conversations").fill_null(0))
        .with_columns(share=100 * pl.col("conversations") / pl.col("total"))
        .sort("rank", "local_hour")
    )
    shape = (len(zones), 24)
    figure = go.Figure(
        go.Heatmap(
            z=grid["share"].to_numpy().reshape(shape),
            x=list(range(24)),
            y=zones,
            customdata=grid["conversations"].to_numpy().reshape(shape),
            colorscale=[list(stop) for stop in SHARE_SCALE],
            zmin=0,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": share_label}},
            hovertemplate=(
                f"%{{y}} %{{x}}:00<br>{share_label}: %{{z:.1f}}<br>"
                f"{count_label}: %{{customdata:,d}}<extra></extra>"
            ),
        )
    )
    base_layout(figure, x_title=x_title, y_title="")
    figure.update_layout(hovermode="closest", height=max(220, 60 + 28 * len(zones)))
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(autorange="reversed", rangemode="normal", gridcolor=None)
    return figure
