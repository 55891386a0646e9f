"""The paged SQL drill-down (`drill_sql`) against the frame path (`drilldown.behind`) on a
demo world, both backends: for every measure SQL can say and the cuts a user picks, the same
count and the same newest rows, repeat contacts included; days and weeks in zones with DST
and a +05:45 offset."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.demo import DemoSpec, build_demo
from queries.metrics.cuts import kpi_conversations, with_bucket
from queries.plumbing.filters import Filters
from queries.views import drill_sql
from queries.views.drilldown import (
    MEASURES,
    NO_AGENT,
    NONE,
    Cut,
    behind,
    conversations_behind,
    drill_choices,
)

SPEC = DemoSpec(seed=11, customers=300, days=40, conversations=1_800, end=date(2026, 11, 10))
LIMIT = 40


@pytest.fixture
def demo(engine: Engine) -> Engine:
    build_demo(engine, SPEC)
    return engine


def cuts(filters: Filters, engine: Engine) -> list[Cut]:
    """The whole period and one value of every cut SQL can say, nulls included."""
    choices = drill_choices(engine, filters)
    picked = [Cut(), Cut(team=NONE), Cut(agent_id=NO_AGENT), Cut(category=NONE)]
    for name in ("channel", "team", "category", "segment", "agent_id"):
        picked += [Cut(**{name: value}) for value in choices.of(name)[:2]]
    picked += [Cut(bucket=day) for day in (choices.day[0], choices.day[len(choices.day) // 2])]
    picked += [
        Cut(bucket=choices.week[1], grain="week"),
        Cut(channel="email", bucket=choices.day[3]),
    ]
    return picked


@pytest.mark.parametrize("tz", ["America/New_York", "Asia/Kathmandu"])
def test_sql_lists_what_the_frame_path_lists(demo: Engine, tz: str) -> None:
    filters = Filters(date(2026, 10, 20), date(2026, 11, 9), tz)  # US clocks go back on 11-01
    frame = kpi_conversations(demo, filters, 7)
    every_cut = cuts(filters, demo)
    measures = [m for m in MEASURES if m not in drill_sql.ROW_MEASURES]
    pairs = [(cut, m) for cut in (every_cut[0], every_cut[-1]) for m in measures]
    pairs += [(cut, "csat_score") for cut in every_cut]
    checked = 0
    for cut, measure in pairs:
        mine = replace(cut, measure=measure, score=4 if measure == "csat_score" else None)
        sql = drill_sql.listed(demo, filters, mine, 7, LIMIT)
        rows = behind(demo, frame, filters, mine, limit=LIMIT)
        assert sql.total == rows.total, mine
        assert sql.rows.equals(rows.rows), mine
        checked += sql.total
    assert checked > 200  # the cuts are not empty


def test_the_listed_repeat_contacts_are_the_periods(demo: Engine) -> None:
    filters = Filters(date(2026, 10, 1), date(2026, 11, 10), "Asia/Taipei")
    sql = drill_sql.listed(demo, filters, Cut("resolved"), 7, 2_000)
    rows = behind(demo, kpi_conversations(demo, filters, 7), filters, Cut("resolved"), limit=2_000)
    assert sql.rows.equals(rows.rows) and sql.rows["repeat_contact"].sum() > 0


def test_zone_and_repeat_cuts_take_the_frame_path(demo: Engine) -> None:
    filters = Filters(date(2026, 10, 20), date(2026, 11, 9), "Asia/Kolkata")
    for cut in (Cut(local_hour=3), Cut(local_night=True), Cut("repeat_contacts")):
        assert not drill_sql.in_sql(cut)
        with pytest.raises(ValueError, match="frame path"):
            drill_sql.listed(demo, filters, cut, 7, LIMIT)
        assert conversations_behind(demo, filters, cut).total > 0
    assert drill_sql.in_sql(Cut("csat_answers", channel="chat"))


@pytest.mark.parametrize("tz", ["America/New_York", "Asia/Kathmandu"])
def test_the_choices_are_the_values_and_days_of_the_periods_rows(demo: Engine, tz: str) -> None:
    filters = Filters(date(2026, 10, 20), date(2026, 11, 9), tz, channels=("chat", "email"))
    frame = kpi_conversations(demo, filters, 7)
    found = drill_choices(demo, filters)
    for name in ("channel", "team", "category", "segment", "agent_id"):
        values = frame.get_column(name)
        assert set(found.of(name)) == {
            *values.drop_nulls().to_list(),
            *([NO_AGENT if name == "agent_id" else NONE] if values.null_count() else []),
        }, name
    for grain in ("day", "week"):
        buckets = with_bucket(frame, tz, grain).get_column("bucket").unique().sort()
        assert found.of(grain) == tuple(buckets.to_list()), grain
