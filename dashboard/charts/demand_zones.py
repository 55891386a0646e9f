"""Pure Plotly builders of the time-zones-of-demand page: who writes at which hour, and how fast
they hear back in their own night. Frames in (from `queries.views.demand_zones`), Figures out."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import SERIES_COLORS, base_layout

ZONE_COLORS = (
    *SERIES_COLORS,
    "#2a9d8f",
    "#b5838d",
    "#6d597a",
    "#e76f51",
    "#8ab17d",
    "#457b9d",
)
SHARE_SCALE = ((0.0, "#f7f7f7"), (1.0, "#1f6f8b"))


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


def local_hour_heatmap(
    shares: pl.DataFrame, *, x_title: str, share_label: str, count_label: str
) -> go.Figure:
    """Customer time zone × the customer's own local hour: the share (%) of that zone's
    contacts in each hour, so a small zone's pattern shows as clearly as a big one's.

    `shares`: `DemandZones.local_shares` (zone, local_hour, conversations, share), 24 hours
    per zone, drawn top to bottom in its order."""
    zones = shares["zone"].unique(maintain_order=True).to_list()
    shape = (len(zones), 24)
    figure = go.Figure(
        go.Heatmap(
            z=shares["share"].to_numpy().reshape(shape),
            x=list(range(24)),
            y=zones,
            customdata=shares["conversations"].to_numpy().reshape(shape),
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
