"""Write validated files in one transaction: stage each file, then upsert or dedupe in SQL.

Each file's rows go into a temporary staging table with `bulk.insert_frame` (COPY on
PostgreSQL, executemany on SQLite). Set-based statements then resolve external ids to ids
and write only what is new or different:

- keyed files: INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE, skipping rows that
  already hold exactly these values, so a re-import writes nothing;
- shifts and activity: INSERT ... SELECT of rows that neither the table nor an earlier
  line of the file already holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column as SqlColumn
from sqlalchemy import (
    ColumnElement,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.selectable import Subquery
from sqlalchemy.types import TypeEngine

from queries.importer.reading import ParsedFile
from queries.importer.specs import Column, FileSpec
from queries.importer.summary import FileCounts
from queries.plumbing import schema
from queries.plumbing.bulk import insert_frame
from queries.plumbing.db import dialect_insert, writing
from queries.plumbing.progress import Progress
from queries.plumbing.staleness import EVERYTHING, mark_dirty

IMPORT_LOCK = 0x7669_6769  # PostgreSQL advisory lock id that serializes imports ("vigi")


def write_files(
    engine: Engine, files: Sequence[ParsedFile], progress: Progress
) -> list[FileCounts]:
    """Write every file in one transaction; any failure rolls all of them back."""
    with writing(engine) as conn:
        return write_parsed(conn, files, progress)


def write_parsed(
    conn: Connection, files: Sequence[ParsedFile], progress: Progress
) -> list[FileCounts]:
    """Write the files inside the caller's transaction (a sync adds its watermarks to it)."""
    counts = []
    _serialize_imports(conn)
    for parsed in files:
        label = f"saving {parsed.spec.table.name}"
        progress(label, 0, parsed.frame.height)
        counts.append(_write_file(conn, parsed))
        progress(label, parsed.frame.height, parsed.frame.height)
    stale = [_stale_from(conn, parsed, done) for parsed, done in zip(files, counts, strict=True)]
    known = [instant for instant in stale if instant is not None]
    if known:
        mark_dirty(conn, min(known))
    return counts


def _stale_from(conn: Connection, parsed: ParsedFile, done: FileCounts) -> datetime | None:
    """From when the summaries may no longer hold what this file wrote (docs/summaries.md):
    its conversations' first opening; a changed agent or customer (team, segment) touches
    every bucket; other files none."""
    table, frame = parsed.spec.table, parsed.frame
    if table is schema.conversations and frame.height:
        return frame.get_column("opened_at").min()  # type: ignore[return-value]
    if table is schema.survey_responses and frame.height:
        keys = frame.get_column("conversation_external_id").unique().to_list()
        return _first_opened(conn, keys)
    if table in (schema.agents, schema.customers) and done.updated:
        return EVERYTHING
    return None


def _first_opened(conn: Connection, external_ids: list[str]) -> datetime | None:
    c = schema.conversations.c
    found = [
        conn.execute(select(func.min(c.opened_at)).where(c.external_id.in_(chunk))).scalar()
        for chunk in (external_ids[i : i + 5000] for i in range(0, len(external_ids), 5000))
    ]
    known = [instant for instant in found if instant is not None]
    return min(known) if known else None


