"""When a digest is due and which period it covers (docs/digests.md). All in the
subscription's zone, DST-correct:

- weekly on `weekday` (0 = Monday) at `hour`: the period is the last complete Monday–Sunday
  week before the due day;
- daily at `hour`: the day before;
- monthly on the 1st at `hour`: the month before.

A due instant stays due for `GRACE` (a jobs process that was down catches up), and the claim
on `last_period_end` makes each period go out once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

GRACE = {"weekly": timedelta(days=1), "monthly": timedelta(days=1), "daily": timedelta(hours=12)}


@dataclass(frozen=True, slots=True)
class Due:
    at: datetime  # UTC
    start: date
    end: date


def _local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone).astimezone(UTC)


def latest_due(schedule: str, weekday: int, hour: int, zone_name: str, now: datetime) -> Due:
    """The latest due instant at or before `now`, with the period it covers."""
    zone = ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    day = today
    for _ in range(40):
        if schedule == "weekly":
            ok = day.weekday() == weekday
        elif schedule == "monthly":
            ok = day.day == 1
        else:
            ok = True
        if ok and _local(day, hour, zone) <= now:
            return Due(_local(day, hour, zone), *period_before(schedule, day))
        day -= timedelta(days=1)
    raise ValueError(f"no {schedule} due instant found before {now.isoformat()}")


def period_before(schedule: str, day: date) -> tuple[date, date]:
    """The last complete week, day or month before local `day`."""
    if schedule == "weekly":
        end = day - timedelta(days=day.weekday() + 1)
        return end - timedelta(days=6), end
    if schedule == "monthly":
        end = day.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    return day - timedelta(days=1), day - timedelta(days=1)


def is_due(due: Due, schedule: str, now: datetime, last_period_end: str | None) -> bool:
    fresh = last_period_end is None or last_period_end < due.end.isoformat()
    return fresh and due.at <= now < due.at + GRACE[schedule]
