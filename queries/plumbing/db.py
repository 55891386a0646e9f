"""Engine construction and the one doorway each way: `reading` (with a time limit) and
`writing`, both of which turn driver failures into the error tree's DataUnavailable
(docs/architecture.md, "Errors")."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.sql import Select

from queries.plumbing.arrow_pool import with_connection
from queries.plumbing.errors import BadInput, DataUnavailable, QueryTimedOut
from queries.plumbing.schema import UtcDateTime

STATEMENT_TIMEOUT_MS = 30_000
"""The time limit of every read: PostgreSQL's statement_timeout, SQLite's progress handler."""
SQLITE_PROGRESS_STEPS = 10_000
"""SQLite virtual-machine steps between two looks at the read's deadline."""
SQLITE_TEXT_TIME = "%Y-%m-%d %H:%M:%S.%6f"
"""How an instant is stored as text in SQLite (as SQLAlchemy writes it; `bulk` writes it so)."""
TEXT_TIME_FALLBACK = "%Y-%m-%d %H:%M:%S%.f"
"""The lenient parse of SQLite's text instants when `SQLITE_TEXT_TIME` does not fit them all."""


def make_engine(url: str | URL) -> Engine:
    """One engine per process. SQLite: WAL and foreign keys. PostgreSQL: psycopg 3. A URL
    that is not one of those is BadInput."""
    try:
        url = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise BadInput(f"not a database URL: {exc}") from exc
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    if url.get_backend_name() != "sqlite":
        raise BadInput(f"unsupported database {url.get_backend_name()!r}: use SQLite or PostgreSQL")
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction. On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE), so a
    read-then-write transaction never fails half-way on a lock another writer took meanwhile."""
    try:
        with engine.execution_options(sqlite_immediate=True).begin() as conn:
            yield conn
    except sa.exc.DBAPIError as exc:  # rolled back; the driver's error becomes ours
        raise _unavailable(engine, exc) from exc


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """Open a read connection with a time limit; driver failures become DataUnavailable."""
    try:
        with engine.connect() as conn:
            if is_postgres(engine):
                conn.exec_driver_sql(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
                yield conn
            else:
                with _sqlite_time_limit(conn.connection.driver_connection):
                    yield conn
    except sa.exc.DBAPIError as exc:
        raise _unavailable(engine, exc) from exc


@contextmanager
def _sqlite_time_limit(sqlite_connection: Any) -> Iterator[None]:
    """SQLite's statement_timeout: a progress handler interrupts a read past the deadline
    (sqlite3 raises OperationalError "interrupted"); removed again before the connection
    goes back to the pool, where writes share it."""
    deadline = time.monotonic() + STATEMENT_TIMEOUT_MS / 1000
    sqlite_connection.set_progress_handler(
        lambda: time.monotonic() > deadline, SQLITE_PROGRESS_STEPS
    )
    try:
        yield
    finally:
        sqlite_connection.set_progress_handler(None, 0)


def _unavailable(engine: Engine, exc: Exception) -> DataUnavailable:
    """QueryTimedOut for a statement timeout (PostgreSQL's query_canceled, SQLSTATE 57014, from
    psycopg or ADBC; SQLite's interrupt by `_sqlite_time_limit`), else DataUnavailable; the
    message names the database, never its password."""
    orig = getattr(exc, "orig", exc)
    timed_out = getattr(orig, "sqlstate", None) == "57014" or (
        isinstance(orig, sqlite3.OperationalError) and str(orig) == "interrupted"
    )
    return (QueryTimedOut if timed_out else DataUnavailable)(_describe(engine, exc))


def _describe(engine: Engine, exc: Exception) -> str:
    where = engine.url.render_as_string(hide_password=True)
    first_line = str(getattr(exc, "orig", exc)).strip().splitlines()[0:1]
    return f"database {where} is unavailable: {first_line[0] if first_line else type(exc).__name__}"


def read_frame(engine: Engine, stmt: Select[Any]) -> pl.DataFrame:
    """Run a Core select and return a typed Polars frame: PostgreSQL through ADBC's Arrow
    reader on a reused connection (`arrow_pool`), SQLite through the engine's own pooled
    sqlite3 connection (see `_read_sqlite`)."""
    sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    try:
        frame = (
            _read_postgres(engine, sql) if is_postgres(engine) else _read_sqlite(engine, sql, stmt)
        )
    except Exception as exc:  # ADBC and sqlite3 raise their own trees; the caller gets one kind
        raise _unavailable(engine, exc) from exc
    return _typed(frame, stmt)


def _read_postgres(engine: Engine, sql: str) -> pl.DataFrame:
    uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def read(conn: Any) -> pl.DataFrame:
        with conn.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
            cursor.execute(sql)
            return pl.DataFrame(cursor.fetch_arrow_table())

    return with_connection(uri, read)


def _read_sqlite(engine: Engine, sql: str, stmt: Select[Any]) -> pl.DataFrame:
    """Never a second SQLite library in the process: ADBC's (or connectorx's) bundled SQLite
    closing its file descriptor drops the POSIX locks that Python's sqlite3 holds on the same
    database, which was seen here to serve stale rows and then 'disk I/O error'. The frame is
    built from the fetched rows with dtypes from the select."""
    raw: Any = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            with _sqlite_time_limit(raw.driver_connection):
                rows = cursor.execute(sql).fetchall()
        finally:
            cursor.close()
    finally:
        raw.close()
    schema = {str(column.key): _sqlite_dtype(column.type) for column in stmt.selected_columns}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _sqlite_dtype(sql_type: Any) -> Any:
    """How SQLite hands a column back: timestamps as text, booleans as 0/1 (None: inferred)."""
    if isinstance(sql_type, UtcDateTime | sa.DateTime | sa.String | sa.Text):
        return pl.String
    if isinstance(sql_type, sa.Boolean | sa.Integer):
        return pl.Int64
    if isinstance(sql_type, sa.Float | sa.Numeric):
        return pl.Float64
    return None


def _typed(frame: pl.DataFrame, stmt: Select[Any]) -> pl.DataFrame:
    casts: list[pl.Expr | pl.Series] = []
    for column in stmt.selected_columns:
        name = column.key
        if name not in frame.columns:
            continue
        if frame.schema[name] == pl.String and isinstance(column.type, UtcDateTime | sa.DateTime):
            casts.append(_utc_from_text(frame.get_column(name)))
        else:
            casts.append(_cast(frame.schema[name], column.type, name))
    return frame.with_columns(casts) if casts else frame


def _utc_from_text(text: pl.Series) -> pl.Series:
    """SQLite's UTC text. SQLAlchemy always writes six fraction digits, which parses about 7×
    faster with an exact format; anything else falls back to the lenient one."""
    try:
        fast = text.str.strptime(pl.Datetime("us", "UTC"), SQLITE_TEXT_TIME, cache=False)
        if fast.null_count() == text.null_count():
            return fast
    except pl.exceptions.InvalidOperationError:
        pass
    return text.str.to_datetime(TEXT_TIME_FALLBACK, time_zone="UTC")


def _cast(current: pl.DataType, sql_type: Any, name: str) -> pl.Expr:
    """A column's dtype from its SQL type. Instants come as text only from SQLite, which
    `_typed` parses with `_utc_from_text`; ADBC hands PostgreSQL's back as Datetime."""
    col = pl.col(name)
    if isinstance(sql_type, UtcDateTime | sa.DateTime):
        zoned = isinstance(current, pl.Datetime) and current.time_zone
        return (col.dt.convert_time_zone("UTC") if zoned else col).cast(pl.Datetime("us", "UTC"))
    if isinstance(sql_type, sa.Boolean):
        return col.cast(pl.Boolean)
    if isinstance(sql_type, sa.Integer):
        return col.cast(pl.Int64)
    if isinstance(sql_type, sa.Float | sa.Numeric):
        return col.cast(pl.Float64)
    if isinstance(sql_type, sa.String | sa.Text):
        return col.cast(pl.String)
    return col


def dialect_insert(bind: Connection | Engine, table: sa.Table) -> Any:
    """The INSERT that speaks ON CONFLICT (do nothing / do update) in this bind's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if bind.dialect.name == "postgresql" else sqlite).insert(table)