def _serialize_imports(conn: Connection) -> None:
    """One import at a time. SQLite: `writing` already holds the write lock (BEGIN IMMEDIATE).
    PostgreSQL: a transaction-scoped advisory lock; readers are never blocked."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK)))


def _write_file(conn: Connection, parsed: ParsedFile) -> FileCounts:
    spec, rows = parsed.spec, parsed.frame.height
    if spec.write is not None:
        return spec.write(conn, parsed.frame)
    staging = _staging_table(spec)
    staging.create(conn)  # on failure the rollback removes it along with everything else
    insert_frame(conn, staging, parsed.frame)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f'ANALYZE "{staging.name}"')  # temp tables get no autovacuum
    incoming = _incoming(spec, staging)
    if spec.conflict is None:
        inserted = _insert_missing(conn, spec, incoming)
        counts = FileCounts(spec.file, rows, inserted, duplicates=rows - inserted, keyed=False)
    else:
        new = _count_new(conn, spec, incoming)
        written = _upsert_changed(conn, spec, incoming)
        counts = FileCounts(spec.file, rows, new, written - new, rows - written)
    staging.drop(conn)
    return counts


def _staging_table(spec: FileSpec) -> Table:
    """A temporary table shaped like the file: the line, then the typed columns."""
    columns: list[SqlColumn[Any]] = [SqlColumn("line", Integer)]
    for column in spec.columns:
        sql_type: TypeEngine[Any] = (
            String() if column.refers_to is not None else spec.table.c[column.name].type
        )
        columns.append(SqlColumn(column.name, sql_type))
    name = f"vigil_import_{spec.table.name}"
    return Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])


def _incoming(spec: FileSpec, staging: Table) -> Subquery:
    """The staged rows with the table's column names and external ids resolved to ids."""
    values: list[ColumnElement[Any]] = [staging.c.line]
    for column in spec.columns:
        value: ColumnElement[Any] = staging.c[column.name]
        if column.refers_to is not None:
            referred = column.refers_to
            value = select(referred.c.id).where(referred.c.external_id == value).scalar_subquery()
        values.append(value.label(column.target_name))
    return select(*values).subquery("incoming")


def _same(column: Column, stored: Any, incoming: Any) -> ColumnElement[bool]:
    """Equality for the row comparison; NULL-safe where the column may be NULL."""
    if column.required or column.default is not None:
        return stored == incoming  # plain equality keeps indexes usable
    return stored.is_not_distinct_from(incoming)


def _insert_missing(conn: Connection, spec: FileSpec, incoming: Subquery) -> int:
    """Insert rows that are neither in the table nor earlier in the file; return how many."""
    stored, names = spec.table.alias("stored"), [column.target_name for column in spec.columns]
    already_stored = exists().where(
        *(_same(c, stored.c[c.target_name], incoming.c[c.target_name]) for c in spec.columns)
    )
    rows: Select[Any] = (
        select(*(incoming.c[name] for name in names))
        .where(~already_stored)
        .group_by(*(incoming.c[name] for name in names))
        .order_by(func.min(incoming.c.line))
    )
    return _rows_written(conn, insert(spec.table).from_select(names, rows))


def _count_new(conn: Connection, spec: FileSpec, incoming: Subquery) -> int:
    stored, key = spec.table.alias("stored"), spec.conflict
    assert key is not None
    already_stored = exists().where(*(stored.c[k] == incoming.c[k] for k in key))
    query = select(func.count()).select_from(incoming).where(~already_stored)
    return int(conn.execute(query).scalar_one())


def _upsert_changed(conn: Connection, spec: FileSpec, incoming: Subquery) -> int:
    """Upsert the rows that are new or differ from the stored row; return how many."""
    table, stored, key = spec.table, spec.table.alias("stored"), spec.conflict
    assert key is not None
    names = [column.target_name for column in spec.columns]
    new_values: dict[str, ColumnElement[Any]] = {name: incoming.c[name] for name in names}
    for name, merge in spec.merge.items():
        new_values[name] = merge(stored.c[name], incoming.c[name])
    identical = exists().where(
        *(stored.c[k] == incoming.c[k] for k in key),
        *(
            stored.c[name].is_not_distinct_from(value)
            for name, value in new_values.items()
            if name not in key
        ),
        *(
            stored.c[name] == literal(value, stored.c[name].type)
            for name, value in spec.always.items()
        ),
    )
    constants = {**spec.insert_only, **spec.always}
    rows: Select[Any] = (
        select(
            *(incoming.c[name] for name in names),
            *(literal(value, table.c[name].type).label(name) for name, value in constants.items()),
        )
        .where(~identical)
        .order_by(incoming.c.line)
    )
    statement = dialect_insert(conn, table).from_select([*names, *constants], rows)
    excluded = statement.excluded
    updates: dict[str, Any] = {name: excluded[name] for name in names if name not in key}
    for name, merge in spec.merge.items():
        updates[name] = merge(table.c[name], excluded[name])
    updates.update({name: excluded[name] for name in spec.always})
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=updates)
    return _rows_written(conn, statement)


def _rows_written(conn: Connection, statement: Executable) -> int:
    """Run a write and return its row count (SQLAlchemy drops it for INSERT unless asked)."""
    result = conn.execute(statement, execution_options={"preserve_rowcount": True})
    return int(result.rowcount)
