"""Issue 4's acceptance on the demo world: the planted weekend-night gap tops 'gaps to fix'."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine

from queries.demo import DemoSpec, build_demo
from queries.plumbing.filters import Filters
from queries.views.coverage import coverage, gaps_to_fix

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
