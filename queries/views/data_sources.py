"""The Data sources page (admins): each synced helpdesk's last sync, rows read and written,
watermark, lag and last error, and whether Vigil sends its surveys (docs/connectors.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading
from queries.plumbing.schema import sync_sources, sync_watermarks

COLUMNS = (
    "source", "vigil_surveys", "last_sync", "status", "rows_read", "rows_written",
    "watermark", "lag_s", "last_error",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DataSourcesView:
    """sources: one row per source, COLUMNS in order. last_sync and watermark are UTC;
    watermark is the latest instant any of its entries reached (a naive one read as UTC; text
    watermarks count when they are ISO 8601), and
    lag_s is now − watermark in seconds (null without an instant watermark)."""

    sources: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.sources.is_empty()


def data_sources_view(engine: Engine, now: datetime) -> DataSourcesView:
    s, w = sync_sources, sync_watermarks
    marks = sa.select(w.c.source, w.c.value).where(w.c.kind.in_(("timestamp", "text")))
    with reading(engine) as conn:
        states = list(conn.execute(sa.select(s).order_by(s.c.name)))
        latest: dict[str, datetime] = {}
        for source, value in conn.execute(marks):
            instant = _instant(value)
            if instant is None:
                continue
            instant = instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant
            if source not in latest or instant > latest[source]:
                latest[source] = instant.astimezone(UTC)
    rows = []
    for state in states:
        mark = latest.get(state.name)
        lag = None if mark is None else max((now - mark).total_seconds(), 0.0)
        stored = (state.last_finished_at, state.last_status, state.rows_read, state.rows_written)
        rows.append((state.name, state.vigil_surveys, *stored, mark, lag, state.last_error))
    schema: dict[str, pl.DataType] = {
        "source": pl.String(), "vigil_surveys": pl.Boolean(),
        "last_sync": pl.Datetime("us", "UTC"), "status": pl.String(),
        "rows_read": pl.Int64(), "rows_written": pl.Int64(),
        "watermark": pl.Datetime("us", "UTC"), "lag_s": pl.Float64(), "last_error": pl.String(),
    }  # fmt: skip
    return DataSourcesView(pl.DataFrame(rows, schema=schema, orient="row"))


def _instant(value: str) -> datetime | None:
    """A watermark as an instant, when it is one (a text column may hold ISO 8601)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
