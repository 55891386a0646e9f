"""Pure Plotly builders of the time-zones-of-demand page: who writes at which hour, and how fast
they hear back in their own night. Frames in (from `queries.views.demand_zones`), Figures out."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import base_layout
from dashboard.charts.palette import BLUE, MAX_ZONES, NIGHT_AND_DAY, OTHER, ZONE_COLORS

SHARE_SCALE = ((0.0, "#f7f7f7"), (1.0, BLUE))


def demand_by_zone(
    by_hour: pl.DataFrame,
    *,
    x_title: str,
    y_title: str,
    names: Mapping[str, str] | None = None,
    other: str = "other",
) -> go.Figure:
    """Stacked bars per hour, one series per customer time zone (largest first): the
    `MAX_ZONES` largest, the rest summed as `other`. `names` are the zones' display names;
    the hover shows the IANA name.

    `by_hour`: hour, zone, conversations."""
    names = names or {}
    totals = (
        by_hour.group_by("zone")
        .agg(pl.col("conversations").sum())
        .sort(["conversations", "zone"], descending=[True, False])
    )
    zones = totals["zone"].to_list()
    kept, rest = zones[:MAX_ZONES], zones[MAX_ZONES:]
    if len(rest) == 1:  # one zone more is shown as itself, not as "other"
        kept, rest = zones, []
    figure = go.Figure()
    series = [(zone, [zone], ZONE_COLORS[i % len(ZONE_COLORS)]) for i, zone in enumerate(kept)]
    if rest:
        series.append((other, rest, OTHER))
    for name, members, color in series:
        part = (
            by_hour.filter(pl.col("zone").is_in(members))
            .group_by("hour")
            .agg(pl.col("conversations").sum())
            .sort("hour")
        )
        iana = name if name != other else ", ".join(members)
        figure.add_bar(
            x=part["hour"].to_list(),
            y=part["conversations"].to_list(),
            name=names.get(name, name),
            marker_color=color,
            hovertemplate=f"%{{y:,d}} ({iana})",
        )
    figure.update_layout(barmode="stack")
    base_layout(figure, x_title=x_title, y_title=y_title)
    figure.update_xaxes(dtick=1)
    return figure


def night_and_day_response(
    nights: pl.DataFrame,
    labels: Mapping[str, str],
    *,
    x_title: str,
    y_title: str,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Median first response (minutes) per customer zone, night against day.

    `nights`: zone, night_first_response_median_s, day_first_response_median_s;
    `labels`: translated names for "night" and "day"; `names`: the zones' display names."""
    figure = go.Figure()
    zones = nights["zone"].to_list()
    for key, color in NIGHT_AND_DAY.items():
        minutes = [None if s is None else s / 60 for s in nights[f"{key}_first_response_median_s"]]
        figure.add_bar(
            x=[names.get(z, z) for z in zones] if names else zones,
            customdata=zones,
            y=minutes,
            name=labels[key],
            marker_color=color,
            hovertemplate="%{y:.1f} (%{customdata})",
        )
    figure.update_layout(barmode="group")
    return base_layout(figure, x_title=x_title, y_title=y_title)


def local_hour_heatmap(
    shares: pl.DataFrame,
    *,
    x_title: str,
    share_label: str,
    count_label: str,
    names: Mapping[str, str] | None = None,
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
            y=[names.get(z, z) for z in zones] if names else zones,
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
