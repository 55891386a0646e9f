"""The one home of display vocabulary in the dashboard (docs/i18n.md): the data's own values
(categories, teams, segments, sites) through the display-names table, time zones through
Babel's city names with the IANA name kept for tooltips."""

from __future__ import annotations

import polars as pl

from dashboard import data, i18n
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.labels import named, zone_name

NAMED_COLUMNS = ("category", "team", "segment", "site")
"""Columns whose values come from the customer's data and get display names."""


def names() -> dict[str, str]:
    """key -> display name in the session's language; none when the table cannot be read."""
    try:
        return data.display_names(i18n.current_language())
    except DataUnavailable:
        return {}


def shown(key: str | None) -> str:
    """The display name of a data value, or the value itself."""
    return named(names(), key) or ""


def shown_names(column: pl.Expr) -> pl.Expr:
    """A column of data values as display names (looked up here: Polars workers cannot see the
    session)."""
    return column.replace(names())


def zone(zone: str) -> str:
    """The zone's city in the session's language: 台北, 紐約; UTC stays UTC."""
    return zone_name(zone, i18n.current_language())


def zone_names(column: pl.Expr, zones: list[str]) -> pl.Expr:
    """A column of IANA zones as city names."""
    return column.replace({z: zone(z) for z in zones})
