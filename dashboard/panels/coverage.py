"""Pieces of the coverage pages: target controls, zone toggle, tiles, the shift-gap heatmap and
translated tables."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.charts.base import gap_heatmap
from dashboard.data import settings
from dashboard.i18n import _, duration, number, percent
from dashboard.kit.components import Tile, chart_block
from queries.metrics.roster import Targets
from queries.views.coverage import coverage_summary


def weekday_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def hover_labels() -> dict[str, str]:
    return {
        "demand": _("Contacts per hour"),
        "required": _("Agents required"),
        "scheduled": _("Agents on shift"),
        "gap": _("Shift gap"),
        "service_level": _("Predicted service level"),
    }


def gap_chart(cells: pl.DataFrame, zone: str, name: str) -> None:
    """The weekday × hour shift-gap heatmap of `cells` (hours in `zone`), then their CSV."""
    x_title = _("Hour ({zone})").format(zone=zone)
    figure = gap_heatmap(cells, weekday_names(), hover_labels(), x_title=x_title, y_title="")
    chart_block(figure, cells, name)


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
            format="%.2f",
            key="coverage_service_level",
        ),
        shrinkage=shrinkage.slider(
            _("Shrinkage (breaks, training, absence)"),
            min_value=0.0,
            max_value=0.60,
            value=config.shrinkage,
            step=0.05,
            format="%.2f",
            key="coverage_shrinkage",
        ),
    )


def zone_choices(display_zone: str, site_zones: tuple[str, ...]) -> list[str]:
    """The display zone, UTC, then each site's zone, without repeats."""
    return list(dict.fromkeys([display_zone, "UTC", *site_zones]))


def coverage_tiles(cells: pl.DataFrame, aht_s: float | None) -> list[Tile]:
    summary = coverage_summary(cells)
    lowest = summary["lowest_service_level"]
    return [
        Tile(_("Average handle time"), duration(aht_s)),
        Tile(
            _("Understaffed hours per week"),
            number(summary["understaffed_hours"]),
            help=_("Weekday-hours where the agents on shift are fewer than required."),
        ),
        Tile(
            _("Agent-hours short per week"),
            number(summary["agent_hours_missing"], 1),
            help=_("Sum of the positive shift gaps over the week."),
        ),
        Tile(
            _("Lowest predicted service level"),
            percent(None if lowest is None else 100 * lowest, 0),
        ),
    ]


def gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    """The ranked gaps with translated headers and weekday names."""
    names = weekday_names()
    return gaps.select(
        pl.col("weekday")
        .replace_strict(dict(enumerate(names)), return_dtype=pl.String)
        .alias(_("Weekday")),
        pl.format("{}:00", pl.col("hour").cast(pl.String).str.zfill(2)).alias(_("Hour")),
        pl.col("demand").round(1).alias(_("Contacts per hour")),
        pl.col("scheduled").round(1).alias(_("Agents on shift")),
        pl.col("required").alias(_("Agents required")),
        pl.col("gap").round(1).alias(_("Agents missing")),
        (100 * pl.col("service_level")).round(0).alias(_("Predicted service level (%)")),
    )


def nights_table(nights: pl.DataFrame) -> pl.DataFrame:
    """Per customer zone: contacts, night share and night/day median first response."""
    minutes = 60
    return nights.select(
        pl.col("zone").alias(_("Customer time zone")),
        pl.col("conversations").alias(_("Conversations")),
        pl.col("night").alias(_("In their night (22:00–07:00)")),
        pl.col("night_share").round(1).alias(_("Night share (%)")),
        (pl.col("night_first_response_median_s") / minutes)
        .round(1)
        .alias(_("Night median first response (min)")),
        (pl.col("day_first_response_median_s") / minutes)
        .round(1)
        .alias(_("Day median first response (min)")),
    )


def night_tiles(totals: dict[str, Any]) -> list[Tile]:
    return [
        Tile(_("Customer time zones"), number(totals["zones"])),
        Tile(
            _("Contacts in the customer's night"),
            percent(totals["night_share"]),
            n=totals["conversations"],
            help=_("Opened between 22:00 and 07:00 in the customer's own time zone."),
        ),
        Tile(
            _("Night median first response"),
            duration(totals["night_first_response_median_s"]),
            n=totals["night_answered"],
            help=_("Golden rescue moments: how fast a customer writing at night got a reply."),
        ),
        Tile(
            _("Day median first response"),
            duration(totals["day_first_response_median_s"]),
        ),
    ]
