"""What the sidebar can offer: the channels, teams and segments present, and the data's extent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading
from queries.plumbing.schema import CHANNELS, agents, conversations, customers


@dataclass(frozen=True, slots=True)
class FilterOptions:
    channels: tuple[str, ...]
    teams: tuple[str, ...]
    segments: tuple[str, ...]
    first_opened: datetime | None
    last_opened: datetime | None

    @property
    def empty(self) -> bool:
        return self.first_opened is None


def filter_options(engine: Engine) -> FilterOptions:
    """Distinct teams and segments, and the first and last conversation (UTC)."""
    with reading(engine) as conn:
        teams = conn.scalars(
            sa.select(agents.c.team)
            .where(agents.c.team.is_not(None))
            .distinct()
            .order_by(agents.c.team)
        ).all()
        segments = conn.scalars(
            sa.select(customers.c.segment)
            .where(customers.c.segment.is_not(None))
            .distinct()
            .order_by(customers.c.segment)
        ).all()
        first, last = conn.execute(
            sa.select(
                sa.func.min(conversations.c.opened_at), sa.func.max(conversations.c.opened_at)
            )
        ).one()
    return FilterOptions(CHANNELS, tuple(teams), tuple(segments), first, last)
