"""The FCR page's data on a hand-built world, checked against arithmetic done by hand.

Period 2024-03-09 … 2024-03-11 in America/New_York ([03-09 05:00Z, 03-12 04:00Z)).
Conversations (UTC), agent replies, survey "resolved" answer:

  r1  ana billing  chat  03-09 12:00 → resolved 03-09 14:00  1 reply  survey no
  y1  ana billing  chat  03-10 02:30 → resolved 03-10 03:00  2 replies
      (y1 is r1's repeat, 12.5 h after r1's resolution)
  r2  ana shipping email 03-10 12:00 → resolved 03-10 13:00  1 reply  survey yes
  y2  ana shipping chat  03-17 13:00 (after the period; r2 resolved + 7 d exactly: repeat, 168 h)
  r3  bo  login    chat  03-11 10:00 → resolved 03-12 10:00  3 replies
  y3  bo  login    chat  03-11 22:00, open (r3's repeat before r3 was resolved: −12 h)
  r4  cy  refund   phone 03-10 15:00 → resolved 03-10 16:00  0 replies survey yes
  y4  cy  refund   phone 03-17 16:00:01 (r4 resolved + 7 d + 1 s: no repeat in 7 days)
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.rates import Rate
from queries.plumbing.filters import Filters
from queries.views.fcr import fcr_view
from tests.builders import World, utc

PERIOD = Filters(date(2024, 3, 9), date(2024, 3, 11), "America/New_York")


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)
    ana, bo, cy = w.customer(), w.customer(), w.customer()
    rows = [
        ("r1", ana, "billing", "chat", "2024-03-09 12:00", "2024-03-09 14:00", 1, False),
        ("y1", ana, "billing", "chat", "2024-03-10 02:30", "2024-03-10 03:00", 2, None),
        ("r2", ana, "shipping", "email", "2024-03-10 12:00", "2024-03-10 13:00", 1, True),
        ("y2", ana, "shipping", "chat", "2024-03-17 13:00", None, 0, None),
        ("r3", bo, "login", "chat", "2024-03-11 10:00", "2024-03-12 10:00", 3, None),
        ("y3", bo, "login", "chat", "2024-03-11 22:00", None, 0, None),
        ("r4", cy, "refund", "phone", "2024-03-10 15:00", "2024-03-10 16:00", 0, True),
        ("y4", cy, "refund", "phone", "2024-03-17 16:00:01", None, 0, None),
    ]
    for name, customer, category, channel, opened, resolved, replies, survey in rows:
        x = w.conversation(
            external_id=name,
            customer_id=customer,
            category=category,
            channel=channel,
            opened_at=utc(opened),
            resolved_at=None if resolved is None else utc(resolved),
            agent_replies=replies,
        )
        if survey is not None:
            w.response(conversation_id=x, resolved=survey)
    return engine


def column(frame, name):  # type: ignore[no-untyped-def]
    return frame.get_column(name).to_list()


def test_three_flavours(world: Engine) -> None:
    view = fcr_view(world, PERIOD)
    # resolved in the period: r1 y1 r2 r3 r4 = 5; first contact: y1 r4 → 40 %
    assert (view.resolved, view.resolved_first_contact) == (5, 2)
    assert view.fcr == Rate(40.0, 5)
    # one touch (≤ 1 reply): r1 r2 r4 → 60 %; survey: r1 no, r2 yes, r4 yes → 2/3
    assert view.resolved_one_touch == 3 and view.fcr_one_touch == Rate(60.0, 5)
    assert (view.survey_resolved_n, view.survey_resolved_yes) == (3, 2)
    assert view.fcr_survey.value == pytest.approx(200 / 3) and view.fcr_survey.n == 3
    assert not view.empty


def test_by_channel_and_category(world: Engine) -> None:
    view = fcr_view(world, PERIOD)
    # chat r1 y1 r3: first contact y1, one touch r1, survey r1 no; email r2; phone r4
    assert column(view.by_channel, "channel") == ["chat", "email", "phone"]
    assert column(view.by_channel, "resolved") == [3, 1, 1]
    assert column(view.by_channel, "fcr") == pytest.approx([100 / 3, 0.0, 100.0])
    assert column(view.by_channel, "fcr_one_touch") == pytest.approx([100 / 3, 100.0, 100.0])
    assert column(view.by_channel, "fcr_survey") == [0.0, 100.0, 100.0]
    # billing r1 y1 → 1/2; login r3 → 0/1 (y3 is open); refund r4 → 1/1; shipping r2 → 0/1
    assert column(view.by_category, "category") == ["billing", "login", "refund", "shipping"]
    assert column(view.by_category, "fcr") == [50.0, 0.0, 100.0, 0.0]


def test_repeat_contact_list(world: Engine) -> None:
    repeats = fcr_view(world, PERIOD).repeats
    # latest resolution first: r3 (03-12 10:00), r2 (03-10 13:00), r1 (03-09 14:00)
    assert column(repeats, "external_id") == ["r3", "r2", "r1"]
    # r3: y3 03-11 22:00 − 03-12 10:00 = −12 h; r2: exactly 7 d = 168 h; r1: 14:00 → 02:30 = 12.5 h
    assert column(repeats, "hours_to_next_contact") == pytest.approx([-12.0, 168.0, 12.5])
    assert column(repeats, "category") == ["login", "shipping", "billing"]
    # times in the display zone: r1 resolved 14:00Z = 09:00 EST
    resolved = column(repeats, "resolved_at")
    assert resolved[2].hour == 9 and str(resolved[2].tzinfo) == "America/New_York"


def test_window_setting(world: Engine) -> None:
    # 8 days: y4 (r4 + 7 d + 1 s) now repeats r4 → first contact y1 only: 1/5
    view = fcr_view(world, PERIOD, window_days=8)
    assert view.window_days == 8
    assert view.fcr.value == 20.0
    r4 = view.repeats.filter(view.repeats.get_column("external_id") == "r4")
    assert column(r4, "hours_to_next_contact") == pytest.approx([168 + 1 / 3600])


def test_empty_database(engine: Engine) -> None:
    view = fcr_view(engine, PERIOD)
    assert view.fcr.value is None and view.resolved == 0 and view.empty
    assert view.fcr_one_touch == view.fcr_survey == Rate(None, 0)
    assert view.repeats.is_empty() and view.by_category.is_empty()
