"""Gap blocks on the coverage page's view, on SQLite and PostgreSQL: who is on shift by team
and site, and the agents to add (docs/metrics.md, "Gap blocks").

Saturday 2024-01-06 in Taipei, 00:00–06:00: 20 chats an hour at 360 s, one night agent
(team night, site Taipei). A = 2; Erlang C at 60 s reaches 0.62 with 3 agents and 0.88 with 4,
so N = 4 and required = ⌈4 / 0.7⌉ = 6: each hour is 5 short, one block "Sat 00:00–06:00: add 5".
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine

from queries.metrics.roster import Targets
from queries.plumbing.filters import Filters
from queries.views.coverage import coverage_view
from tests.builders import World, at

TPE = "Asia/Taipei"
WEEK = Filters(date(2024, 1, 1), date(2024, 1, 7), TPE)


def test_a_saturday_night_block_names_who_is_on_shift(engine: Engine) -> None:
    world = World(engine)
    night = world.agent(team="night", site="Taipei", time_zone=TPE)
    day = world.agent(team="day", site="Dublin", time_zone="Europe/Dublin")
    customer = world.customer()
    world.shift(
        agent_id=night, starts_at=at("2024-01-06 00:00", TPE), ends_at=at("2024-01-06 06:00", TPE)
    )
    world.shift(
        agent_id=day, starts_at=at("2024-01-06 03:00", TPE), ends_at=at("2024-01-06 04:30", TPE)
    )
    for hour in range(6):
        start = at(f"2024-01-06 {hour:02d}:00", TPE)
        for k in range(20):
            opened = start + timedelta(minutes=3 * k)
            world.conversation(customer_id=customer, opened_at=opened, handle_seconds=360)
    view = coverage_view(engine, WEEK, targets=Targets())
    assert view.blocks.height == 1
    block = view.blocks.row(0, named=True)
    assert (block["weekday"], block["hour"], block["hours"]) == (5, 0, 6)
    # the day agent's 1.5 h makes 03:00 4 short and 04:00 4.5: the worst hour is still 5
    assert block["add"] == 5
    assert block["contacts"] == 20.0
    assert block["on_shift"] == [
        {"team": "night", "site": "Taipei", "agents": 1.0},
        {"team": "day", "site": "Dublin", "agents": 1.5 / 6},
    ]
