"""The default period ends on the last complete day (issue: trust on the first screen): with
conversations until now, today's partial day is never part of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from dashboard import data
from tests.builders import World, utc
from tests.pages.test_hostile_periods import open_with_period
from tests.pages.test_pages_render import PAGES


@pytest.fixture
def live_world(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A conversation every 6 hours from 2026-09-01 until 2026-11-15 03:00 UTC, read at
    2026-11-15 06:00 UTC (14:00 in Taipei): today is under way."""
    world = World(engine)
    customer = world.customer()
    opened = utc("2026-09-01 03:00")
    while opened <= utc("2026-11-15 03:00"):
        world.conversation(customer_id=customer, opened_at=opened)
        opened += timedelta(hours=6)
    monkeypatch.setenv("VIGIL_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VIGIL_NOW", "2026-11-15T06:00:00Z")
    yield
    data.engine().dispose()


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        (None, "Oct 16, 2026 – Nov 14, 2026"),  # Taipei: 11-15 14:00, yesterday 11-14
        ("America/Los_Angeles", "Oct 15, 2026 – Nov 13, 2026"),  # 11-14 22:00 PST
        ("Asia/Kathmandu", "Oct 16, 2026 – Nov 14, 2026"),  # +05:45: 11-15 11:45
    ],
)
def test_the_default_period_ends_yesterday_in_the_display_zone(
    live_world: None, zone: str | None, shown: str
) -> None:
    app = open_with_period(PAGES[0][0], None, zone)
    assert not app.exception, [e.value for e in app.exception]
    assert app.caption[0].value.startswith(f"{shown}, times in ")
