"""Now: the one clock that views, pages, the CLI and the jobs read.

`VIGIL_NOW` (the `now` setting) pins it to one instant, for tests and reproducible demos;
unset, it is the wall clock in UTC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from queries.plumbing.settings import Settings

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


def clock_for(settings: Settings) -> Clock:
    """The process's clock: the pinned instant when `VIGIL_NOW` is set, else the wall clock."""
    pinned = settings.now
    if pinned is None:
        return wall_clock
    return lambda: pinned
