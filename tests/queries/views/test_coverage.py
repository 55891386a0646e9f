"""§4 coverage on hand-built worlds, on SQLite and PostgreSQL, with the arithmetic in comments."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.metrics.roster import CONTRACT_COLUMNS, Targets, occurrences
from queries.plumbing.filters import Filters
from queries.views.coverage import (
    coverage,
    coverage_summary,
    coverage_view,
    gaps_to_fix,
    site_zones,
)
from tests.builders import World, at

TPE = "Asia/Taipei"
NY = "America/New_York"
# Mon 2024-01-01 … Wed 2024-01-10: ten dates, not whole weeks.
TEN_DAYS = Filters(date(2024, 1, 1), date(2024, 1, 10), TPE)


def cell(cells: pl.DataFrame, weekday: int, hour: int) -> dict[str, Any]:
    return cells.filter((pl.col("weekday") == weekday) & (pl.col("hour") == hour)).row(
        0, named=True
    )


def test_occurrences_over_ten_days() -> None:
    # Mon 1, Tue 2, Wed 3, …, Sun 7, Mon 8, Tue 9, Wed 10: Mon–Wed twice, Thu–Sun once
    assert occurrences(TEN_DAYS).tolist() == [2, 2, 2, 1, 1, 1, 1]


def build_taipei_world(engine: Engine) -> World:
    world = World(engine)
    day = world.agent(team="day", time_zone=TPE)
    night = world.agent(team="night", site="dublin", time_zone="Europe/Dublin")
    # partial hour: Mon 09:30–11:00 → Mon 09h 0.5 h, 10h 1 h
    world.shift(
        agent_id=day, starts_at=at("2024-01-01 09:30", TPE), ends_at=at("2024-01-01 11:00", TPE)
    )
    # across midnight: Thu 23:00 → Fri 01:15 → Thu 23h 1 h, Fri 00h 1 h, Fri 01h 0.25 h
    world.shift(
        agent_id=day, starts_at=at("2024-01-04 23:00", TPE), ends_at=at("2024-01-05 01:15", TPE)
    )
    # starts before the period: only Mon 2024-01-01 00:00–01:00 counts → Mon 00h 1 h
    world.shift(
        agent_id=day, starts_at=at("2023-12-31 23:00", TPE), ends_at=at("2024-01-01 01:00", TPE)
    )
    # another team, Mon 8 Jan 09:00–10:00 → Mon 09h 1 h (gone when filtering team "day")
    world.shift(
        agent_id=night, starts_at=at("2024-01-08 09:00", TPE), ends_at=at("2024-01-08 10:00", TPE)
    )
    # after the period: ignored
    world.shift(
        agent_id=day, starts_at=at("2024-01-11 00:00", TPE), ends_at=at("2024-01-11 08:00", TPE)
    )
    taipei = world.customer(time_zone=TPE)
    kolkata = world.customer(time_zone="Asia/Kolkata", segment="vip")
    # Mon 09h twice (two Mondays), handle 300 and 420 → AHT 360
    world.conversation(
        customer_id=taipei,
        agent_id=day,
        opened_at=at("2024-01-01 09:10", TPE),
        first_response_at=at("2024-01-01 09:11", TPE),
        handle_seconds=300,
    )
    world.conversation(
        customer_id=taipei,
        agent_id=day,
        opened_at=at("2024-01-08 09:50", TPE),
        first_response_at=at("2024-01-08 09:53", TPE),
        handle_seconds=420,
    )
    # +05:30: Tue 2024-01-02 23:30 Kolkata = Wed 02:00 Taipei; no handle time; answered in 10 min
    world.conversation(
        customer_id=kolkata,
        agent_id=night,
        opened_at=at("2024-01-02 23:30", "Asia/Kolkata"),
        first_response_at=at("2024-01-02 23:40", "Asia/Kolkata"),
    )
    # outside the period (Thu 11 Jan 00:00 Taipei)
    world.conversation(
        customer_id=taipei, opened_at=at("2024-01-11 00:00", TPE), handle_seconds=9_999
    )
    return world


def test_taipei_world(engine: Engine) -> None:
    build_taipei_world(engine)
    result = coverage(engine, TEN_DAYS)
    cells = result.cells
    assert not result.empty
    assert cells.height == 168
    assert cells.columns == [*CONTRACT_COLUMNS, "service_level", "forecast"]
    assert cells["forecast"].sum() == 0  # read without a clock: nothing is forecast
    assert result.aht_s == pytest.approx(360)  # (300 + 420) / 2; the null one is left out
    mon9 = cell(cells, 0, 9)
    # demand 2 contacts / 2 Mondays = 1.0; scheduled (0.5 h + 1 h) / 2 = 0.75
    assert mon9["demand"] == pytest.approx(1.0)
    assert mon9["scheduled"] == pytest.approx(0.75)
    # A = 0.1 → N = 1 (SL 0.914) → ceil(1 / 0.7) = 2; gap 2 − 0.75 = 1.25
    assert mon9["required"] == 2
    assert mon9["gap"] == pytest.approx(1.25)
    # 0.75 × 0.7 = 0.525 agents: 0.525 × SL(1) + 0.475 × SL(0) = 0.525 × 0.913929
    assert mon9["service_level"] == pytest.approx(0.525 * 0.913929, abs=1e-5)
    assert cell(cells, 0, 10)["scheduled"] == pytest.approx(0.5)  # 1 h / 2 Mondays
    assert cell(cells, 0, 0)["scheduled"] == pytest.approx(0.5)  # 1 h / 2 Mondays
    assert cell(cells, 3, 23)["scheduled"] == pytest.approx(1.0)  # Thu 23h, 1 Thursday
    assert cell(cells, 4, 0)["scheduled"] == pytest.approx(1.0)
    assert cell(cells, 4, 1)["scheduled"] == pytest.approx(0.25)
    assert cell(cells, 3, 0)["scheduled"] == 0  # the shift after the period is ignored
    wed2 = cell(cells, 2, 2)  # the Kolkata contact: 1 / 2 Wednesdays
    assert wed2["demand"] == pytest.approx(0.5)
    assert wed2["required"] == 2  # A = 0.05: N = 1, ceil(1/0.7) = 2
    assert wed2["gap"] == pytest.approx(2.0)
    # agent-hours in the period = Σ scheduled × occurrences = 1.5 + 2.25 + 1 + 1 (four shifts)
    weights = pl.Series([2, 2, 2, 1, 1, 1, 1]).gather(cells["weekday"])
    assert (cells["scheduled"] * weights).sum() == pytest.approx(5.75)
    idle = cells.filter(pl.col("demand") == 0)
    assert idle["required"].unique().to_list() == [0]
    assert idle["service_level"].null_count() == idle.height
    # worst first: Wed 02h (gap 2), then Mon 09h (gap 1.25)
    assert gaps_to_fix(cells)[["weekday", "hour"]].rows()[:2] == [(2, 2), (0, 9)]
    summary = coverage_summary(cells)
    assert summary.understaffed_hours == 2
    assert summary.agent_hours_missing == pytest.approx(3.25)
    assert summary.contacts_per_week == pytest.approx(1.5)
    assert site_zones(engine) == ("Asia/Taipei", "Europe/Dublin")


def test_team_filter_cuts_shifts_and_demand(engine: Engine) -> None:
    build_taipei_world(engine)
    day_team = Filters(TEN_DAYS.start, TEN_DAYS.end, TPE, teams=("day",))
    cells = coverage(engine, day_team).cells
    assert cell(cells, 0, 9)["scheduled"] == pytest.approx(0.25)  # 0.5 h / 2; night team gone
    assert cell(cells, 2, 2)["demand"] == 0  # the Kolkata contact was answered by "night"
    vip = Filters(TEN_DAYS.start, TEN_DAYS.end, TPE, segments=("vip",))
    assert coverage(engine, vip).cells["demand"].sum() == pytest.approx(0.5)


def test_targets_change_required(engine: Engine) -> None:
    build_taipei_world(engine)
    strict = coverage(engine, TEN_DAYS, Targets(seconds=60, level=0.8, shrinkage=0.0))
    assert cell(strict.cells, 0, 9)["required"] == 1  # ceil(1 / 1.0)


def test_spring_forward_in_new_york(engine: Engine) -> None:
    world = World(engine)
    agent = world.agent(time_zone=NY)
    customer = world.customer(time_zone=NY)
    # Sun 2024-03-10: 01:00 EST (06:00Z) → 04:00 EDT (08:00Z): two real hours
    world.shift(
        agent_id=agent, starts_at=at("2024-03-10 01:00", NY), ends_at=at("2024-03-10 04:00", NY)
    )
    world.conversation(
        customer_id=customer, opened_at=at("2024-03-10 01:59", NY), handle_seconds=360
    )
    world.conversation(
        customer_id=customer, opened_at=at("2024-03-10 03:00", NY), handle_seconds=360
    )
    cells = coverage(engine, Filters(date(2024, 3, 9), date(2024, 3, 11), NY)).cells
    # 01h: 1 h; 02h does not exist: 0; 03h: 1 h (one Sunday each)
    assert [cell(cells, 6, h)["scheduled"] for h in (1, 2, 3)] == pytest.approx([1, 0, 1])
    assert [cell(cells, 6, h)["demand"] for h in (1, 2, 3)] == pytest.approx([1, 0, 1])
    assert cells["scheduled"].sum() == pytest.approx(2)


def test_fall_back_in_new_york(engine: Engine) -> None:
    world = World(engine)
    agent = world.agent(time_zone=NY)
    customer = world.customer(time_zone=NY)
    # Sun 2024-11-03: 00:30 EDT (04:30Z) → 02:00 EST (07:00Z): 2.5 real hours
    world.shift(
        agent_id=agent, starts_at=at("2024-11-03 00:30", NY), ends_at=at("2024-11-03 02:00", NY)
    )
    world.conversation(customer_id=customer, opened_at=at("2024-11-03 05:30", "UTC"))  # 01:30 EDT
    world.conversation(customer_id=customer, opened_at=at("2024-11-03 06:30", "UTC"))  # 01:30 EST
    cells = coverage(engine, Filters(date(2024, 11, 2), date(2024, 11, 4), NY)).cells
    # 00h: 0.5 h; the repeated 01h: 2 h; 02h: 0
    assert [cell(cells, 6, h)["scheduled"] for h in (0, 1, 2)] == pytest.approx([0.5, 2, 0])
    sun1 = cell(cells, 6, 1)
    assert sun1["demand"] == 2
    assert sun1["required"] is None  # demand but no handle time: required is unknown


def test_empty_database_gives_168_zero_rows(engine: Engine) -> None:
    result = coverage(engine, TEN_DAYS)
    assert result.empty
    assert result.aht_s is None
    assert result.cells.height == 168
    assert result.cells["required"].sum() == 0
    assert result.cells["gap"].sum() == 0
    assert site_zones(engine) == ()
    view = coverage_view(engine, TEN_DAYS)
    assert view.empty
    assert view.gaps.is_empty()
    assert view.summary.lowest_service_level is None


def test_the_page_view_reads_in_the_chosen_zone(engine: Engine) -> None:
    build_taipei_world(engine)
    view = coverage_view(engine, TEN_DAYS)  # no zone chosen: the display zone
    assert view.zone == TPE
    assert not view.empty
    assert view.cells.equals(coverage(engine, TEN_DAYS).cells)
    # the gaps to fix, worst first, with the predicted level as a percentage
    assert view.gaps[["weekday", "hour"]].rows() == [(2, 2), (0, 9)]
    assert view.gaps["service_level_pct"].to_list() == pytest.approx([0, 52.5 * 0.913929], 1e-5)
    # the tiles: Wed 02h has nobody on shift, so the lowest predicted level is 0 %
    assert view.summary.understaffed_hours == 2
    assert view.summary.agent_hours_missing == pytest.approx(3.25)
    assert view.summary.lowest_service_level == 0
    # the same ten days read in UTC (Taipei − 8 h): Mon 09:10 and 09:50 Taipei are Mon 01h UTC
    utc = coverage_view(engine, TEN_DAYS, "UTC")
    assert utc.zone == "UTC"
    assert cell(utc.cells, 0, 1)["demand"] == pytest.approx(1.0)  # 2 contacts / 2 Mondays
    assert cell(utc.cells, 0, 9)["demand"] == 0


def test_the_page_view_summary_of_one_team(engine: Engine) -> None:
    build_taipei_world(engine)
    day_team = Filters(TEN_DAYS.start, TEN_DAYS.end, TPE, teams=("day",))
    summary = coverage_view(engine, day_team).summary
    # only Mon 09h has demand: 0.25 agents on shift × 0.7 = 0.175 of SL(1) = 0.913929
    assert summary.lowest_service_level == pytest.approx(17.5 * 0.913929, abs=1e-3)
    assert summary.contacts_per_week == pytest.approx(1.0)
    assert summary.understaffed_hours == 1
    assert summary.agent_hours_missing == pytest.approx(1.75)  # required 2 − 0.25


def test_cli_json_matches_hand_values(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    build_taipei_world(engine)
    url = engine.url.render_as_string(hide_password=False)
    args = ["coverage", "--start", "2024-01-01", "--end", "2024-01-10", "--tz", TPE, "--json"]
    assert main([*args, "--db", url]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["aht_s", "rows"]
    assert payload["aht_s"] == pytest.approx(360)
    assert len(payload["rows"]) == 168
    assert all(list(row) == list(CONTRACT_COLUMNS) for row in payload["rows"])
    mon9 = payload["rows"][0 * 24 + 9]
    assert mon9 == pytest.approx(
        {"weekday": 0, "hour": 9, "demand": 1.0, "scheduled": 0.75, "required": 2, "gap": 1.25}
    )
    # no shrinkage: Mon 09h needs N = 1 (SL 0.914 ≥ 0.8) → ceil(1 / 1) = 1 agent
    assert main([*args, "--shrinkage", "0", "--db", url]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][9]["required"] == 1
    # 95 % in 20 s: SL(1) = 1 − 0.1 × exp(−0.9 × 20/360) = 0.904877 < 0.95;
    # B(2, 0.1) = 0.1 × (1/11) / (2 + 0.1/11) = 0.004525, C = 0.009050 / 1.900452 = 0.004762,
    # SL(2) = 1 − 0.004762 × exp(−1.9 × 20/360) = 0.995715 → N = 2, no shrinkage → 2
    strict = [*args, "--shrinkage", "0", "--target-seconds", "20", "--service-level", "0.95"]
    assert main([*strict, "--db", url]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][9]["required"] == 2
    assert main(["coverage", "--start", "2024-01-01", "--end", "2024-01-10", "--db", url]) == 0
    text = capsys.readouterr().out
    assert "AHT 360 s" in text
    assert len(text.strip().splitlines()) == 2 + 168
