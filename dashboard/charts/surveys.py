"""Pure figure builders for the survey operations page (colours from dashboard.charts)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.base import FONT, SERIES_COLORS, base_layout


def funnel(stages: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """resolved → invited → sent → answered, with the share of the first stage."""
    figure = go.Figure(
        go.Funnel(
            y=[labels.get(s, s) for s in stages["stage"]],
            x=stages["count"].to_list(),
            texttemplate="%{value:,d} (%{percentInitial:.1%})",
            hovertemplate="%{y}: %{value:,d}<extra></extra>",
            marker={"color": list(SERIES_COLORS[: stages.height])},
        )
    )
    figure.update_layout(font={"family": FONT}, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def queue_by_hour(queue: pl.DataFrame, *, tz: str, x_title: str, y_title: str) -> go.Figure:
    """Pending invitations per due hour (shown in `tz`), stacked by language."""
    queue = queue.with_columns(
        pl.col("due_hour").dt.convert_time_zone(tz).dt.replace_time_zone(None)
    )
    figure = go.Figure()
    for i, locale in enumerate(sorted(queue["locale"].unique().drop_nulls().to_list())):
        part = queue.filter(pl.col("locale") == locale)
        figure.add_bar(
            x=part["due_hour"].to_list(),
            y=part["pending"].to_list(),
            name=locale,
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
        )
    figure.update_layout(barmode="stack")
    return base_layout(figure, x_title=x_title, y_title=y_title)
