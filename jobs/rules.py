"""Pure survey rules: quiet hours in the customer's own zone (DST-correct) and retry backoff."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from queries.surveys.dates import customer_zone

__all__ = ["QuietWindow", "backoff", "customer_zone", "in_quiet_hours", "next_allowed"]
QuietWindow = tuple[time, time]
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)


def _quiet_at(local: time, window: QuietWindow) -> bool:
    start, end = window
    if start == end:
        return False  # an empty window: quiet hours are off
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the window wraps past midnight


def in_quiet_hours(instant: datetime, zone: ZoneInfo, window: QuietWindow) -> bool:
    """Is the wall clock in `zone` inside the quiet window at this instant?"""
    local = instant.astimezone(zone)
    return _quiet_at(local.time().replace(tzinfo=None), window)


def next_allowed(instant: datetime, zone: ZoneInfo, window: QuietWindow) -> datetime:
    """The earliest instant ≥ `instant` (UTC) that is outside the local quiet window.

    The window's end is a wall-clock time, so it is resolved on the right local date with
    that date's UTC offset; an end that falls into a DST gap maps to just after the gap.
    """
    instant = instant.astimezone(UTC)
    if not in_quiet_hours(instant, zone, window):
        return instant
    start, end = window
    local = instant.astimezone(zone)
    day = local.date()
    if start > end and local.time().replace(tzinfo=None) >= start:
        day += timedelta(days=1)  # evening part of a wrapping window: it ends tomorrow
    for _ in range(4):  # a DST jump can land inside the window again; try the next day
        candidate = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
        if candidate > instant and not in_quiet_hours(candidate, zone, window):
            return candidate
        if candidate > instant:
            # the end wall time fell into a gap and resolved before it; step past the gap
            later = candidate + timedelta(hours=1)
            if not in_quiet_hours(later, zone, window):
                return later
        day += timedelta(days=1)
    raise ValueError(f"no allowed time after {instant} in {zone} for window {window}")


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` (1, 2, …): 1, 2, 4, 8 … minutes, capped at 1 h."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
