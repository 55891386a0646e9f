"""The cost-centre view: scheduled agent-hours clipped to the period, AHT, productivity."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.cost import agent_hours, cost_centre
from queries.plumbing.filters import Filters
from tests.builders import World, utc

# 2024-03-08..03-09 in Taipei is [03-07 16:00Z, 03-09 16:00Z)
PERIOD = Filters(date(2024, 3, 8), date(2024, 3, 9), "Asia/Taipei")


def build(engine: Engine) -> None:
    world = World(engine)
    day, night = world.agent(team="day"), world.agent(team="night")
    world.shift(agent_id=day, starts_at=utc("2024-03-07 14:00"), ends_at=utc("2024-03-07 18:00"))
    world.shift(agent_id=night, starts_at=utc("2024-03-08 01:00"), ends_at=utc("2024-03-08 09:00"))
    world.shift(agent_id=day, starts_at=utc("2024-03-09 15:00"), ends_at=utc("2024-03-09 23:00"))
    world.shift(agent_id=day, starts_at=utc("2024-03-10 00:00"), ends_at=utc("2024-03-10 08:00"))
    ana = world.customer()
    for opened, handle in (
        ("2024-03-08 02:00", 300),
        ("2024-03-08 03:00", 600),
        ("2024-03-09 10:00", None),
        ("2024-03-06 10:00", 900),
    ):
        world.conversation(
            customer_id=ana, agent_id=night, opened_at=utc(opened), handle_seconds=handle
        )


def test_agent_hours_clip_shifts_to_the_period(engine: Engine) -> None:
    build(engine)
    # 16:00-18:00 (2 h of 14:00-18:00) + 8 h + 15:00-16:00 (1 h of 15:00-23:00); 03-10 is out
    assert agent_hours(engine, PERIOD) == pytest.approx(11.0)
    night_only = Filters(PERIOD.start, PERIOD.end, PERIOD.tz, teams=("night",))
    assert agent_hours(engine, night_only) == pytest.approx(8.0)


def test_cost_centre_view(engine: Engine) -> None:
    build(engine)
    cost = cost_centre(engine, PERIOD)
    # 3 conversations in the period; AHT (300 + 600) / 2 = 450 s (the unknown one is left out)
    assert asdict(cost) == {
        "volume": 3,
        "aht_s": 450.0,
        "agent_hours": pytest.approx(11.0),
        "contacts_per_agent_hour": pytest.approx(3 / 11),
    }
    assert cost.aht_min == 7.5
    empty = cost_centre(engine, Filters(date(2024, 3, 1), date(2024, 3, 2), PERIOD.tz))  # none
    assert asdict(empty) == {
        "volume": 0,
        "aht_s": None,
        "agent_hours": 0.0,
        "contacts_per_agent_hour": None,
    }
    assert empty.aht_min is None
