"""Service by display-zone hour on a hand-built world, both backends, arithmetic in comments.

Display zone New York over the fall-back weekend (Sun 2024-11-03 01:00 repeats), target 60 s.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.metrics.stats import wilson_interval
from queries.metrics.tallies import compute_metrics
from queries.plumbing.filters import Filters
from queries.views.service_by_hour import service_hours
from tests.builders import World, at

NY = "America/New_York"
PERIOD = Filters(date(2024, 11, 2), date(2024, 11, 4), NY)


def row(frame: pl.DataFrame, **keys: Any) -> dict[str, Any]:
    match = frame
    for key, value in keys.items():
        match = match.filter(pl.col(key) == value)
    assert match.height == 1, keys
    return match.row(0, named=True)


def build(engine: Engine) -> None:
    world = World(engine)
    agent = world.agent(time_zone=NY)
    ny = world.customer(time_zone=NY)
    kolkata = world.customer(time_zone="Asia/Kolkata")

    def talk(
        opened: datetime, wait_s: float | None, channel: str, csat: int | None, who: int = ny
    ) -> None:
        reply = None if wait_s is None else opened + timedelta(seconds=wait_s)
        chat = world.conversation(
            customer_id=who,
            agent_id=agent,
            channel=channel,
            opened_at=opened,
            first_response_at=reply,
        )
        if csat is not None:
            world.response(conversation_id=chat, csat=csat)

    # 09h NY on both sides of the change: Sat 09:00 EDT = 13:00Z, Sun/Mon 09:xx EST = 14:xxZ
    talk(at("2024-11-02 09:00", NY), 30, "chat", 5)
    talk(at("2024-11-04 09:10", NY), 90, "chat", 2)
    talk(at("2024-11-03 09:20", NY), 150, "email", 4)
    talk(at("2024-11-04 09:40", NY), None, "phone", None)  # never answered: a miss
    # the repeated 01h: 01:30 EDT (05:30Z) and 01:30 EST (06:30Z)
    talk(at("2024-11-03 05:30", "UTC"), 40, "social", None)
    talk(at("2024-11-03 06:30", "UTC"), 1200, "chat", 1)
    # +05:30: Mon 09:00 Kolkata = 03:30Z = Sun 22:30 EST → display hour 22 (night)
    talk(at("2024-11-04 09:00", "Asia/Kolkata"), 45, "chat", 4, kolkata)
    talk(at("2024-11-05 00:30", NY), 10, "chat", 5)  # after the period


def test_by_hour(engine: Engine) -> None:
    build(engine)
    result = service_hours(engine, PERIOD, target_s=60)
    by_hour = result.by_hour
    assert by_hour["hour"].to_list() == list(range(24))
    nine = row(by_hour, hour=9)
    assert nine["conversations"] == 4
    assert nine["first_response_n"] == 3
    # waits 30, 90, 150 s: median 90; p90 at rank 0.9 × (3 − 1) = 1.8 → 90 + 0.8 × 60 = 138
    assert nine["first_response_median_s"] == pytest.approx(90)
    assert nine["first_response_p90_s"] == pytest.approx(138)
    # within 60 s: only the 30 s one, out of 4 (the unanswered one counts as missed) → 25 %
    assert nine["in_target"] == 1
    assert nine["service_level"] == pytest.approx(25)
    # CSAT answers 5, 2, 4: two of three ≥ 4 → 66.67 %, with the §3 Wilson interval
    assert nine["csat_n"] == 3
    assert nine["csat"] == pytest.approx(200 / 3)
    low, high = wilson_interval(2, 3) or (0, 0)
    assert (nine["csat_low"], nine["csat_high"]) == pytest.approx((low, high))
    one = row(by_hour, hour=1)  # both passes of the repeated hour
    assert one["conversations"] == 2
    # waits 40 and 1200: median 620; p90 at rank 0.9 → 40 + 0.9 × 1160 = 1084
    assert one["first_response_median_s"] == pytest.approx(620)
    assert one["first_response_p90_s"] == pytest.approx(1084)
    assert one["service_level"] == pytest.approx(50)
    assert one["csat"] == pytest.approx(0)  # the one answer is a 1
    assert row(by_hour, hour=22)["conversations"] == 1  # the Kolkata contact
    assert row(by_hour, hour=13)["conversations"] == 0  # not 13h UTC-ish: DST was applied
    empty = row(by_hour, hour=0)
    assert (empty["conversations"], empty["csat_n"], empty["in_target"]) == (0, 0, 0)
    assert empty["service_level"] is None
    assert empty["first_response_median_s"] is None
    assert empty["csat"] is None
    # the hourly CSAT counts add up to the §3 tile's n
    total = compute_metrics(engine, PERIOD, as_of=datetime.fromisoformat("2025-01-01T00:00Z"))
    assert int(by_hour["csat_n"].sum()) == 5
    assert total["csat"] == pytest.approx(100 * 3 / 5)  # 5, 4, 4 of 5, 2, 4, 1, 4


def test_night_against_day(engine: Engine) -> None:
    build(engine)
    nights = service_hours(engine, PERIOD, target_s=60).night_day
    night = nights.night
    # 01h × 2 and 22h: waits 40, 1200, 45 → median 45; p90 rank 1.8 → 45 + 0.8 × 1155 = 969
    assert night.conversations == 3
    assert night.first_response.value == pytest.approx(45)
    assert night.first_response_p90_s == pytest.approx(969)
    assert night.service_level.value == pytest.approx(200 / 3)  # 40 and 45 s within 60 s
    assert night.csat.value == pytest.approx(50)  # answers 1 and 4
    day = nights.day
    assert day.conversations == 4
    assert day.service_level.value == pytest.approx(25)
    assert day.csat.value == pytest.approx(200 / 3)


def test_night_and_day_shares_and_changes(engine: Engine) -> None:
    build(engine)
    result = service_hours(engine, PERIOD, target_s=60, target_level=0.85)
    assert result.target_s == 60
    assert result.target_level == pytest.approx(85)
    assert not result.empty
    night, day = result.night_day.night, result.night_day.day
    # 3 of the period's 7 contacts at night, 4 by day
    assert night.share.value == pytest.approx(300 / 7)
    assert day.share.value == pytest.approx(400 / 7)
    assert night.share.n == day.share.n == 7
    # the night against the day: day waits 30, 90, 150 → median 90; 45 − 90 = −45 s
    assert day.first_response.value == pytest.approx(90)
    assert (night.first_response.n, day.first_response.n) == (3, 3)
    assert night.first_response.change == pytest.approx(-45)
    assert night.service_level.change == pytest.approx(200 / 3 - 25)
    assert night.csat.change == pytest.approx(50 - 200 / 3)
    assert night.csat.p_value is None  # a difference, not a test
    # the day carries no change; its CSAT keeps the Wilson interval of 2 in 3
    assert (day.first_response.change, day.service_level.change, day.csat.change) == (None,) * 3
    assert (day.csat.n, day.service_level.n) == (3, 4)
    assert day.csat.interval == pytest.approx(wilson_interval(2, 3))


def test_per_channel_and_target(engine: Engine) -> None:
    build(engine)
    result = service_hours(engine, PERIOD, target_s=60)
    channels = result.by_channel
    assert channels.height == 4 * 24  # chat, email, phone, social: every hour
    assert row(channels, channel="chat", hour=9)["service_level"] == pytest.approx(50)  # 30, 90
    assert row(channels, channel="email", hour=9)["service_level"] == pytest.approx(0)
    assert row(channels, channel="phone", hour=9)["service_level"] == pytest.approx(0)
    assert row(channels, channel="social", hour=1)["service_level"] == pytest.approx(100)
    assert row(channels, channel="social", hour=9)["service_level"] is None
    # a 2-minute target: 30 and 90 s are in, 150 s and the unanswered one are not → 50 %
    loose = service_hours(engine, PERIOD, target_s=120)
    assert row(loose.by_hour, hour=9)["service_level"] == pytest.approx(50)


def test_empty_period(engine: Engine) -> None:
    result = service_hours(engine, PERIOD, target_s=60)
    assert result.by_hour.height == 24
    assert result.by_hour["conversations"].sum() == 0
    assert result.by_channel.is_empty()
    assert [result.night_day.night.conversations, result.night_day.day.conversations] == [0, 0]
    assert result.empty
    # nothing to share or compare
    assert result.night_day.night.share.value is None
    assert result.night_day.night.first_response.change is None
