"""Coverage that knows the clock (issue: trust on the first screen), by hand, both backends.

now = Wed 2024-01-17 10:20 Taipei; the period is this week, Mon 15 … Sun 21. History: 8
contacts every Saturday 01:00–02:00 on the four Saturdays before (Dec 23 … Jan 13), and 2 on
Mon 15 03h. Next week's roster is imported: nobody on Saturday 01h.
- Sat 20 01h is still to come: its demand is the forecast 8 (32 / 4 weeks), not 0, so it is
  understaffed and marked forecast (share 1);
- Wed 17 10h, the current hour, is not over: forecast too (0 expected, share 1);
- Mon 15 03h and Wed 17 09h are observed: 2 and 0 contacts, share 0;
- without `now` the old reading shows Saturday night as empty, hence covered.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.plumbing.filters import Filters
from queries.views.coverage import coverage, coverage_view
from tests.builders import World, at

TPE = "Asia/Taipei"
NOW = at("2024-01-17 10:20", TPE)
THIS_WEEK = Filters(date(2024, 1, 15), date(2024, 1, 21), TPE)
MON, WED, SAT = 0, 2, 5


def cell(cells: pl.DataFrame, weekday: int, hour: int) -> dict[str, object]:
    return cells.filter((pl.col("weekday") == weekday) & (pl.col("hour") == hour)).row(
        0, named=True
    )


def build(engine: Engine) -> None:
    world = World(engine)
    customer, agent = world.customer(), world.agent()
    for saturday in ("2023-12-23", "2023-12-30", "2024-01-06", "2024-01-13"):
        for minute in range(8):
            world.conversation(
                customer_id=customer,
                opened_at=at(f"{saturday} 01:{minute * 5:02d}", TPE),
                handle_seconds=300,
            )
    for minute in (10, 40):
        opened = at(f"2024-01-15 03:{minute}", TPE)
        world.conversation(customer_id=customer, opened_at=opened, handle_seconds=300)
    for day in range(15, 22):  # the roster: 09:00–17:00 every day, nobody at night
        start = at(f"2024-01-{day} 09:00", TPE)
        world.shift(agent_id=agent, starts_at=start, ends_at=start + timedelta(hours=8))


def test_hours_still_to_come_use_the_forecast_and_are_marked(engine: Engine) -> None:
    build(engine)
    cells = coverage(engine, THIS_WEEK, now=NOW).cells
    saturday = cell(cells, SAT, 1)
    assert saturday["demand"] == pytest.approx(8.0)
    assert saturday["forecast"] == 1.0 and saturday["scheduled"] == 0
    assert saturday["gap"] is not None and saturday["gap"] > 0  # type: ignore[operator]
    assert cell(cells, WED, 10)["forecast"] == 1.0
    assert cell(cells, WED, 10)["scheduled"] == pytest.approx(1.0)
    assert (cell(cells, MON, 3)["demand"], cell(cells, MON, 3)["forecast"]) == (2.0, 0.0)
    assert (cell(cells, WED, 9)["demand"], cell(cells, WED, 9)["forecast"]) == (0.0, 0.0)
    assert coverage_view(engine, THIS_WEEK, now=NOW).reaches_ahead


def test_without_the_clock_saturday_night_looks_covered(engine: Engine) -> None:
    build(engine)
    saturday = cell(coverage(engine, THIS_WEEK).cells, SAT, 1)
    assert (saturday["demand"], saturday["gap"], saturday["forecast"]) == (0.0, 0, 0.0)


def test_a_cell_half_past_half_to_come_is_half_forecast(engine: Engine) -> None:
    """Two weeks, Mon 8 … Sun 21: Saturday 01h happened on the 13th (8 seen) and is to come on
    the 20th (8 expected): demand (8 + 8) / 2 = 8, forecast share 1 / 2."""
    build(engine)
    two_weeks = Filters(date(2024, 1, 8), date(2024, 1, 21), TPE)
    saturday = cell(coverage(engine, two_weeks, now=NOW).cells, SAT, 1)
    assert (saturday["demand"], saturday["forecast"]) == (pytest.approx(8.0), 0.5)
    assert not coverage_view(
        engine, Filters(date(2024, 1, 8), date(2024, 1, 14), TPE), now=NOW
    ).reaches_ahead
