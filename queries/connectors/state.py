"""Each source's sync state: last sync, rows read and written, last error, and whether Vigil
sends the surveys for its conversations (docs/connectors.md, "Surveys")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection, Engine

from queries.connectors.mapping import Mapping
from queries.plumbing.db import dialect_insert, writing
from queries.plumbing.schema import sync_sources

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
