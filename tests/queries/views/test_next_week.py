"""Next week's forecast on a hand-built world, SQLite and PostgreSQL, arithmetic in comments.

now = Mon 2024-01-22 10:20 Taipei, N = 3 weeks: the coming hours are Mon 22 10:00 … Mon 29
09:00; the history hours are Mon 1 10:00 … Mon 22 09:00.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.metrics.roster import Targets
from queries.plumbing.filters import Filters
from queries.views.next_week import (
    ForecastSummary,
    forecast,
    forecast_summary,
    gaps_still_to_fix,
)
from tests.builders import World, at

TPE = "Asia/Taipei"
NOW = at("2024-01-22 10:20", TPE)
FILTERS = Filters(date(2024, 1, 1), date(2024, 1, 21), TPE)  # the dates play no part


def hour(frame: pl.DataFrame, day: date, hh: int) -> dict[str, Any]:
    return frame.filter((pl.col("date") == day) & (pl.col("hour") == hh)).row(0, named=True)


def build(engine: Engine, *, with_shifts: bool = True) -> None:
    world = World(engine)
    agent = world.agent()
    other = world.agent(team="night")
    customer = world.customer()
    opened = [
        ("2024-01-15 14:05", 300),  # Mon 14h, one week back (i = 1)
        ("2024-01-15 14:50", 300),
        # Mon 8 Jan 14h (i = 2): nobody wrote, the week counts 0
        ("2024-01-01 14:30", 600),  # Mon 14h, three weeks back (i = 3)
        ("2024-01-22 09:30", None),  # Mon 22 09h: the last history hour, before now
        ("2024-01-22 10:05", 9_000),  # in the coming week, not history: ignored
        ("2024-01-01 09:30", 9_000),  # Mon 1 09h: before the first history hour (10h)
    ]
    for local, handle in opened:
        world.conversation(customer_id=customer, opened_at=at(local, TPE), handle_seconds=handle)
    if not with_shifts:
        return
    for agent_id, start, end in [
        (agent, "2024-01-22 13:30", "2024-01-22 15:15"),  # 13h 0.5, 14h 1, 15h 0.25
        (other, "2024-01-22 14:00", "2024-01-22 14:30"),  # 14h 0.5
        (agent, "2024-01-22 08:00", "2024-01-22 10:30"),  # only 10:00–10:30 is ahead: 0.5
        (agent, "2024-01-29 09:00", "2024-01-29 11:00"),  # the last hour, 09h: 1; 10h is beyond
        (agent, "2024-01-15 14:00", "2024-01-15 16:00"),  # in the past: ignored
    ]:
        world.shift(agent_id=agent_id, starts_at=at(start, TPE), ends_at=at(end, TPE))


def test_mean_over_weeks_and_future_shifts(engine: Engine) -> None:
    build(engine)
    result = forecast(engine, FILTERS, NOW, weeks=3)
    hours = result.hours
    assert hours.height == 168
    assert hours.columns[:3] == ["date", "weekday", "hour"]
    assert hours.row(0)[:3] == (date(2024, 1, 22), 0, 10)
    assert hours.row(167)[:3] == (date(2024, 1, 29), 0, 9)
    assert sorted(zip(hours["weekday"], hours["hour"], strict=True)) == [
        (d, h) for d in range(7) for h in range(24)
    ]
    assert result.aht_s == pytest.approx(400)  # (300 + 300 + 600) / 3 history handle times
    mon14 = hour(hours, date(2024, 1, 22), 14)
    assert mon14["demand"] == pytest.approx(1.0)  # (2 + 0 + 1) / 3
    assert mon14["scheduled"] == pytest.approx(1.5)  # 1 h + 0.5 h
    # A = 1 × 400 / 3600 = 0.111; C(1, A) = A; SL(1) = 1 − 0.111 × e^(−0.889 × 60/400) = 0.903
    # ≥ 0.8 → N = 1 → ceil(1 / 0.7) = 2; gap 2 − 1.5 = 0.5
    assert mon14["required"] == 2
    assert mon14["gap"] == pytest.approx(0.5)
    mon9 = hour(hours, date(2024, 1, 29), 9)
    assert mon9["demand"] == pytest.approx(1 / 3)  # (1 + 0 + 0) / 3
    assert mon9["scheduled"] == pytest.approx(1.0)
    assert mon9["required"] == 2  # A = 0.037 → N = 1 → 2
    assert mon9["gap"] == pytest.approx(1.0)
    assert hour(hours, date(2024, 1, 22), 10)["scheduled"] == pytest.approx(0.5)
    assert hour(hours, date(2024, 1, 22), 10)["demand"] == 0  # the 10:05 contact is not history
    assert hour(hours, date(2024, 1, 22), 13)["gap"] == pytest.approx(-0.5)  # 0 − 0.5
    assert hour(hours, date(2024, 1, 22), 15)["scheduled"] == pytest.approx(0.25)
    assert result.has_shifts
    gaps = gaps_still_to_fix(hours)
    assert gaps.select("date", "hour", "gap").rows() == [
        (date(2024, 1, 22), 14, pytest.approx(0.5)),
        (date(2024, 1, 29), 9, pytest.approx(1.0)),
    ]
    summary = forecast_summary(hours)
    assert summary.contacts == pytest.approx(4 / 3)  # 1 + 1/3
    assert summary.agent_hours_required == 4
    assert summary.agent_hours_scheduled == pytest.approx(3.75)  # 0.5 + 0.5 + 1.5 + 0.25 + 1
    assert summary.understaffed_hours == 2
    assert summary.agent_hours_missing == pytest.approx(1.5)
    # the page's view carries the same gaps and summary, and the span's last day
    assert result.gaps.equals(gaps)
    assert result.summary == summary
    assert result.last_date == date(2024, 1, 29)
    assert result.first == at("2024-01-22 10:00", TPE)
    assert not result.empty


def test_weeks_change_the_mean_and_team_cuts_shifts(engine: Engine) -> None:
    build(engine)
    one_week = forecast(engine, FILTERS, NOW, weeks=1).hours
    assert hour(one_week, date(2024, 1, 22), 14)["demand"] == pytest.approx(2)  # Mon 15 only
    day_team = Filters(FILTERS.start, FILTERS.end, TPE, teams=("day",))
    cut = forecast(engine, day_team, NOW, weeks=3).hours
    assert hour(cut, date(2024, 1, 22), 14)["scheduled"] == pytest.approx(1.0)  # night gone


def test_no_shifts_yet_means_every_demand_hour_is_a_gap(engine: Engine) -> None:
    build(engine, with_shifts=False)
    result = forecast(engine, FILTERS, NOW, weeks=3, targets=Targets(shrinkage=0))
    assert not result.has_shifts
    gaps = gaps_still_to_fix(result.hours)
    assert gaps.select("date", "hour", "required").rows() == [
        (date(2024, 1, 22), 14, 1),  # no shrinkage: N = 1
        (date(2024, 1, 29), 9, 1),
    ]
    assert (gaps["gap"] == gaps["required"]).all()
    assert result.gaps.equals(gaps)
    assert result.summary.agent_hours_scheduled == 0
    assert result.summary.agent_hours_missing == 2  # 1 + 1 agent, nobody on shift
    assert not result.empty  # contacts to expect, even without a roster


def test_empty_database_and_bad_input(engine: Engine) -> None:
    result = forecast(engine, FILTERS, NOW)
    assert result.weeks == 4
    assert result.aht_s is None
    assert result.hours["demand"].sum() == 0
    assert gaps_still_to_fix(result.hours).is_empty()
    assert result.empty  # nothing to expect and nobody on the roster
    assert result.summary == ForecastSummary(0.0, 0.0, 0.0, 0, 0.0)
    with pytest.raises(ValueError, match="weeks"):
        forecast(engine, FILTERS, NOW, weeks=0)


def test_a_roster_without_history_is_still_a_week_to_plan(engine: Engine) -> None:
    world = World(engine)
    agent = world.agent()
    start, end = at("2024-01-23 09:00", TPE), at("2024-01-23 11:30", TPE)
    world.shift(agent_id=agent, starts_at=start, ends_at=end)
    result = forecast(engine, FILTERS, NOW, weeks=2)
    assert result.has_shifts and not result.empty
    assert result.summary.contacts == 0
    assert result.summary.agent_hours_scheduled == pytest.approx(2.5)  # 09h, 10h, half of 11h
    assert result.summary.understaffed_hours == 0  # no demand: required 0, gap −scheduled
    assert result.gaps.is_empty()


def test_next_calendar_week_runs_monday_to_sunday_from_the_same_history(engine: Engine) -> None:
    """now = Wed 2024-01-17 10:20, N = 1: next week is Mon 22 00:00 … Sun 28 23:00; the history
    is the 168 hours before Wed 17 10:00 (Wed 10 10:00 … Wed 17 09:00), so Mon 14h forecasts
    the two contacts of Mon 15 14h, and Wed 17 09h's contact is Wednesday 09h's."""
    build(engine)
    wednesday = at("2024-01-17 10:20", TPE)
    result = forecast(engine, FILTERS, wednesday, weeks=1, span="week")
    hours = result.hours
    assert hours.height == 168
    assert hours.row(0)[:3] == (date(2024, 1, 22), 0, 0)
    assert hours.row(167)[:3] == (date(2024, 1, 28), 6, 23)
    assert hour(hours, date(2024, 1, 22), 14)["demand"] == pytest.approx(2.0)
    assert hour(hours, date(2024, 1, 22), 9)["demand"] == 0  # Mon 22 09:30 is after now
    assert hours["demand"].sum() == pytest.approx(2.0)  # only Mon 15 lies in the history
    # shifts on Mon 22 count: 13h 0.5, 14h 1 + 0.5, 15h 0.25, 08–10:30 → 8h 1, 9h 1, 10h 0.5
    assert hour(hours, date(2024, 1, 22), 14)["scheduled"] == pytest.approx(1.5)
    assert hour(hours, date(2024, 1, 22), 10)["scheduled"] == pytest.approx(0.5)
    assert hour(hours, date(2024, 1, 22), 8)["scheduled"] == pytest.approx(1.0)
    assert result.summary.agent_hours_scheduled == pytest.approx(0.5 + 1.5 + 0.25 + 2.5)
    # on a Monday, "next week" is the following one, not today
    monday = forecast(engine, FILTERS, NOW, weeks=3, span="week")
    assert monday.hours.row(0)[:3] == (date(2024, 1, 29), 0, 0)
