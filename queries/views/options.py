"""What the sidebar can offer: the channels, teams and segments present, and the data's extent
(conversations, and the roster planned ahead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.filters import FIRST_DAY, LAST_DAY
from queries.plumbing.schema import CHANNELS, agents, conversations, customers, shifts

PLANNED_DAYS = 31
"""How far past now a period may reach to read a roster planned ahead (coverage forecasts
those hours)."""


@dataclass(frozen=True, slots=True)
class FilterOptions:
    channels: tuple[str, ...]
    teams: tuple[str, ...]
    segments: tuple[str, ...]
    first_opened: datetime | None
    last_opened: datetime | None
    last_planned: datetime | None = None  # the last shift's start, within the same window

    @property
    def empty(self) -> bool:
        return self.first_opened is None

    def days(self, zone: str, now: datetime) -> tuple[date, date]:
        """The data's real range as days in `zone`: the first and last conversation, clamped
        to FIRST_DAY – one day after `now`, so that a stored 9999-12-31 (inserted by SQL)
        cannot push a period out of the calendar. No data: today, twice."""
        earliest = datetime.combine(FIRST_DAY, time(0), UTC)
        latest = now + timedelta(days=1)
        first = min(max(self.first_opened or now, earliest), latest)
        last = min(max(self.last_opened or now, first), latest)
        tz = ZoneInfo(zone)
        return first.astimezone(tz).date(), last.astimezone(tz).date()

    def planned_until(self, zone: str, now: datetime) -> date | None:
        """The last day of the roster planned ahead (at most PLANNED_DAYS after `now`), in
        `zone`: a period may reach it, for coverage against next week's roster."""
        if self.last_planned is None:
            return None
        return (
            min(self.last_planned, now + timedelta(days=PLANNED_DAYS))
            .astimezone(ZoneInfo(zone))
            .date()
        )


def filter_options(engine: Engine) -> FilterOptions:
    """Distinct teams and segments, and the first and last conversation (UTC) in
    FIRST_DAY – LAST_DAY."""
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
        opened = conversations.c.opened_at
        plausible = (  # a stored 9999-12-31 placeholder is not the data's end
            opened >= datetime.combine(FIRST_DAY, time(0), UTC),
            opened < datetime.combine(LAST_DAY + timedelta(days=1), time(0), UTC),
        )
        first, last = conn.execute(
            sa.select(sa.func.min(opened), sa.func.max(opened)).where(*plausible)
        ).one()
    return FilterOptions(CHANNELS, tuple(teams), tuple(segments), first, last, last_planned(engine))


def last_planned(engine: Engine) -> datetime | None:
    """The start of the last shift on the roster (FIRST_DAY – LAST_DAY); None without one, or
    when the shifts cannot be read: the roster only widens the period, it never blocks it."""
    starts = shifts.c.starts_at
    try:
        with reading(engine) as conn:
            return conn.scalar(
                sa.select(sa.func.max(starts)).where(
                    starts >= datetime.combine(FIRST_DAY, time(0), UTC),
                    starts < datetime.combine(LAST_DAY + timedelta(days=1), time(0), UTC),
                )
            )
    except DataUnavailable:
        return None
