"""Fast batched writes of Polars frames: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import Table
from sqlalchemy.engine import Connection

from queries.plumbing.db import SQLITE_TEXT_TIME


def insert_frame(conn: Connection, table: Table, frame: pl.DataFrame) -> int:
    """Append `frame` (columns named as in `table`) inside the caller's transaction."""
    if frame.is_empty():
        return 0
    unknown = set(frame.columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    if conn.dialect.name == "postgresql":
        _copy_postgres(conn, table, frame)
    else:
        _executemany_sqlite(conn, table, frame)
    return frame.height


BULK_CACHE_KIB = 1_048_576  # SQLite's page cache during a bulk write: 1 GiB at most
DEFAULT_CACHE_KIB = 2_000  # SQLite's own default


@contextmanager
def bulk_cache(conn: Connection) -> Iterator[None]:
    """Inside a bulk write on SQLite, a page cache large enough for the indexes of millions of
    rows (with the default 2 MB, each insert into an index reads its pages back from the WAL);
    the default again afterwards, so a pooled connection does not keep the pages."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")


def _as_utc(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone("UTC")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    )


def _executemany_sqlite(conn: Connection, table: Table, frame: pl.DataFrame) -> None:
    frame = _as_utc(frame).with_columns(
        pl.col(name).dt.strftime(SQLITE_TEXT_TIME)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    )
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    raw: Any = conn.connection.dbapi_connection
    cursor = raw.cursor()
    try:
        cursor.executemany(sql, frame.iter_rows())
    finally:
        cursor.close()


def _copy_postgres(conn: Connection, table: Table, frame: pl.DataFrame) -> None:
    frame = _as_utc(frame).with_columns(
        pl.col(name).cast(pl.String) for name, dtype in frame.schema.items() if dtype == pl.Boolean
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, null_value="", quote_style="non_numeric")
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    raw: Any = conn.connection.dbapi_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN WITH (FORMAT csv)') as copy,
    ):
        copy.write(buffer.getvalue())


def sync_id_sequence(conn: Connection, table: Table) -> None:
    """After writing explicit ids, move PostgreSQL's sequence past them."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
        )
