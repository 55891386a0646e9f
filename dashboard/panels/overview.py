"""Pieces of the overview: the KPI tiles with their changes, the cost-centre and value-centre
tables, and the daily volume."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from dashboard.charts.base import volume_by_channel, volume_by_hour
from dashboard.data import now
from dashboard.i18n import _, duration, number
from dashboard.i18n import signed as signed_number
from dashboard.kit import cohort
from dashboard.kit.components import Tile, table_block, tile_row
from dashboard.kit.names import zone as zone_label
from dashboard.kit.tiles import change_parts, rate_tile, seconds
from dashboard.panels.drill_links import Target, drill_chart, tile_links
from dashboard.sidebar import channel_labels
from queries.metrics.changes import Change
from queries.metrics.worth import RetentionView
from queries.plumbing.filters import Filters
from queries.views.overview import CostCentres, HourlyVolume, Overview, ValueCentres

KEY = "overview"
CHOSEN_KEY = "overview_chosen_cohort"  # the toggle back from the mature cohort
Row = tuple[str, float | None, float | None, int]
"""(label, this period, previous period, decimals) of a comparison table."""


def uses_mature(data: Overview) -> bool:
    """Retention and its worth read the mature cohort, unless the reader chose their period."""
    return data.mature is not None and not st.session_state.get(CHOSEN_KEY, False)


def worth_view(data: Overview) -> RetentionView:
    return data.mature.worth if uses_mature(data) and data.mature else data.worth


def worth_filters(data: Overview, filters: Filters) -> Filters:
    """The period the worth of service reads: the mature cohort's, or the chosen one."""
    return data.mature.period if uses_mature(data) and data.mature else filters


def retention_tile(data: Overview) -> Tile:
    help_text = _(
        "Customers active within 90 days after their first contact in the period "
        "(only customers whose 90 days have passed)."
    )
    if uses_mature(data) and data.mature:
        tile = rate_tile(data.mature.retention_90d, _("90-day retention"), help_text)
        return replace(tile, delta=None, delta_note=cohort_label(data))
    return rate_tile(data.retention_90d, _("90-day retention"), help_text)


def cohort_label(data: Overview) -> str:
    assert data.mature is not None
    return cohort.label(data.mature.period)


def cohort_note(data: Overview) -> None:
    cohort.note(None if data.mature is None else data.mature.period, CHOSEN_KEY)


def overview_tiles(data: Overview) -> list[Tile]:
    wait = data.first_response_median_s
    wait_parts = change_parts(Change(wait.change), seconds(wait.change), "lower")
    return [
        Tile(
            _("Conversations"),
            number(data.conversations),
            delta=signed_number(data.conversations_change),
            delta_note=_("vs previous period"),
            help=_("Conversations opened in the period (display time zone)."),
        ),
        rate_tile(data.csat, _("CSAT"), _("Share of survey answers scoring 4 or 5 out of 5.")),
        rate_tile(
            data.nps,
            _("NPS"),
            _("Promoters (9–10) minus detractors (0–6), as a share of NPS answers."),
            signed=True,
        ),
        rate_tile(
            data.fcr,
            _("FCR"),
            _(
                "Resolved conversations never reopened and without a repeat contact "
                "about the same topic within the window."
            ),
        ),
        retention_tile(data),
        rate_tile(
            data.response_rate,
            _("Survey response rate"),
            _("Answers through the survey link per invitation sent."),
        ),
        Tile(
            _("Median first response"),
            duration(wait.value),
            n=wait.n,
            delta=wait_parts[0],
            delta_color=wait_parts[1],
            delta_note=wait_parts[2],
            help=_("Half of the answered conversations got a first reply faster than this."),
        ),
    ]


def kpi_rows(data: Overview) -> None:
    """Two rows of four tiles, each with its "See conversations" buttons."""
    tiles = overview_tiles(data)
    tile_row(tiles[:4], columns=4)
    tile_links(["conversations", "csat_answers", "nps_answers", "resolved"], KEY)
    tile_row(tiles[4:], columns=4)
    tile_links([None, "invitations_sent", "first_responses"], KEY, columns=4)
    cohort_note(data)
    freshness_note(data)


