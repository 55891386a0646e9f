"""Pieces of the 24-hour coverage page: its inputs (targets, zone toggle), tiles and the
translated gaps table. The staffing widgets it shares with next week are in `kit.staffing`."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, registry
from dashboard.i18n import _, duration, number, percent
from dashboard.kit.components import Tile
from dashboard.kit.names import zone as zone_label
from dashboard.kit.staffing import channel_parts, hour_label, target_controls, weekday_label
from queries.plumbing.filters import Filters
from queries.plumbing.formats import rounded_column
from queries.views.coverage import CoverageView


def zone_choices(display_zone: str, site_zones: tuple[str, ...]) -> list[str]:
    """The display zone, UTC, then each site's zone, without repeats."""
    return list(dict.fromkeys([display_zone, "UTC", *site_zones]))


def coverage_view(filters: Filters) -> CoverageView:
    """The page's inputs (service targets, then the zone to read in), then its view."""
    targets = target_controls()
    choices = zone_choices(filters.tz, data.site_zones())
    cities = {z: zone_label(z) for z in choices}  # now: a format_func may run outside the run
    zone = st.segmented_control(
        _("View in time zone"),
        choices,
        default=filters.tz,
        key="coverage_zone",
        format_func=cities.__getitem__,
    )
    return data.coverage(filters, zone, targets, data.as_of_now())


def ahead_note(view: CoverageView) -> None:
    """A period reaching into the future: say which hours are forecast, link the forward view."""
    if not view.reaches_ahead:
        return
    st.info(
        _(
            "Part of this period is still to come: those hours (hollow circles) use the "
            "forecast demand of the same weekday and hour over the last 4 weeks, not the "
            "contacts seen so far."
        ),
        icon=":material/event_upcoming:",
    )
    st.page_link(
        registry.page("next_week").script,
        label=_("Plan ahead in Next 7 days"),
        icon=":material/arrow_forward:",
    )


def coverage_tiles(view: CoverageView) -> list[Tile]:
    summary = view.summary
    return [
        Tile(_("Average handle time"), duration(view.aht_s)),
        Tile(
            _("Understaffed hours per week"),
            number(summary.understaffed_hours),
            help=_("Weekday-hours where the agents on shift are fewer than required."),
        ),
        Tile(
            _("Agent-hours short per week"),
            number(summary.agent_hours_missing, 1),
            help=_("Sum of the positive shift gaps over the week."),
        ),
        Tile(_("Lowest predicted service level"), percent(summary.lowest_service_level, 0)),
    ]


def gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    """The ranked gaps (`CoverageView.gaps`) with translated headers and weekday names."""
    return gaps.select(
        weekday_label().alias(_("Weekday")),
        hour_label().alias(_("Hour")),
        rounded_column(pl.col("demand"), 1).alias(_("Contacts per hour")),
        rounded_column(pl.col("scheduled"), 1).alias(_("Agents on shift")),
        pl.col("required").alias(_("Agents required")),
        rounded_column(pl.col("gap"), 1).alias(_("Agents missing")),
        rounded_column(pl.col("service_level_pct"), 0).alias(_("Predicted service level (%)")),
        *channel_parts(gaps),
    )
