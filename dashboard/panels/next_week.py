"""Pieces of the next-week page: its inputs (weeks of history, targets), the span caption,
tiles and the translated gaps table. Shared staffing widgets are in `kit.staffing`."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import _, day, duration, number
from dashboard.kit.components import Tile
from dashboard.kit.names import zone as zone_label
from dashboard.kit.staffing import channel_parts, hour_label, target_controls, weekday_label
from queries.plumbing.filters import Filters
from queries.plumbing.formats import rounded_column
from queries.views.next_week import DEFAULT_WEEKS, SPANS, NextWeekView, Span

MAX_WEEKS = 12


def span_control() -> Span:
    names = {"days": _("Next 7 days"), "week": _("Next week (Monday to Sunday)")}
    chosen = st.segmented_control(
        _("Show"), SPANS, format_func=names.__getitem__, default="days", key="next_week_span"
    )
    return chosen or "days"


def weeks_control() -> int:
    return int(
        st.columns([1, 3])[0].number_input(
            _("Weeks of history"),
            min_value=1,
            max_value=MAX_WEEKS,
            value=DEFAULT_WEEKS,
            step=1,
            key="next_week_weeks",
        )
    )


def next_week_view(filters: Filters) -> NextWeekView:
    """The page's inputs (span, weeks of history, the forecast rule, targets), then its view of
    the 168 coming hours."""
    span = span_control()
    weeks = weeks_control()
    st.caption(
        _(
            "Forecast: each hour expects the mean number of contacts of the same weekday and hour "
            "over the last {weeks} weeks (a week without contacts counts as 0)."
        ).format(weeks=weeks)
    )
    targets = target_controls()
    return data.next_week(filters, data.as_of_now(), weeks, targets, span)


def forecast_span(view: NextWeekView, zone: str) -> str:
    """'From <first day> 14:00 to <last day>, times in <zone>'."""
    return _("From {start} {hour}:00 to {end}, times in {zone}").format(
        start=day(view.first.date()),
        hour=f"{view.first.hour:02d}",
        end=day(view.last_date),
        zone=zone_label(zone),
    )


def no_shifts_warning(view: NextWeekView) -> None:
    if not view.has_shifts:
        st.warning(
            _("No shifts scheduled yet for these days: every expected contact's hour is a gap."),
            icon=":material/event_busy:",
        )


def forecast_tiles(view: NextWeekView) -> list[Tile]:
    summary = view.summary
    return [
        Tile(_("Expected contacts"), number(summary.contacts)),
        Tile(
            _("Agent-hours required"),
            number(summary.agent_hours_required),
            help=_(
                "Agents on shift needed to meet the service target, summed over the hours, "
                "at an average handle time of {aht}."
            ).format(aht=duration(view.aht_s)),
        ),
        Tile(_("Agent-hours on shift"), number(summary.agent_hours_scheduled, 1)),
        Tile(
            _("Agent-hours short"),
            number(summary.agent_hours_missing, 1),
            help=_("Sum of the positive shift gaps over the coming week."),
        ),
    ]


def forecast_gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    """The coming understaffed hours (`NextWeekView.gaps`), in time order, translated."""
    return gaps.select(
        pl.format("{} {}", pl.col("date").dt.to_string("%Y-%m-%d"), weekday_label()).alias(
            _("Date")
        ),
        hour_label().alias(_("Hour")),
        rounded_column(pl.col("demand"), 1).alias(_("Contacts expected")),
        rounded_column(pl.col("scheduled"), 1).alias(_("Agents on shift")),
        pl.col("required").alias(_("Agents required")),
        rounded_column(pl.col("gap"), 1).alias(_("Agents missing")),
        *channel_parts(gaps),
    )
