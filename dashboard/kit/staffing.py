"""Staffing widgets shared by the coverage pages (24-hour coverage and next week): the service
target inputs, weekday names and the shift-gap heatmap with its CSV."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.charts.coverage import gap_heatmap, required_by_channel
from dashboard.data import settings
from dashboard.i18n import _, current_language
from dashboard.kit.components import chart_block, table_block
from dashboard.kit.names import zone as zone_label
from dashboard.sidebar import channel_label
from queries.metrics.roster import Targets
from queries.metrics.targets import channel_targets
from queries.plumbing.formats import rounded_column


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
    labels = hover_labels()
    figure = gap_heatmap(
        cells, weekday_names(), labels, x_title=x_title, y_title="", language=current_language()
    )
    chart_block(figure, cells, name)


def channel_parts(cells: pl.DataFrame) -> list[pl.Expr]:
    """Each channel's part of the agents required ('Required: Chat'), where the cells have it."""
    return [
        rounded_column(pl.col(f"required_{c}"), 1).alias(
            _("Required: {channel}").format(channel=channel_label(c))
        )
        for c in CHANNEL_UNITS
        if f"required_{c}" in cells.columns
    ]


def channel_chart(cells: pl.DataFrame, name: str) -> None:
    """Agents required per hour by channel against the agents on shift, then the CSV."""
    columns = [
        "weekday",
        "hour",
        "scheduled",
        *[c for c in cells.columns if c.startswith("required_")],
    ]
    figure = required_by_channel(
        cells,
        {c: channel_label(c) for c in CHANNEL_UNITS},
        weekday_names(),
        {"scheduled": _("Agents on shift")},
        y_title=_("Agents required"),
    )
    chart_block(figure, cells.select(columns), name)


def gaps_block(table: pl.DataFrame, name: str, all_clear: str) -> None:
    """The translated gaps `table` and its CSV, or `all_clear` when no hour is short."""
    if table.is_empty():
        st.success(all_clear, icon=":material/check_circle:")
    else:
        table_block(table, name)


CHANNEL_UNITS = {"chat": 1, "phone": 1, "social": 60, "email": 3600}
"""The unit each channel's target is typed in: seconds, minutes or hours."""


def _unit_label(channel: str) -> str:
    units = {1: _("seconds"), 60: _("minutes"), 3600: _("hours")}
    return _("{channel}: answer within ({unit})").format(
        channel=channel_label(channel), unit=units[CHANNEL_UNITS[channel]]
    )


def channel_target_inputs() -> tuple[tuple[str, float], ...]:
    """One answer-within input per channel, in its own unit, defaulting to the settings
    (VIGIL_SERVICE_TARGETS over `queries.metrics.targets`)."""
    defaults = channel_targets(settings().service_targets)
    chosen = []
    for column, channel in zip(st.columns(len(CHANNEL_UNITS)), CHANNEL_UNITS, strict=True):
        unit = CHANNEL_UNITS[channel]
        value = column.number_input(
            _unit_label(channel),
            min_value=1,
            max_value=86_400 // unit,
            value=max(1, round(defaults[channel] / unit)),
            step=1 if unit > 1 else 10,
            key=f"coverage_target_{channel}",
        )
        chosen.append((channel, float(value * unit)))
    return tuple(chosen)


def _percent_slider(label: str, low: int, high: int, value: float, step: int, key: str) -> float:
    """A slider over whole percents (shown as '80%'), returned as a share."""
    chosen = st.slider(
        label,
        min_value=low,
        max_value=high,
        value=round(100 * value),
        step=step,
        format="%d%%",
        key=key,
    )
    return chosen / 100


def target_controls() -> Targets:
    """Per-channel service targets, then the level, shrinkage and deferred occupancy,
    defaulting to the settings (VIGIL_SERVICE_*, VIGIL_SHRINKAGE, VIGIL_DEFERRED_OCCUPANCY)."""
    config = settings()
    channels = channel_target_inputs()
    level, shrinkage, occupancy = st.columns(3)
    with level:
        chosen_level = _percent_slider(
            _("Service level target"), 50, 99, config.service_level, 1, "coverage_service_level"
        )
    with shrinkage:
        chosen_shrinkage = _percent_slider(
            _("Shrinkage (breaks, training, absence)"),
            0,
            60,
            config.shrinkage,
            5,
            "coverage_shrinkage",
        )
    with occupancy:
        chosen_occupancy = _percent_slider(
            _("E-mail and social occupancy"),
            50,
            100,
            config.deferred_occupancy,
            5,
            "coverage_occupancy",
        )
    return Targets(
        level=chosen_level,
        shrinkage=chosen_shrinkage,
        channels=channels,
        occupancy=chosen_occupancy,
    )
