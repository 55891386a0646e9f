"""The one frozen filter value that every query takes and every cache keys on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_DAY = date(2000, 1, 1)
"""The earliest day a period may start (the import's earliest instant, docs/importing.md)."""
LAST_DAY = date(2099, 12, 31)
"""The latest day a period may end: far enough, and far from date.max's overflow."""
MAX_SPAN_DAYS = 366
"""The longest period a dashboard URL may ask for (docs/architecture.md, "Anatomy of a page")."""


def plausible_day(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def clamp_period(start: date, end: date, lo: date, hi: date) -> tuple[date, date]:
    """`start..end` moved inside the data's days `lo..hi` and cut to MAX_SPAN_DAYS, keeping
    its end: a hostile URL period (9999-12-31..9999-12-31) becomes a real one."""
    end = min(max(end, lo), hi)
    start = min(max(start, lo), end)
    return max(start, end - timedelta(days=MAX_SPAN_DAYS - 1)), end


@dataclass(frozen=True, slots=True)
class Filters:
    """A period of calendar dates in `tz` (both inclusive) plus optional cuts.

    Empty tuples mean "all". The period is [start 00:00 tz, end+1 00:00 tz). `scope` is the
    teams the reader may see (their account's scope, docs/deploying.md "Roles and team scope"):
    when set, `teams` is cut to it (and an empty or foreign pick becomes the scope), so every
    period read, which cuts by `teams`, stays inside it.
    """

    start: date
    end: date
    tz: str = "Asia/Taipei"
    channels: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        ZoneInfo(self.tz)
        if self.scope:
            inside = tuple(team for team in self.teams if team in self.scope)
            object.__setattr__(self, "teams", inside or tuple(sorted(self.scope)))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds_utc(self) -> tuple[datetime, datetime]:
        """The period as a half-open UTC interval, DST-correct at both edges."""
        lo = datetime.combine(self.start, time(0), self.zone)
        hi = datetime.combine(self.end + timedelta(days=1), time(0), self.zone)
        return lo.astimezone(UTC), hi.astimezone(UTC)

    def previous(self) -> Filters:
        """The equal-length period that ends the day before this one starts."""
        length = timedelta(days=self.days)
        return Filters(
            self.start - length,
            self.start - timedelta(days=1),
            self.tz,
            self.channels,
            self.teams,
            self.segments,
            self.scope,
        )
