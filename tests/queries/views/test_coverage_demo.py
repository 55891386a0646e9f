"""Issue 4's acceptance on the demo world: the planted weekend-night gap tops 'gaps to fix'."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.demo import DemoSpec, build_demo
from queries.plumbing.filters import Filters
from queries.plumbing.schema import shifts
from queries.views.coverage import coverage, gaps_to_fix
from queries.views.next_week import forecast

END = date(2026, 11, 1)
WORLD = DemoSpec(seed=7, customers=6_000, days=84, conversations=40_000, end=END)
SATURDAY, SUNDAY = 5, 6


def test_the_planted_weekend_night_gap_tops_the_gaps_to_fix(sqlite_engine: Engine) -> None:
    build_demo(sqlite_engine, WORLD)
    result = coverage(sqlite_engine, Filters(END - timedelta(days=83), END, "Asia/Taipei"))
    top = gaps_to_fix(result.cells).head(5)
    assert top.height == 5
    # every one of the five worst hours is a Saturday or Sunday night in Taipei (00–06 h)
    assert set(top["weekday"]) <= {SATURDAY, SUNDAY}
    assert top["hour"].max() <= 6
    # and it is plainly visible: the worst gap is several agents, far above any weekday hour
    weekday_worst = result.cells.filter(result.cells["weekday"] < SATURDAY)["gap"].max()
    assert top["gap"][0] >= 2 and top["gap"][0] > 2 * max(weekday_worst, 0.5)


def test_the_demo_roster_reaches_two_weeks_ahead_and_its_gap_tops_the_forward_gaps(
    sqlite_engine: Engine,
) -> None:
    """Issue: first screen, "A demo roster for the future": Next 7 days is meaningful on the
    first run, not a wall of red, and the planted weekend-night gap is its worst."""
    build_demo(sqlite_engine, WORLD)
    tomorrow = datetime.combine(END + timedelta(days=1), time(), UTC)
    with sqlite_engine.connect() as conn:
        last_start = conn.execute(sa.select(sa.func.max(shifts.c.starts_at))).scalar_one()
    assert last_start.replace(tzinfo=UTC) >= tomorrow + timedelta(days=13)
    view = forecast(sqlite_engine, Filters(END, END, "Asia/Taipei"), tomorrow)
    assert view.has_shifts
    assert view.summary.understaffed_hours < 168 // 4  # most hours are covered
    top = view.gaps.sort("gap", descending=True).head(5)
    assert set(top["weekday"]) <= {SATURDAY, SUNDAY}
    assert top["hour"].max() <= 6
    weekday_worst = view.hours.filter(pl.col("weekday") < SATURDAY)["gap"].max()
    assert top["gap"][0] >= 2 and top["gap"][0] > 2 * max(weekday_worst, 0.5)
