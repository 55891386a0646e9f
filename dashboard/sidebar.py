"""The sidebar filters, bound to the URL query string so a view can be shared."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import streamlit as st

from dashboard import data
from dashboard.i18n import LANGUAGE_KEY, LANGUAGES, _
from dashboard.resources import settings
from queries.filters import Filters
from queries.options import FilterOptions

ZONES = (
    "Asia/Taipei",
    "UTC",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
)
FILTERS_KEY = "vigil_filters"
DEFAULT_DAYS = 30


def language_picker() -> None:
    st.sidebar.selectbox(
        "🌐 語言 / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
        bind="query-params",
    )


def filter_sidebar() -> Filters:
    """Render the filters and return them as the one frozen `Filters` value."""
    options = data.filter_options()
    zone = _zone_picker()
    start, end = _period_picker(options, zone)
    channels = st.sidebar.multiselect(
        _("Channel"),
        options.channels,
        format_func=channel_label,
        key="channel",
        bind="query-params",
        placeholder=_("All channels"),
    )
    teams = st.sidebar.multiselect(
        _("Team"), options.teams, key="team", bind="query-params", placeholder=_("All teams")
    )
    segments = st.sidebar.multiselect(
        _("Segment"),
        options.segments,
        key="segment",
        bind="query-params",
        placeholder=_("All segments"),
    )
    filters = Filters(start, end, zone, tuple(channels), tuple(teams), tuple(segments))
    st.session_state[FILTERS_KEY] = filters
    return filters


def current_filters() -> Filters:
    """The filters the frame rendered for this run."""
    return st.session_state[FILTERS_KEY]


def channel_label(channel: str) -> str:
    return {"chat": _("Chat"), "email": _("Email"), "phone": _("Phone"), "social": _("Social")}.get(
        channel, channel
    )


def _zone_picker() -> str:
    default = settings().timezone
    zones = (default, *(z for z in ZONES if z != default))
    return str(st.sidebar.selectbox(_("Display time zone"), zones, key="tz", bind="query-params"))


def _period_picker(options: FilterOptions, zone: str) -> tuple[date, date]:
    last = _local_date(options.last_opened, zone) or datetime.now().date()
    default = (last - timedelta(days=DEFAULT_DAYS - 1), last)
    picked = st.sidebar.date_input(
        _("Period"), value=default, key="period", bind="query-params", format="YYYY-MM-DD"
    )
    if isinstance(picked, tuple) and len(picked) == 2 and picked[0] and picked[1]:
        return picked[0], picked[1]
    return default  # the user is half-way through picking a range


def _local_date(instant: datetime | None, zone: str) -> date | None:
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(zone)).date() if instant else None
