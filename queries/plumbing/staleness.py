"""The summaries' dirty mark (docs/summaries.md, "Kept fresh"): a writer whose rows the
summaries do not hold yet marks, inside its own transaction, from when they are stale. The
pages read rows while the mark is set; the next refresh (`queries.summaries.build`) clears it.
Here in plumbing, so that every writer (importer, survey answers) can mark."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from queries.plumbing.schema import summary_state

STATE = "kpi"
EVERYTHING = datetime(1970, 1, 1, tzinfo=UTC)


def mark_dirty(conn: Connection, since: datetime) -> None:
    """Inside a writer's transaction: the summaries from `since` on are stale (nothing to mark
    while no summary was ever built)."""
    dirty = summary_state.c.dirty_from
    earlier = sa.case((dirty.is_(None) | (dirty > since), since), else_=dirty)
    conn.execute(
        summary_state.update().where(summary_state.c.name == STATE).values(dirty_from=earlier)
    )