def freshness_note(data: Overview) -> None:
    """How fresh the tiles are when they come from the summaries (docs/summaries.md)."""
    if data.fresh is None:
        return
    ago = max(0.0, (now() - data.fresh.refreshed_at).total_seconds())
    st.caption(
        _("Tiles from the summaries, refreshed {ago} ago; medians within 1 s or 1 %.").format(
            ago=duration(ago)
        )
    )


def cost_value_tables(value: ValueCentres, cost: CostCentres) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The cost-centre view and the value-centre view, this period against the previous one."""
    now, before = cost.now, cost.before
    cost_rows: list[Row] = [
        (_("Conversations"), now.volume, before.volume, 0),
        (_("Average handle time (min)"), now.aht_min, before.aht_min, 1),
        (_("Agent-hours on shift"), now.agent_hours, before.agent_hours, 0),
        (
            _("Contacts per agent-hour"),
            now.contacts_per_agent_hour,
            before.contacts_per_agent_hour,
            2,
        ),
    ]
    labels = {
        "csat": _("CSAT (%)"),
        "nps": _("NPS"),
        "fcr": _("FCR (%)"),
        "retention_90d": _("90-day retention (%)"),
    }
    value_rows: list[Row] = [
        (label, getattr(value.now, key), getattr(value.before, key), 1)
        for key, label in labels.items()
    ]
    return _comparison(cost_rows, _("Cost-centre view")), _comparison(
        value_rows, _("Value-centre view")
    )


def cost_and_value(data: Overview, cost: CostCentres) -> None:
    """The two comparison tables side by side."""
    cost_table, value_table = cost_value_tables(data.value_centres, cost)
    left, right = st.columns(2)
    with left:
        table_block(cost_table, "cost-centre")
    with right:
        table_block(value_table, "value-centre")


def volume_title(data: Overview, tz: str) -> str:
    """The volume section's title: per day, or per hour of the display zone for one day."""
    if data.hourly is None:
        return _("Conversations per day")
    return _("Conversations per hour ({zone})").format(zone=zone_label(tz))


def volume_chart(data: Overview, tz: str) -> None:
    """Conversations per day and channel (per hour for a one-day period); a click on a
    segment opens that day's conversations of that channel. Today, when the period holds
    it, is hatched: the day is not over."""
    if data.hourly is not None:
        _hourly_chart(data.hourly, tz)
        return
    today = now().astimezone(ZoneInfo(tz)).date()
    partial = today if today in data.volume["day"].to_list() else None
    figure = volume_by_channel(
        data.volume,
        channel_labels(),
        x_title=_("Day"),
        y_title=_("Conversations"),
        partial_day=partial,
    )
    days = Target(("conversations",), "day", by_channel=True)
    drill_chart(figure, data.volume, "conversations-per-day", KEY, days)
    if partial is not None:
        st.caption(_("The hatched bar is today so far: the day is not over."))


def _hourly_chart(hourly: HourlyVolume, tz: str) -> None:
    """The one day hour by hour, in the display zone; a click opens the day's conversations
    of that channel."""
    figure = volume_by_hour(
        hourly.frame,
        hourly.hours,
        channel_labels(),
        begun=hourly.begun,
        under_way=hourly.under_way,
        x_title=_("Hour ({zone})").format(zone=zone_label(tz)),
        y_title=_("Conversations"),
        ahead=_("Still to come"),
    )
    day = Target(("conversations",), "day", by_channel=True)
    drill_chart(figure, hourly.frame, "conversations-per-hour", KEY, day)
    if hourly.begun < len(hourly.hours):
        st.caption(
            _(
                "The hatched bar is the hour so far; the hours still to come are left empty. "
                "A click on a bar lists that day's conversations of its channel."
            )
        )
    else:
        st.caption(_("A click on a bar lists that day's conversations of its channel."))


def _comparison(rows: list[Row], title: str) -> pl.DataFrame:
    """Formatted as read (grouping, fixed decimals, "—" where a rate is undefined)."""
    schema = [title, _("This period"), _("Previous period")]
    formatted = [(label, number(a, digits), number(b, digits)) for label, a, b, digits in rows]
    return pl.DataFrame(formatted, schema=schema, orient="row")
