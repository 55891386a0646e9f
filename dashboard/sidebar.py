"""The sidebar filters, bound to the URL query string so a view can be shared.

URLs carry canonical values (`?lang=en&tz=UTC&period=2026-10-01..2026-10-31&channel=chat`),
never translated labels, so a link works in either language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from dashboard import data
from dashboard.data import now, settings
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, _
from dashboard.kit import names
from queries.plumbing.filters import Filters, clamp_period
from queries.plumbing.schema import CHANNELS
from queries.plumbing.times import known_zone

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
    _from_url(
        LANGUAGE_KEY, lambda raw: raw[0] if raw and raw[0] in LANGUAGES else None, DEFAULT_LANGUAGE
    )
    language = st.sidebar.selectbox(
        ":material/translate: 語言 / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
    )
    _to_url(LANGUAGE_KEY, [language], [DEFAULT_LANGUAGE])


def filter_sidebar(scope: tuple[str, ...] = ()) -> Filters:
    """Render the filters and return them as the one frozen `Filters` value; a team-scoped
    reader picks only among their teams, and `Filters.scope` holds every read inside them."""
    options = data.filter_options()
    zone = _zone_picker()
    yesterday = now().astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
    days = options.days(zone, now())
    ahead = max(days[1], options.planned_until(zone, now()) or days[1])
    start, end = _period_picker(days, yesterday, ahead)
    channels = _multi("channel", _("Channel"), options.channels, _("All channels"), channel_label)
    team_options = [t for t in options.teams if t in scope] if scope else options.teams
    every_team = _("All my teams") if scope else _("All teams")
    shown = names.names()  # looked up now: a format_func may run outside the script run

    def name(key: str) -> str:
        return shown.get(key, key)

    teams = _multi("team", _("Team"), team_options, every_team, name)
    segments = _multi("segment", _("Segment"), options.segments, _("All segments"), name)
    filters = Filters(start, end, zone, tuple(channels), tuple(teams), tuple(segments), scope)
    st.session_state[FILTERS_KEY] = filters
    return filters


def current_filters() -> Filters:
    """The filters the frame rendered for this run."""
    filters: Filters = st.session_state[FILTERS_KEY]
    return filters


def channel_labels() -> dict[str, str]:
    """The translated name of every channel in `queries.schema.CHANNELS`, in that order."""
    names = {"chat": _("Chat"), "email": _("Email"), "phone": _("Phone"), "social": _("Social")}
    return {channel: names.get(channel, channel) for channel in CHANNELS}


def channel_label(channel: str) -> str:
    return channel_labels().get(channel, channel)


def _zone_picker() -> str:
    default = settings().timezone
    zones = [default, *(z for z in ZONES if z != default)]
    _from_url("tz", lambda raw: raw[0] if raw and known_zone(raw[0]) else None, default)
    if st.session_state["tz"] not in zones:
        zones.append(st.session_state["tz"])
    iana = _("IANA time zone: {zone}").format(zone=st.session_state["tz"])
    cities = {z: names.zone(z) for z in zones}
    picked = st.sidebar.selectbox(
        _("Display time zone"), zones, key="tz", format_func=cities.__getitem__, help=iana
    )
    zone = str(picked)
    _to_url("tz", [zone], [default])
    return zone


def _period_picker(days: tuple[date, date], yesterday: date, ahead: date) -> tuple[date, date]:
    """The period, inside the data's real range `days` (or up to `ahead`, the roster planned
    ahead) and at most MAX_SPAN_DAYS long, from the URL (`?period=a..b`, clamped the same way)
    or the picker (docs/architecture.md). The default is the DEFAULT_DAYS ending on the last
    complete day: yesterday in the display zone, or the data's last day when that is earlier,
    so today's partial day is never the default."""
    first, last = days
    end = min(last, yesterday) if yesterday >= first else last
    default = clamp_period(end - timedelta(days=DEFAULT_DAYS - 1), end, first, last)
    reach = (first, ahead)
    _from_url("period", lambda raw: _parse_period(raw, days, ahead), default)
    if not _inside(st.session_state["period"], reach):  # the data's range moved (an import)
        st.session_state["period"] = default
    picked = st.sidebar.date_input(
        _("Period"), key="period", format="YYYY-MM-DD", min_value=first, max_value=ahead
    )
    if isinstance(picked, Sequence) and len(picked) == 2 and picked[0] <= picked[1]:
        start, end = clamp_period(picked[0], picked[1], first, ahead)
        _to_url("period", [f"{start}..{end}"], [f"{default[0]}..{default[1]}"])
        return start, end
    return default  # the user is half-way through picking a range


def _multi(
    key: str,
    label: str,
    options: Sequence[str],
    placeholder: str,
    format_func: Callable[[str], str] = str,
) -> list[str]:
    _from_url(key, lambda raw: [v for v in raw if v in options], [])
    chosen = st.sidebar.multiselect(
        label, options, key=key, format_func=format_func, placeholder=placeholder
    )
    _to_url(key, chosen, [])
    return chosen


def _from_url(key: str, parse: Callable[[list[str]], Any], default: Any) -> None:
    """Seed a widget's state from the URL once per session."""
    if key not in st.session_state:
        parsed = parse(st.query_params.get_all(key))
        st.session_state[key] = default if parsed is None else parsed


def _to_url(key: str, values: list[str], default: list[str]) -> None:
    if values == default:
        st.query_params.pop(key, None)
    elif st.query_params.get_all(key) != values:
        st.query_params[key] = values


def _parse_period(raw: list[str], days: tuple[date, date], ahead: date) -> tuple[date, date] | None:
    """`a..b` from the URL, clamped into `days`, or kept up to `ahead` when it ends on the
    roster planned ahead; anything else (garbage, b before a) None."""
    try:
        start, end = (date.fromisoformat(part) for part in raw[0][:32].split(".."))
    except (IndexError, ValueError):
        return None
    if start > end:
        return None
    return clamp_period(start, end, days[0], ahead if end <= ahead else days[1])


def _inside(period: Any, days: tuple[date, date]) -> bool:
    """Whether the picker's state is a day or a range within `days` (else it would raise)."""
    picked = period if isinstance(period, Sequence) else (period,)
    return all(isinstance(day, date) and days[0] <= day <= days[1] for day in picked)
