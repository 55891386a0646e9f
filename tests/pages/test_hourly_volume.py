"""A one-day period draws its volume hour by hour in the display zone (issue #16: "a one-day
period gets a single wide bar instead of hours"): 25 hours on the day Berlin falls back, the
repeated hour twice, the hour under way hatched, the hours still to come left empty."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from dashboard import data
from queries.metrics.hours import day_hours, hour_labels
from tests.builders import World, utc
from tests.pages.test_hostile_periods import open_with_period
from tests.pages.test_pages_render import PAGES

OPENED = {  # UTC → the Berlin hour it falls in on 2026-10-25 (CEST until 01:00 UTC, then CET)
    "2026-10-24 22:10": "00:00",
    "2026-10-25 00:30": "02:00 CEST",
    "2026-10-25 01:30": "02:00 CET",
    "2026-10-25 01:40": "02:00 CET",
    "2026-10-25 08:05": "09:00",  # the hour under way at 09:15 CET
}


@pytest.fixture
def fall_back_day(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    world = World(engine)
    customer = world.customer()
    for opened in OPENED:
        world.conversation(customer_id=customer, opened_at=utc(opened), channel="chat")
    world.conversation(customer_id=customer, opened_at=utc("2026-10-25 01:45"), channel="email")
    world.conversation(customer_id=customer, opened_at=utc("2026-10-24 12:00"))  # the day before
    monkeypatch.setenv("VIGIL_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VIGIL_NOW", "2026-10-25T08:15:00Z")  # 09:15 in Berlin
    yield
    data.engine().dispose()


def volume_figure(app: Any) -> dict[str, Any]:
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["layout"]["xaxis"].get("type") == "category":
            return spec
    raise AssertionError("no hourly volume chart")


def test_a_one_day_period_is_drawn_hour_by_hour(fall_back_day: None) -> None:
    app = open_with_period(PAGES[0][0], "2026-10-25..2026-10-25", "Europe/Berlin")
    assert not app.exception, [e.value for e in app.exception]
    assert any(h.value.startswith("Conversations per hour (") for h in app.subheader)
    spec = volume_figure(app)
    axis = spec["layout"]["xaxis"]
    ticks = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    assert len(ticks) == 25  # the clocks fall back: 25 local hours
    assert list(ticks.values())[:5] == ["00:00", "01:00", "02:00 CEST", "02:00 CET", "03:00"]
    chat, email = spec["data"]  # channels in palette order: chat first
    counted = {ticks[x]: y for x, y in zip(chat["x"], chat["y"], strict=True)}
    assert counted == {"00:00": 1, "02:00 CEST": 1, "02:00 CET": 2, "09:00": 1}
    assert [ticks[x] for x in email["x"]] == ["02:00 CET"]
    assert chat["marker"]["pattern"]["shape"] == ["", "", "", "/"]  # 09:00 is under way
    (ahead,) = spec["layout"]["shapes"]  # 10:00–23:00 still to come: a band, not zeros
    assert (ahead["x0"], ahead["x1"]) == (10.5, 24.5)
    assert not any(ticks[x] >= "10:00" for trace in spec["data"] for x in trace["x"])


def test_a_longer_period_stays_daily(fall_back_day: None) -> None:
    app = open_with_period(PAGES[0][0], "2026-10-24..2026-10-25", "Europe/Berlin")
    assert not app.exception, [e.value for e in app.exception]
    assert any(h.value == "Conversations per day" for h in app.subheader)
    assert all(
        json.loads(c.proto.spec)["layout"]["xaxis"].get("type") != "category"
        for c in app.get("plotly_chart")
    )


def test_the_local_hours_of_a_day_follow_the_clock_changes() -> None:
    spring, autumn = (
        day_hours(date(2026, 3, 29), "Europe/Berlin"),
        day_hours(date(2026, 10, 25), "Europe/Berlin"),
    )
    assert (len(spring), len(autumn), len(day_hours(date(2026, 3, 29), "Asia/Taipei"))) == (
        23,
        25,
        24,
    )
    assert [f"{h:%H}" for h in spring[:4]] == ["00", "01", "03", "04"]  # 02:00 never happens
    assert hour_labels(autumn)[2:4] == ["02:00 CEST", "02:00 CET"]
