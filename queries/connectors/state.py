"""Each source's sync state: last sync, rows read and written, last error, and whether Vigil
sends the surveys for its conversations (docs/connectors.md, "Surveys")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from queries.connectors.mapping import Mapping
from queries.plumbing.db import dialect_insert, read_frame, writing
from queries.plumbing.schema import sync_sources, sync_watermarks

ERROR_LIMIT = 2_000  # characters of the last error kept


def _upsert(conn: Connection, name: str, values: dict[str, Any]) -> None:
    statement = dialect_insert(conn, sync_sources).values(name=name, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["name"], set_=values))


def record_success(
    conn: Connection, mapping: Mapping, now: datetime, read: int, written: int
) -> None:
    """Inside the sync's own transaction: the run's counts, and the source's survey flag."""
    _upsert(
        conn,
        mapping.source,
        {
            "vigil_surveys": mapping.vigil_surveys,
            "last_finished_at": now.astimezone(UTC),
            "last_status": "ok",
            "rows_read": read,
            "rows_written": written,
            "last_error": None,
        },
    )


def record_failure(engine: Engine, source: str, now: datetime, error: str) -> None:
    """After a failed scheduled sync (its own transaction rolled back): keep the error."""
    with writing(engine) as conn:
        _upsert(
            conn,
            source,
            {
                "last_finished_at": now.astimezone(UTC),
                "last_status": "failed",
                "last_error": error[:ERROR_LIMIT],
            },
        )


def sources_without_vigil_surveys(conn: Connection) -> list[str]:
    query = select(sync_sources.c.name).where(sync_sources.c.vigil_surveys.is_(False))
    return list(conn.scalars(query))


def source_states(engine: Engine) -> pl.DataFrame:
    """Every known source with its latest watermark (the frame the Data sources page shows)."""
    marks = (
        select(sync_watermarks.c.source, func.max(sync_watermarks.c.value).label("watermark"))
        .group_by(sync_watermarks.c.source)
        .subquery()
    )
    s = sync_sources
    query = (
        select(
            s.c.name,
            s.c.vigil_surveys,
            s.c.last_finished_at,
            s.c.last_status,
            s.c.rows_read,
            s.c.rows_written,
            s.c.last_error,
            marks.c.watermark,
        )
        .select_from(s.outerjoin(marks, marks.c.source == s.c.name))
        .order_by(s.c.name)
    )
    return read_frame(engine, query)
