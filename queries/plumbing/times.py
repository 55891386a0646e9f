"""The one rule for instants given as text (CSV fields, `--as-of`, `--now`): ISO 8601 with `Z`
or an explicit offset, returned in UTC. A naive timestamp is an error, never a guess. And the
one test of a time zone's name (`known_zone`), wherever a name comes from outside."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queries.plumbing.errors import InstantError


@lru_cache(maxsize=1024)
def known_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone that `ZoneInfo` opens, e.g. Asia/Taipei. A bad name
    may raise ZoneInfoNotFoundError (Mars/Base), ValueError ("", "../x") or OSError ("America",
    a directory; a name too long for a file); each is False. Cached: an importer asks per row."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def parse_instant(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InstantError(f"not an ISO 8601 timestamp: {text!r}") from None
    if parsed.tzinfo is None:
        raise InstantError(f"naive timestamp {text!r} needs Z or an offset")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+08:00: its UTC value is before year 1
        raise InstantError(f"{text!r} is outside the years 1–9999 in UTC") from None
