"""Per source and entry, the highest watermark synced (docs/connectors.md, "Watermarks").

A value keeps its type as text: an aware instant in ISO 8601 with its offset, a naive one
without (compared with the source's own naive column), an integer, or text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from queries.plumbing.db import dialect_insert, reading
from queries.plumbing.schema import sync_watermarks


def encode(value: Any) -> tuple[str, str]:
    """(text, kind) of a watermark value."""
    if isinstance(value, datetime):
        return value.isoformat(), "timestamp"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), "integer"
    return str(value), "text"


def decode(text: str, kind: str) -> Any:
    if kind == "timestamp":
        return datetime.fromisoformat(text)
    if kind == "integer":
        return int(text)
    return text


def load_watermarks(engine: Engine, source: str) -> dict[str, Any]:
    """entry -> the stored watermark of `source`."""
    table = sync_watermarks
    query = select(table.c.entry, table.c.value, table.c.kind).where(table.c.source == source)
    with reading(engine) as conn:
        return {entry: decode(value, kind) for entry, value, kind in conn.execute(query)}


def save_watermark(conn: Connection, source: str, entry: str, value: Any, now: datetime) -> None:
    """Upsert one watermark inside the sync's write transaction."""
    text, kind = encode(value)
    row = {"source": source, "entry": entry, "value": text, "kind": kind, "updated_at": now}
    statement = dialect_insert(conn, sync_watermarks).values(**row)
    statement = statement.on_conflict_do_update(
        index_elements=["source", "entry"],
        set_={"value": text, "kind": kind, "updated_at": now},
    )
    conn.execute(statement)
