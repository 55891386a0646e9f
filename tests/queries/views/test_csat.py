"""The CSAT page's data on a hand-built world, checked against arithmetic done by hand.

America/New_York switches to summer time on Sunday 2024-03-10 (07:00Z: 02:00 EST → 03:00
EDT); Asia/Kolkata is +05:30 all year. Conversations (UTC → customer's local time):

  c1 ned  chat  Mei billing 03-09 12:00  (NY 07:00 EST, Sat 03-09)   csat 4
  c2 ned  phone Mei billing 03-10 06:30  (NY 01:30 EST, Sun 03-10)   csat 4
  c3 ned  chat  Tom login   03-10 07:30  (NY 03:30 EDT; 02:30 if EST were assumed) csat 1
  c4 asha chat  Tom login   03-10 18:45  (Kolkata 00:15 Mon 03-11; NY 14:45 Sun)  csat 5
  c5 zed  email —   —       03-11 03:30  (no zone → display zone NY 23:30 EDT Sun 03-10;
                                          in UTC it is Monday 03-11)  csat 5
  c6 asha chat  Tom billing 03-11 12:29  (Kolkata 17:59; NY 08:29 Mon)  csat 2
  c7 ned  phone Mei login   03-11 05:15  (NY 01:15 EDT Mon 03-11)   csat 3
  c8 ned  chat  Tom billing 03-11 09:00  no answer

Mei is on the night team, Tom on the day team; c5 had no agent.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.rates import Rate
from queries.metrics.stats import wilson_interval
from queries.plumbing.filters import Filters
from queries.views.csat import csat_view
from tests.builders import World, utc

THREE_DAYS = Filters(date(2024, 3, 9), date(2024, 3, 11), "America/New_York")
# 71 days (> 60): weekly buckets, weeks starting on Monday
LONG_NY = Filters(date(2024, 1, 1), date(2024, 3, 11), "America/New_York")
LONG_UTC = Filters(date(2024, 1, 1), date(2024, 3, 11), "UTC")


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)
    ned = w.customer(time_zone="America/New_York")
    asha = w.customer(time_zone="Asia/Kolkata")
    zed = w.customer(time_zone=None)  # type: ignore[arg-type]
    mei = w.agent(name="Mei", team="night")
    tom = w.agent(name="Tom", team="day")
    rows = [
        (ned, "chat", mei, "billing", "2024-03-09 12:00", 4),
        (ned, "phone", mei, "billing", "2024-03-10 06:30", 4),
        (ned, "chat", tom, "login", "2024-03-10 07:30", 1),
        (asha, "chat", tom, "login", "2024-03-10 18:45", 5),
        (zed, "email", None, None, "2024-03-11 03:30", 5),
        (asha, "chat", tom, "billing", "2024-03-11 12:29", 2),
        (ned, "phone", mei, "login", "2024-03-11 05:15", 3),
        (ned, "chat", tom, "billing", "2024-03-11 09:00", None),
    ]
    for customer, channel, agent, category, opened, score in rows:
        x = w.conversation(
            customer_id=customer,
            agent_id=agent,
            channel=channel,
            category=category,
            opened_at=utc(opened),
        )
        if score is not None:
            w.response(conversation_id=x, csat=score)
    return engine


def column(frame, name):  # type: ignore[no-untyped-def]
    return frame.get_column(name).to_list()


def test_totals_and_distribution(world: Engine) -> None:
    view = csat_view(world, THREE_DAYS)
    # csat 4 4 1 5 5 2 3: four of seven ≥ 4
    assert view.conversations == 8 and not view.empty
    assert view.csat.n == 7
    assert view.csat.value == pytest.approx(100 * 4 / 7)
    assert view.csat.interval == pytest.approx(wilson_interval(4, 7))
    assert column(view.distribution, "score") == [1, 2, 3, 4, 5]
    assert column(view.distribution, "responses") == [1, 1, 1, 2, 2]
    # 1/7 = 14.2857 %, 2/7 = 28.5714 %
    assert column(view.distribution, "share") == pytest.approx([100 / 7] * 3 + [200 / 7] * 2)


def test_daily_trend_in_the_display_zone(world: Engine) -> None:
    view = csat_view(world, THREE_DAYS)
    assert view.grain == "day"
    trend = view.trend
    assert column(trend, "bucket") == [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    # 03-09: c1 (4) → 1/1; 03-10: c2 c3 c4 c5 (4 1 5 5) → 3/4; 03-11: c6 c7 (2 3) → 0/2
    assert column(trend, "csat_n") == [1, 4, 2]
    assert column(trend, "csat_satisfied") == [1, 3, 0]
    assert column(trend, "csat") == [100.0, 75.0, 0.0]
    assert column(trend, "csat_low")[1] == pytest.approx(wilson_interval(3, 4)[0])  # type: ignore[index]
    assert column(trend, "csat_high")[2] == pytest.approx(wilson_interval(0, 2)[1])  # type: ignore[index]


@pytest.mark.parametrize(
    ("filters", "satisfied", "n"),
    [
        # NY: Sunday 03-10 23:30 (c5) belongs to the week of Monday 03-04:
        # c1..c5 (4 4 1 5 5) → 4/5; c6 c7 (2 3) → 0/2
        (LONG_NY, [4, 0], [5, 2]),
        # UTC: c5 is Monday 03-11 03:30 → c1..c4 (4 4 1 5) → 3/4; c5 c6 c7 (5 2 3) → 1/3
        (LONG_UTC, [3, 1], [4, 3]),
    ],
)
def test_weekly_trend_in_the_display_zone(
    world: Engine, filters: Filters, satisfied: list[int], n: list[int]
) -> None:
    view = csat_view(world, filters)
    assert view.grain == "week"
    assert column(view.trend, "bucket") == [date(2024, 3, 4), date(2024, 3, 11)]
    assert column(view.trend, "csat_satisfied") == satisfied
    assert column(view.trend, "csat_n") == n


def test_cuts_by_channel_team_agent_category(world: Engine) -> None:
    view = csat_view(world, THREE_DAYS)
    # chat c1 c3 c4 c6 (4 1 5 2) → 2/4; email c5 → 1/1; phone c2 c7 (4 3) → 1/2
    assert column(view.by_channel, "channel") == ["chat", "email", "phone"]
    assert column(view.by_channel, "csat") == [50.0, 100.0, 50.0]
    # day = Tom c3 c4 c6 (1 5 2) → 1/3; night = Mei c1 c2 c7 (4 4 3) → 2/3; no agent c5 → 1/1
    assert column(view.by_team, "team") == ["day", "night", None]
    assert column(view.by_team, "csat") == pytest.approx([100 / 3, 200 / 3, 100.0])
    assert column(view.by_agent, "agent") == ["Mei", "Tom", None]
    assert column(view.by_agent, "csat_n") == [3, 3, 1]
    assert column(view.by_agent, "csat_satisfied") == [2, 1, 1]
    # billing c1 c2 c6 (4 4 2) → 2/3; login c3 c4 c7 (1 5 3) → 1/3; none c5 → 1/1
    assert column(view.by_category, "category") == ["billing", "login", None]
    assert column(view.by_category, "csat_satisfied") == [2, 1, 1]
    assert column(view.by_category, "csat_low")[0] == pytest.approx(wilson_interval(2, 3)[0])  # type: ignore[index]


def test_csat_by_the_customers_local_hour(world: Engine) -> None:
    by_hour = csat_view(world, THREE_DAYS).by_local_hour
    assert column(by_hour, "local_hour") == list(range(24))
    answered = {row["local_hour"]: row for row in by_hour.iter_rows(named=True) if row["csat_n"]}
    # 0: c4 Kolkata 00:15 (5); 1: c2 01:30 EST (4), c7 01:15 EDT (3); 3: c3 03:30 EDT (1);
    # 7: c1 07:00 EST (4); 17: c6 Kolkata 17:59 (2); 23: c5 no zone → NY 23:30 EDT (5)
    assert sorted(answered) == [0, 1, 3, 7, 17, 23]
    assert {h: (r["csat_satisfied"], r["csat_n"]) for h, r in answered.items()} == {
        0: (1, 1),
        1: (1, 2),
        3: (0, 1),
        7: (1, 1),
        17: (0, 1),
        23: (1, 1),
    }
    assert answered[1]["csat"] == 50.0
    quiet = by_hour.filter(by_hour.get_column("local_hour") == 2).row(0, named=True)
    assert quiet["csat_n"] == 0 and quiet["csat"] is None and quiet["csat_low"] is None


def test_channel_filter_applies_to_every_cut(world: Engine) -> None:
    from dataclasses import replace

    view = csat_view(world, replace(THREE_DAYS, channels=("phone",)))
    # phone: c2 (4), c7 (3)
    assert view.csat.n == 2
    assert column(view.by_channel, "channel") == ["phone"]
    assert column(view.by_local_hour, "csat_n")[1] == 2  # both at local hour 1


def test_empty_database(engine: Engine) -> None:
    view = csat_view(engine, THREE_DAYS)
    assert view.conversations == 0 and view.empty
    assert view.csat == view.night == view.day == Rate(None, 0, None)
    assert view.trend.is_empty() and view.by_agent.is_empty()
    assert column(view.distribution, "responses") == [0] * 5
    assert column(view.distribution, "share") == [None] * 5
    assert column(view.by_local_hour, "csat_n") == [0] * 24


def test_night_and_day_in_the_customers_own_zone(world: Engine) -> None:
    view = csat_view(world, THREE_DAYS)
    # night = local 22:00–07:00: c4 (0h, 5), c2 (1h, 4), c7 (1h, 3), c3 (3h, 1), c5 (23h, 5)
    # → 3 of 5; day: c1 (7h, 4), c6 (17h, 2) → 1 of 2
    assert (view.night.n, view.night.value) == (5, 60.0)
    assert (view.day.n, view.day.value) == (2, 50.0)
    assert view.night.interval == pytest.approx(wilson_interval(3, 5))
    assert view.day.interval == pytest.approx(wilson_interval(1, 2))
