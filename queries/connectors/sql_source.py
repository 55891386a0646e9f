"""Read one mapping entry from a source database through SQLAlchemy, any dialect it speaks.

Rows come back as the importer's text fields (`queries.importer.reading.read_records`), so a
synced row passes exactly the checks a CSV row does. The source is only read: the
connection never commits, and on PostgreSQL its transactions are READ ONLY.
"""

from __future__ import annotations

from collections.abc import Mapping as Params
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from queries.connectors.mapping import Entry, Mapping, MappingError, check_columns
from queries.plumbing.errors import BadInput, DataUnavailable

SINCE = "vigil_since"  # the bind parameter of the watermark filter
FETCH = 5_000  # rows per fetch from a server-side cursor


class SourceUnavailable(DataUnavailable):
    """The source database could not be reached or stopped answering (exit code 1)."""


@dataclass(frozen=True)
class SourceRows:
    """What one entry read: text records in the import column order, each row's key for
    messages, and the highest watermark value seen (None when nothing was read)."""

    entry: Entry
    records: list[list[str]]
    keys: list[str]
    watermark: Any


def source_engine(url: str | URL) -> Engine:
    """An engine on the source; postgresql:// means psycopg 3, as Vigil's own URLs do."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise BadInput(f"--source-url: not a database URL: {exc}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return sa.create_engine(parsed, poolclass=sa.NullPool)
    except (ImportError, sa.exc.ArgumentError) as exc:
        raise BadInput(f"--source-url: unsupported database: {exc}") from None


def shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def read_entry(
    engine: Engine, mapping: Mapping, entry: Entry, since: Any, params: Params[str, Any]
) -> SourceRows:
    """Run the entry's SELECT (only rows at or past `since` when it has a watermark)."""
    query = entry.query
    bind = dict(params)
    if entry.watermark and since is not None:
        column = engine.dialect.identifier_preparer.quote(entry.watermark)
        # the query on lines of its own, so a trailing -- comment ends there
        query = f"SELECT * FROM (\n{query}\n) vigil_source WHERE vigil_source.{column} >= :{SINCE}"
        bind[SINCE] = since
    statement = sa.text(query)
    names = set(statement.compile().params)
    missing = names - set(bind)
    if missing:
        wanted = ", ".join(sorted(missing))
        raise MappingError(f"{mapping.where(entry.name)}: the query needs parameters {wanted}")
    try:
        conn = engine.connect()
    except sa.exc.DBAPIError as exc:
        raise SourceUnavailable(f"source {shown(engine)} unreachable: {_first(exc)}") from None
    try:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(postgresql_readonly=True)
        result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(
            statement, {name: bind[name] for name in names}
        )
        return _collect(mapping, entry, list(result.keys()), result)
    except sa.exc.DBAPIError as exc:
        if exc.connection_invalidated:
            raise SourceUnavailable(f"source {shown(engine)} lost: {_first(exc)}") from None
        where = mapping.where(entry.name)
        raise MappingError(f"{where}: the query failed: {_first(exc)}") from None
    finally:
        conn.close()  # never committed: the source is only read


def _first(exc: sa.exc.DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__


def _collect(mapping: Mapping, entry: Entry, columns: list[str], rows: Any) -> SourceRows:
    check_columns(mapping, entry, columns)
    at = {name: i for i, name in enumerate(columns)}
    header = entry.spec.header
    places = [at.get(name) for name in header]
    maps = [entry.values.get(name) for name in header]
    key_at = at.get(entry.row_key) if entry.row_key else None
    mark_at = at[entry.watermark] if entry.watermark else None
    zone = mapping.time_zone
    records, keys, high = [], [], None
    for row in rows:
        record = []
        for place, values in zip(places, maps, strict=True):
            raw = None if place is None else row[place]
            if values is not None and raw is not None:
                raw = values.get(as_text(raw, zone), raw)
            record.append(as_text(raw, zone))
        records.append(record)
        keys.append("" if key_at is None else as_text(row[key_at], zone))
        if mark_at is not None and row[mark_at] is not None:
            mark = row[mark_at]
            high = mark if high is None or mark > high else high
    return SourceRows(entry, records, keys, high)


def as_text(value: Any, zone: ZoneInfo | None) -> str:
    """A source value as the importer's field text (docs/importing.md); None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None and zone is not None:
            value = value.replace(tzinfo=zone)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, timedelta):
        return str(int(value.total_seconds()))
    return str(value)
