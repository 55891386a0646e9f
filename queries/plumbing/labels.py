"""Display names of the data's own values (categories, teams, segments, sites), from the
`display_names` table that `labels.csv` fills (docs/importing.md). A key without a name in
the asked language is shown as it is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from queries.plumbing import schema
from queries.plumbing.db import reading


def display_names(engine: Engine, locale: str) -> dict[str, str]:
    """key -> name in `locale` (en or zh-TW)."""
    table = schema.display_names
    query = select(table.c.key, table.c.name).where(table.c.locale == locale)
    with reading(engine) as conn:
        return {str(key): str(name) for key, name in conn.execute(query)}


def named(names: dict[str, str], key: str | None) -> str | None:
    """The display name of `key`, or the key itself (None stays None)."""
    return None if key is None else names.get(key, key)


def zone_name(zone: str, language: str) -> str:
    """A time zone as the language names its city (Babel/CLDR): 台北 and 紐約 in zh-TW,
    Taipei and New York in English; the IANA name for what CLDR does not know."""
    from babel.dates import get_timezone_location

    from queries.plumbing.translations import babel_locale

    try:
        return str(get_timezone_location(zone, locale=babel_locale(language), return_city=True))
    except (LookupError, ValueError):
        return zone
