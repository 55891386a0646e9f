"""Staffing widgets shared by the coverage pages (24-hour coverage and next week): the service
target inputs, weekday names and the shift-gap heatmap with its CSV."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.charts.coverage import gap_heatmap
from dashboard.data import settings
from dashboard.i18n import _
from dashboard.kit.components import chart_block, table_block
from dashboard.kit.names import zone as zone_label
from queries.metrics.roster import Targets
from queries.plumbing.formats import SLIDER_PERCENT


def weekday_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def weekday_label() -> pl.Expr:
    """The translated weekday name of the weekday column (Monday = 0)."""
    names = dict(enumerate(weekday_names()))
    return pl.col("weekday").replace_strict(names, return_dtype=pl.String)


def hour_label() -> pl.Expr:
    """The hour column as '09:00'."""
    return pl.format("{}:00", pl.col("hour").cast(pl.String).str.zfill(2))


def hover_labels() -> dict[str, str]:
    return {
        "demand": _("Contacts per hour"),
        "required": _("Agents required"),
        "scheduled": _("Agents on shift"),
        "gap": _("Shift gap"),
        "service_level": _("Predicted service level"),
        "forecast": _("Forecast: hours still to come"),
    }


def gap_chart(cells: pl.DataFrame, zone: str, name: str) -> None:
    """The weekday × hour shift-gap heatmap of `cells` (hours in `zone`), then their CSV."""
    x_title = _("Hour ({zone})").format(zone=zone_label(zone))
    figure = gap_heatmap(cells, weekday_names(), hover_labels(), x_title=x_title, y_title="")
    chart_block(figure, cells, name)


def gaps_block(table: pl.DataFrame, name: str, all_clear: str) -> None:
    """The translated gaps `table` and its CSV, or `all_clear` when no hour is short."""
    if table.is_empty():
        st.success(all_clear, icon=":material/check_circle:")
    else:
        table_block(table, name)


def target_controls() -> Targets:
    """Service target inputs, defaulting to the settings (VIGIL_SERVICE_*, VIGIL_SHRINKAGE)."""
    config = settings()
    seconds, level, shrinkage = st.columns(3)
    return Targets(
        seconds=seconds.number_input(
            _("Answer within (seconds)"),
            min_value=1,
            max_value=86_400,
            value=config.service_target_seconds,
            step=10,
            key="coverage_target_seconds",
        ),
        level=level.slider(
            _("Service level target"),
            min_value=0.50,
            max_value=0.99,
            value=config.service_level,
            step=0.01,
            format=SLIDER_PERCENT,
            key="coverage_service_level",
        ),
        shrinkage=shrinkage.slider(
            _("Shrinkage (breaks, training, absence)"),
            min_value=0.0,
            max_value=0.60,
            value=config.shrinkage,
            step=0.05,
            format=SLIDER_PERCENT,
            key="coverage_shrinkage",
        ),
    )
