"""The NPS page's data on a hand-built world, checked against arithmetic done by hand.

Period 2024-03-09 … 2024-03-11 in America/New_York ([03-09 05:00Z, 03-12 04:00Z)).
ned is retail, asha vip. Conversations (UTC → New York):

  n1 ned  chat  03-09 12:00 (Sat 07:00 EST)  nps 10 promoter
  n2 ned  chat  03-10 06:30 (Sun 01:30 EST)  nps 6  detractor  "Waited too long"
  n3 asha phone 03-10 18:45 (Sun 14:45 EDT)  nps 0  detractor  "   " (blank: not listed)
  n4 asha phone 03-11 12:29 (Mon 08:29 EDT)  nps 3  detractor  "Nobody called back"
  n5 ned  email 03-11 05:15 (Mon 01:15 EDT)  nps 7  passive    "ok" (not a detractor)
  n6 asha chat  03-11 09:00 (Mon 05:00 EDT)  nps 9  promoter
  n7 ned  chat  03-08 12:00 (before the period) nps 1 detractor "old"
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.rates import Rate
from queries.plumbing.filters import Filters
from queries.views.nps import nps_view
from tests.builders import World, utc

PERIOD = Filters(date(2024, 3, 9), date(2024, 3, 11), "America/New_York")


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)
    ned = w.customer(segment="retail")
    asha = w.customer(segment="vip")
    rows = [
        ("n1", ned, "chat", "2024-03-09 12:00", 10, None),
        ("n2", ned, "chat", "2024-03-10 06:30", 6, "Waited too long"),
        ("n3", asha, "phone", "2024-03-10 18:45", 0, "   "),
        ("n4", asha, "phone", "2024-03-11 12:29", 3, "Nobody called back"),
        ("n5", ned, "email", "2024-03-11 05:15", 7, "ok"),
        ("n6", asha, "chat", "2024-03-11 09:00", 9, None),
        ("n7", ned, "chat", "2024-03-08 12:00", 1, "old"),
    ]
    for name, customer, channel, opened, score, comment in rows:
        x = w.conversation(
            external_id=name, customer_id=customer, channel=channel, opened_at=utc(opened)
        )
        w.response(conversation_id=x, nps=score, comment=comment)
    return engine


def column(frame, name):  # type: ignore[no-untyped-def]
    return frame.get_column(name).to_list()


def test_totals_with_a_negative_nps(world: Engine) -> None:
    view = nps_view(world, PERIOD)
    # n1..n6: promoters 10 9; detractors 6 0 3; passive 7 → 100 × (2 − 3) / 6
    assert (view.nps.n, view.promoters, view.passives, view.detractors) == (6, 2, 1, 3)
    assert view.nps.value == pytest.approx(-100 / 6)
    # shares of 6: 2 → 33.33 %, 1 → 16.67 %, 3 → 50 %
    shares = [view.promoter_share, view.passive_share, view.detractor_share]
    assert [share.value for share in shares] == pytest.approx([100 / 3, 100 / 6, 50.0])
    assert [share.n for share in shares] == [6, 6, 6]
    # p = 1/3, d = 1/2: p + d − (p − d)² = 5/6 − 1/36 = 29/36; /6 → √0.134259 = 0.366415
    # × 196 = 71.817 → −16.667 ± 71.817
    assert view.nps.interval == pytest.approx((-88.484, 55.150), abs=1e-3)
    assert not view.empty


def test_daily_mix_and_trend(world: Engine) -> None:
    trend = nps_view(world, PERIOD).trend
    assert column(trend, "bucket") == [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    # 03-09: n1 (10); 03-10: n2 n3 (6 0); 03-11: n4 n5 n6 (3 7 9)
    assert column(trend, "promoters") == [1, 0, 1]
    assert column(trend, "passives") == [0, 0, 1]
    assert column(trend, "detractors") == [0, 2, 1]
    assert column(trend, "nps") == [100.0, -100.0, 0.0]
    assert column(trend, "promoter_share") == pytest.approx([100.0, 0.0, 100 / 3])
    assert column(trend, "passive_share") == pytest.approx([0.0, 0.0, 100 / 3])
    assert column(trend, "detractor_share") == pytest.approx([0.0, 100.0, 100 / 3])
    # 03-10: two detractors, no spread → [−100, −100]
    assert (column(trend, "nps_low")[1], column(trend, "nps_high")[1]) == (-100.0, -100.0)


def test_by_segment_and_channel(world: Engine) -> None:
    view = nps_view(world, PERIOD)
    # retail n1 n2 n5 (10 6 7) → 0; vip n3 n4 n6 (0 3 9) → (1 − 2) / 3
    assert column(view.by_segment, "segment") == ["retail", "vip"]
    assert column(view.by_segment, "nps") == pytest.approx([0.0, -100 / 3])
    assert column(view.by_segment, "detractor_share") == pytest.approx([100 / 3, 200 / 3])
    # chat n1 n2 n6 (10 6 9) → 1/3; email n5 (7) → 0, all passive; phone n3 n4 (0 3) → −100
    assert column(view.by_channel, "channel") == ["chat", "email", "phone"]
    assert column(view.by_channel, "nps") == pytest.approx([100 / 3, 0.0, -100.0])
    assert column(view.by_channel, "passive_share") == [0.0, 100.0, 0.0]


def test_detractor_comments(world: Engine) -> None:
    comments = nps_view(world, PERIOD).comments
    # n4 and n2 (n3 blank, n5 passive, n7 before the period), newest first
    assert column(comments, "external_id") == ["n4", "n2"]
    assert column(comments, "comment") == ["Nobody called back", "Waited too long"]
    assert column(comments, "nps") == [3, 6]
    opened = column(comments, "opened_at")
    assert [t.hour for t in opened] == [8, 1]  # 08:29 EDT, 01:30 EST in the display zone
    assert str(comments.schema["opened_at"].time_zone) == "America/New_York"  # type: ignore[union-attr]
    chat_only = nps_view(world, replace(PERIOD, channels=("chat",))).comments
    assert column(chat_only, "external_id") == ["n2"]


def test_empty_database(engine: Engine) -> None:
    view = nps_view(engine, PERIOD)
    assert view.nps.value is None and view.nps.n == 0 and view.empty
    assert view.promoter_share == view.passive_share == view.detractor_share == Rate(None, 0)
    assert view.trend.is_empty() and view.comments.is_empty()
    assert view.by_segment.columns[0] == "segment"
