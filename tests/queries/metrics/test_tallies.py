"""The §3 metrics on a hand-built world, checked against arithmetic done by hand.

The period is 2024-03-09 … 2024-03-12 in America/New_York, across the switch to summer time
on 2024-03-10 (02:00 EST → 03:00 EDT), so it is [03-09 05:00Z, 03-13 04:00Z) in UTC.
Conversations (UTC; "in" = in the period):

  x1  ana chat   day   billing   03-09 05:30 in  (local 00:30 EST, 1st day) fr 60 s, resolved 06:30
  x2  ana email  night shipping  03-10 12:00 in  fr 120 s, resolved 13:00, 2 replies
  x3  ana chat   day   billing   03-16 06:30 out = x1 resolved + 7 d exactly → repeat of x1
  x4  ana phone  night shipping  03-17 13:00:01 out = x2 resolved + 7 d + 1 s → no repeat of x2
  x5  bo  phone  night (null)    03-09 05:00 in  (local 00:00, start edge) fr 30 s, resolved 05:20
  x6  bo  chat   day   (null)    03-11 10:00 in  fr 90 s, resolved 11:00, reopened once
                                                  (null == null: x6 is a repeat of x5)
  x7  cy  chat   day   login     03-11 15:00 in  fr 45 s, resolved 15:30, 0 replies
  x8  cy  phone  night login     03-11 15:00 in  same instant as x7: neither repeats the other
                                                  fr 600 s, resolved 16:00, 3 replies
  x9  cy  chat   day   billing   03-11 20:00 in  open; another category, so no repeat of x7/x8
  x10 di  social (none) billing  03-13 03:59:59 in (local 23:59:59 EDT, last day), open
  x11 di  chat   day   billing   03-09 04:59:59 out (local 23:59:59 EST on 03-08)
  x12 di  chat   day   billing   03-13 04:00 out (local 00:00 EDT on 03-13, end edge)
  x13 ed  chat   day   billing   03-13 04:30 out (local 00:30 EDT; 23:30 if EST were assumed)
  x14 fay email  night refund    03-09 05:15 in  open
  x15 fay chat   day   refund    03-12 14:00 in  fr 75 s, resolved 14:30 (x14 is earlier: no y)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.metrics.periods import period_conversations, period_count
from queries.metrics.repeats import flag_repeat_contacts
from queries.metrics.tallies import (
    METRIC_KEYS,
    SAMPLE_SIZE,
    compute_metrics,
    counts_for,
    load_period,
    rates,
    tally,
    tally_by,
)
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations
from tests.builders import World, at, utc

NEW_YORK = Filters(date(2024, 3, 9), date(2024, 3, 12), "America/New_York")
AS_OF = utc("2024-06-07 05:30")  # ana's t0 (x1) + 90 days exactly

EXPECTED = {
    # x1 x2 x5 x6 x7 x8 x9 x10 x14 x15
    "conversations": 10,
    # r1 r2 r5 r6 r8 r9 (r11 and r13 answer conversations outside the period)
    "responses": 6,
    # csat 5 2 4 1 3 (r8 has none): 2 of 5 ≥ 4 → 40
    "csat": 40.0,
    # Wilson(2, 5): centre 0.443449, half-width 0.325830 (see test_stats)
    "csat_ci": [11.762, 76.928],
    # nps 10 3 6 0 8 9: promoters 10, 9; detractors 3, 6, 0 → 100 × (2 − 3) / 6
    "nps": -16.6667,
    # ± 196 × √((5/6 − 1/36) / 6) = ± 71.817
    "nps_ci": [-88.484, 55.150],
    # resolved x1 x2 x5 x6 x7 x8 x15 = 7; first contact: x2 x7 x8 x15 (x1 and x5 have a
    # repeat, x6 was reopened) → 100 × 4 / 7
    "fcr": 57.1429,
    # agent_replies ≤ 1: x1 x5 x6 x7 x15 (x2 has 2, x8 has 3) → 100 × 5 / 7
    "fcr_one_touch": 71.4286,
    # survey resolved: r1 true, r2 false, r5 true, r8 true, r9 false (r6 null) → 3 / 5
    "fcr_survey": 60.0,
    # cohort t0: bo 05:00, fay 05:15, ana 05:30 on 03-09 → eligible at as_of; cy, di are not.
    # ana: activity at t0 + 90 d (yes); fay: at t0 exactly (no);
    # bo: 03-01 (before t0) and t0 + 90 d + 1 s (no) → 1 / 3
    "retention_90d": 33.3333,
    "repurchase_90d": 33.3333,  # every activity that decides is an order
    "clv_365d": None,  # nobody is a year past t0
    # 30 45 60 75 90 120 600 (7 values, odd) → 75
    "first_response_median_s": 75.0,
    # invitations sent: x1 x2 x6 x7 x9 = 5; link answers r1 r2 r6 r9 = 4 (r5, r8 imported)
    "response_rate": 80.0,
}


# name, customer, channel, agent's team, category, opened (UTC), first response after (s),
# resolved (UTC), agent_replies, reopened_count — the table of the module docstring
CONVERSATIONS: list[tuple[Any, ...]] = [
    ("x1", "ana", "chat", "day", "billing", "2024-03-09 05:30", 60, "2024-03-09 06:30", 1, 0),
    ("x2", "ana", "email", "night", "shipping", "2024-03-10 12:00", 120, "2024-03-10 13:00", 2, 0),
    ("x3", "ana", "chat", "day", "billing", "2024-03-16 06:30", 60, "2024-03-16 07:00", 1, 0),
    ("x4", "ana", "phone", "night", "shipping", "2024-03-17 13:00:01", None, None, 0, 0),
    ("x5", "bo", "phone", "night", None, "2024-03-09 05:00", 30, "2024-03-09 05:20", 1, 0),
    ("x6", "bo", "chat", "day", None, "2024-03-11 10:00", 90, "2024-03-11 11:00", 1, 1),
    ("x7", "cy", "chat", "day", "login", "2024-03-11 15:00", 45, "2024-03-11 15:30", 0, 0),
    ("x8", "cy", "phone", "night", "login", "2024-03-11 15:00", 600, "2024-03-11 16:00", 3, 0),
    ("x9", "cy", "chat", "day", "billing", "2024-03-11 20:00", None, None, 0, 0),
    ("x10", "di", "social", None, "billing", "2024-03-13 03:59:59", None, None, 0, 0),
    ("x11", "di", "chat", "day", "billing", "2024-03-09 04:59:59", 10, "2024-03-09 05:10", 1, 0),
    ("x12", "di", "chat", "day", "billing", "2024-03-13 04:00", None, None, 0, 0),
    ("x13", "ed", "chat", "day", "billing", "2024-03-13 04:30", None, None, 0, 0),
    ("x14", "fay", "email", "night", "refund", "2024-03-09 05:15", None, None, 0, 0),
    ("x15", "fay", "chat", "day", "refund", "2024-03-12 14:00", 75, "2024-03-12 14:30", 1, 0),
]


@pytest.fixture
def world(engine: Engine) -> Iterator[Engine]:
    """The world of the module docstring on the parametrized engine."""
    assert utc("2024-03-09 05:30") == at("2024-03-09 00:30", "America/New_York")
    assert utc("2024-03-13 03:59:59") == at("2024-03-12 23:59:59", "America/New_York")
    w = World(engine)
    people = {
        "ana": w.customer(name="Ana", time_zone="America/New_York", segment="retail"),
        "bo": w.customer(name="Bo", time_zone="Asia/Kolkata", segment="vip"),
        "cy": w.customer(name="Cy", time_zone="Europe/Berlin", segment="retail"),
        "di": w.customer(name="Di", time_zone="America/Los_Angeles", segment="vip"),
        "ed": w.customer(name="Ed", segment="retail"),
        "fay": w.customer(name="Fay", segment="retail"),
    }
    teams = {"day": w.agent(team="day"), "night": w.agent(team="night"), None: None}
    ids = {}
    for row in CONVERSATIONS:
        name, who, channel, team, category, opened, wait_s, resolved, replies, reopened = row
        opened_at = utc(opened)
        ids[name] = w.conversation(
            external_id=name,
            customer_id=people[who],
            agent_id=teams[team],
            channel=channel,
            category=category,
            opened_at=opened_at,
            first_response_at=None if wait_s is None else opened_at + timedelta(seconds=wait_s),
            resolved_at=None if resolved is None else utc(resolved),
            agent_replies=replies,
            reopened_count=reopened,
        )
    x1, x2, x5, x6, x7, x8, x9, x10, x11, x13 = (
        ids[name] for name in ("x1", "x2", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x13")
    )
    ana, bo, cy, ed, fay = (people[name] for name in ("ana", "bo", "cy", "ed", "fay"))

    sent = {x: w.invitation(conversation_id=x) for x in (x1, x2, x6, x7, x9, x11, x13)}
    w.invitation(conversation_id=x8, status="suppressed", reason="throttled")
    w.invitation(conversation_id=x10, status="pending")
    w.response(conversation_id=x1, csat=5, nps=10, resolved=True, invitation_id=sent[x1])
    w.response(conversation_id=x2, csat=2, nps=3, resolved=False, invitation_id=sent[x2])
    w.response(conversation_id=x5, csat=4, nps=6, resolved=True)  # imported
    w.response(conversation_id=x6, csat=1, nps=0, invitation_id=sent[x6])
    w.response(conversation_id=x8, nps=8, resolved=True)  # imported, no csat
    w.response(
        conversation_id=x9,
        csat=3,
        nps=9,
        resolved=False,
        invitation_id=sent[x9],
        responded_at=utc("2024-03-20 09:00"),
    )  # after the period: still counted
    w.response(
        conversation_id=x11,
        csat=5,
        nps=10,
        resolved=True,
        invitation_id=sent[x11],
        responded_at=utc("2024-03-10 09:00"),
    )  # answered in the period, opened before
    w.response(conversation_id=x13, csat=5, nps=10, resolved=True, invitation_id=sent[x13])

    w.activity(customer_id=ana, occurred_at=utc("2024-06-07 05:30"))  # t0 + 90 d: yes
    w.activity(customer_id=bo, occurred_at=utc("2024-03-01 12:00"))  # before t0
    w.activity(customer_id=bo, occurred_at=utc("2024-06-07 05:00:01"))  # t0 + 90 d + 1 s: no
    w.activity(customer_id=fay, occurred_at=utc("2024-03-09 05:15"))  # t0 exactly: no
    # cy is retained, but not eligible at as_of (t0 03-11 + 90 d is later)
    w.activity(customer_id=cy, occurred_at=utc("2024-03-20 12:00"), kind="renewal", amount=9.5)
    w.activity(customer_id=ed, occurred_at=utc("2024-03-20 12:00"))  # ed is not in the cohort
    yield engine


def assert_metrics(actual: dict[str, object], expected: dict[str, object]) -> None:
    """Same keys in the same order; floats to 1e-3, intervals element by element."""
    assert list(actual) == list(expected)
    for key, value in expected.items():
        assert actual[key] == pytest.approx(value, abs=1e-3), key


def test_hand_built_world(world: Engine) -> None:
    values = compute_metrics(world, NEW_YORK, as_of=AS_OF, fcr_window_days=7)
    assert tuple(values) == METRIC_KEYS
    assert_metrics(values, EXPECTED)
    assert isinstance(values["conversations"], int)
    assert json.loads(json.dumps(values)) == values


def test_tally_gives_the_n_behind_every_rate(world: Engine) -> None:
    period = load_period(world, NEW_YORK, as_of=AS_OF)
    counts = tally(period.conversations, period.retention, value=period.value)
    sizes = {key: counts[name] for key, name in SAMPLE_SIZE.items()}
    assert sizes == {
        "csat": 5,
        "csat_ci": 5,
        "nps": 6,
        "nps_ci": 6,
        "fcr": 7,
        "fcr_one_touch": 7,
        "fcr_survey": 5,
        "retention_90d": 3,
        "repurchase_90d": 3,  # the same cohort at 90 days
        "clv_365d": 0,  # nobody is a year past t0
        "first_response_median_s": 7,
        "response_rate": 5,
    }
    assert rates(counts) == compute_metrics(world, NEW_YORK, as_of=AS_OF)


def test_period_rows_and_their_edges(world: Engine) -> None:
    frame = period_conversations(world, NEW_YORK)
    opened = sorted(frame.get_column("opened_at").to_list())
    assert len(opened) == 10
    assert opened[0] == utc("2024-03-09 05:00")  # local 00:00 on the first day: in
    assert opened[-1] == utc("2024-03-13 03:59:59")  # local 23:59:59 on the last day: in
    assert frame.schema["opened_at"] == pl.Datetime("us", "UTC")


def test_narrow_period_reads_keep_the_rows_and_values(world: Engine) -> None:
    full = period_conversations(world, NEW_YORK).sort("id")
    narrow = period_conversations(world, NEW_YORK, ("id", "segment", "csat", "invitation_status"))
    assert narrow.columns == ["id", "segment", "csat", "invitation_status"]
    assert narrow.sort("id").equals(full.select(narrow.columns))
    # invitations sent: x1 x2 x6 x7 x9 (see EXPECTED["response_rate"])
    assert narrow.get_column("invitation_status").drop_nulls().to_list() == ["sent"] * 5
    assert period_count(world, NEW_YORK) == 10
    with pytest.raises(ValueError, match="not a period column"):
        period_conversations(world, NEW_YORK, ("id", "email"))


def test_answered_reads_only_the_answered_conversations(world: Engine) -> None:
    # csat answers in the period: r1 5, r2 2, r5 4, r6 1, r9 3 (r8 has none)
    csat = period_conversations(world, NEW_YORK, ("id", "csat"), answered="csat")
    assert sorted(csat.get_column("csat").to_list()) == [1, 2, 3, 4, 5]
    # nps answers: 10 3 6 0 8 9 → promoters 2, detractors 3 (EXPECTED["nps"])
    nps = period_conversations(world, NEW_YORK, ("id", "nps"), answered="nps")
    counts = tally(nps, names=("nps_n", "promoters", "detractors"))
    assert counts == {
        "nps_n": 6, "promoters": 2, "detractors": 3,
        "retention_eligible": 0, "retention_retained": 0,
        "repurchase_eligible": 0, "repurchase_customers": 0, "clv_eligible": 0, "clv_revenue": 0.0,
    }  # fmt: skip
    assert rates(counts)["nps"] == pytest.approx(-16.6667, abs=1e-4)
    assert rates(counts)["csat"] is None  # not tallied: undefined, never 0


def test_counts_for_names_the_counts_behind_a_rate() -> None:
    assert counts_for(["csat"], ["conversations"]) == {"csat_n", "csat_satisfied", "conversations"}
    assert counts_for(["fcr", "fcr_one_touch"]) == {
        "resolved", "resolved_first_contact", "resolved_one_touch",
    }  # fmt: skip


def test_retention_eligibility_edge(world: Engine) -> None:
    # one second before ana's t0 + 90 d only bo and fay are eligible, neither retained → 0 / 2
    values = compute_metrics(world, NEW_YORK, as_of=AS_OF - timedelta(seconds=1))
    assert values["retention_90d"] == 0.0
    # long after: all five are eligible; cy's 03-20 activity counts now → ana, cy = 2 / 5
    values = compute_metrics(world, NEW_YORK, as_of=utc("2025-01-01 00:00"))
    assert values["retention_90d"] == 40.0
    # before anyone's t0 + 90 d: nobody is eligible
    assert compute_metrics(world, NEW_YORK, as_of=utc("2024-04-01 00:00"))["retention_90d"] is None


def test_fcr_window_is_configurable(world: Engine) -> None:
    # window 0: y must open by x's resolution; x3 (x1 + 7 d) and x6 (after x5 resolved at
    # 05:20) no longer count → first contact x1 x2 x5 x7 x8 x15 = 6 of 7
    values = compute_metrics(world, NEW_YORK, as_of=AS_OF, fcr_window_days=0)
    assert values["fcr"] == pytest.approx(100 * 6 / 7)
    # window 8 days: x4 (x2 + 7 d + 1 s) now counts too → x7 x8 x15 = 3 of 7
    values = compute_metrics(world, NEW_YORK, as_of=AS_OF, fcr_window_days=8)
    assert values["fcr"] == pytest.approx(100 * 3 / 7)


def test_channel_filter(world: Engine) -> None:
    chat = compute_metrics(world, replace(NEW_YORK, channels=("chat",)), as_of=AS_OF)
    assert_metrics(
        chat,
        {
            "conversations": 5,  # x1 x6 x7 x9 x15
            "responses": 3,  # r1 r6 r9
            "csat": 100 / 3,  # 5 1 3 → 1 of 3
            "csat_ci": [6.149, 79.235],  # Wilson(1, 3)
            "nps": 100 / 3,  # 10 0 9 → (2 − 1) / 3
            # p + d − (p − d)² = 1 − 1/9 = 8/9; / 3 = 0.296296; √ = 0.544331; × 196 = 106.689
            "nps_ci": [-73.355, 100.0],
            "fcr": 50.0,  # resolved x1 x6 x7 x15: x7 x15 (x1 repeat x3, x6 reopened)
            "fcr_one_touch": 100.0,
            "fcr_survey": 50.0,  # r1 true, r9 false (r6 null) → 1 / 2
            "retention_90d": 100.0,  # t0 ana x1 eligible, retained; bo x6, cy, fay x15 not
            "repurchase_90d": 100.0,  # every activity that decides is an order
            "clv_365d": None,  # nobody is a year past t0
            "first_response_median_s": 67.5,  # 45 60 75 90 (even) → (60 + 75) / 2
            "response_rate": 75.0,  # sent x1 x6 x7 x9, link answers r1 r6 r9
        },
    )


def test_repeat_contacts_ignore_the_channel_filter(world: Engine) -> None:
    # phone: x5 x8. x5's repeat x6 is a chat, and still counts → x8 only: 1 / 2
    phone = compute_metrics(world, replace(NEW_YORK, channels=("phone",)), as_of=AS_OF)
    assert phone["conversations"] == 2
    assert phone["fcr"] == 50.0
    assert phone["retention_90d"] == 0.0  # bo (t0 x5) eligible, not retained; cy (x8) not eligible


def test_team_filter(world: Engine) -> None:
    night = compute_metrics(world, replace(NEW_YORK, teams=("night",)), as_of=AS_OF)
    assert night["conversations"] == 4  # x2 x5 x8 x14 (x10 has no agent)
    assert night["fcr"] == pytest.approx(200 / 3)  # x2 x8 of x2 x5 x8 (x6, day team, repeats x5)
    assert night["first_response_median_s"] == 120.0  # 30 120 600 (odd)
    assert night["response_rate"] == 100.0  # sent x2 (x8 suppressed), answered via link r2
    both = replace(NEW_YORK, teams=("night", "day"))
    assert compute_metrics(world, both, as_of=AS_OF)["conversations"] == 9  # all but x10


def test_segment_filter_and_negative_nps(world: Engine) -> None:
    vip = compute_metrics(world, replace(NEW_YORK, segments=("vip",)), as_of=AS_OF)
    assert_metrics(
        vip,
        {
            "conversations": 3,  # bo x5 x6, di x10
            "responses": 2,  # r5 r6
            "csat": 50.0,  # 4 1
            "csat_ci": [9.453, 90.547],  # Wilson(1, 2)
            "nps": -100.0,  # 6 0: two detractors
            "nps_ci": [-100.0, -100.0],  # p + d − (p − d)² = 1 − 1 = 0: no spread
            "fcr": 0.0,  # x5 repeat x6, x6 reopened
            "fcr_one_touch": 100.0,
            "fcr_survey": 100.0,  # r5 true (r6 null)
            "retention_90d": 0.0,  # bo eligible, not retained; di not eligible
            "repurchase_90d": 0.0,  # every activity that decides is an order
            "clv_365d": None,  # nobody is a year past t0
            "first_response_median_s": 60.0,  # 30 90 (even) → 60
            "response_rate": 100.0,  # sent x6, link r6
        },
    )


def test_group_by_channel_matches_the_channel_filter(world: Engine) -> None:
    period = load_period(world, NEW_YORK, as_of=AS_OF)
    groups = tally_by(period.conversations, "channel")
    assert groups.get_column("channel").to_list() == ["chat", "email", "phone", "social"]
    # counts are signed, so a page can subtract them in Polars: chat 2 − 1, phone 0 − 1 …
    nps_points = groups.select(pl.col("promoters") - pl.col("detractors")).to_series()
    assert nps_points.to_list() == [1, -1, -1, 0]  # email r2 (3); phone r5 (6), r8 (8)
    for row in groups.iter_rows(named=True):
        filtered = replace(NEW_YORK, channels=(row["channel"],))
        expected = compute_metrics(world, filtered, as_of=AS_OF)
        cohort = {"retention_90d": None, "repurchase_90d": None, "clv_365d": None}
        assert rates(row) == expected | cohort, row["channel"]


@pytest.mark.parametrize(
    ("gap", "fcr"), [(timedelta(days=7), 0.0), (timedelta(days=7, seconds=1), 100.0)]
)
def test_repeat_at_the_window_end_of_the_latest_resolution(
    engine: Engine, gap: timedelta, fcr: float
) -> None:
    # y outside the period, exactly at (or 1 s after) the period's latest resolution + 7 d
    w = World(engine)
    ana = w.customer()
    resolved_at = utc("2024-03-12 20:00")
    w.conversation(customer_id=ana, opened_at=utc("2024-03-12 19:00"), resolved_at=resolved_at)
    w.conversation(customer_id=ana, opened_at=resolved_at + gap)
    assert compute_metrics(engine, NEW_YORK, as_of=AS_OF)["fcr"] == fcr


def test_flag_repeat_contacts_skips_ties_but_not_what_follows() -> None:
    t = utc("2024-03-11 15:00")
    hour = timedelta(hours=1)
    period = pl.DataFrame(
        {
            "customer_id": [1, 1, 2, 2, 3],
            "category": ["login", "login", None, None, None],
            "opened_at": [t, t, t, t + hour, t],
            "resolved_at": [t + hour / 2, t + hour / 2, t, None, t],
        }
    )
    # customer 1: a later login (not in the period) 1 h after the tie; customer 3's only
    # later contact is under another category
    candidates = pl.DataFrame(
        {"customer_id": [1, 3], "category": ["login", "billing"], "opened_at": [t + hour] * 2}
    )
    flagged = flag_repeat_contacts(period, candidates, window_days=0)
    later = t + hour
    assert flagged.get_column("next_opened_at").to_list() == [later, later, later, None, None]
    # window 0: the tied pair is repeated at t + 1 h, after its resolution at t + 30 min
    assert flagged.get_column("repeat_contact").to_list() == [False, False, False, None, False]
    flagged = flag_repeat_contacts(period, candidates, window_days=1)
    assert flagged.get_column("repeat_contact").to_list() == [True, True, True, None, False]


def test_kolkata_period_edges(engine: Engine) -> None:
    # 2024-03-11 in Asia/Kolkata (+05:30) is [03-10 18:30Z, 03-11 18:30Z)
    w = World(engine)
    asha = w.customer(time_zone="Asia/Kolkata", segment="retail")
    for opened in (
        "2024-03-10 18:29:59",
        "2024-03-10 18:30",
        "2024-03-11 18:29:59",
        "2024-03-11 18:30",
    ):
        w.conversation(customer_id=asha, opened_at=utc(opened))
    kolkata = Filters(date(2024, 3, 11), date(2024, 3, 11), "Asia/Kolkata")
    assert compute_metrics(engine, kolkata, as_of=AS_OF)["conversations"] == 2
    assert at("2024-03-11 00:00", "Asia/Kolkata") == utc("2024-03-10 18:30")


def test_columns_that_start_null_in_a_long_result(engine: Engine) -> None:
    # 1100 conversations with no category and no first response, then one with both
    ana = World(engine).customer()
    start = utc("2024-03-09 06:00")
    rows = [
        {"external_id": f"s{i}", "customer_id": ana, "channel": "chat", "category": None}
        | {"opened_at": start + timedelta(minutes=i), "first_response_at": None}
        | {"agent_replies": 0, "reopened_count": 0}
        for i in range(1100)
    ]
    rows[-1] |= {"category": "billing", "first_response_at": start + timedelta(hours=20)}
    with engine.begin() as conn:
        conn.execute(sa.insert(conversations), rows)
    values = compute_metrics(engine, NEW_YORK, as_of=AS_OF)
    assert values["conversations"] == 1100
    assert values["first_response_median_s"] == 20 * 3600 - 1099 * 60


def test_empty_database(engine: Engine) -> None:
    values = compute_metrics(engine, NEW_YORK, as_of=AS_OF)
    assert values == {key: None for key in METRIC_KEYS} | {"conversations": 0, "responses": 0}


def test_cli_prints_the_hand_values(
    world: Engine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGIL_FCR_WINDOW_DAYS", raising=False)
    url = world.url.render_as_string(hide_password=False)
    argv = [
        "metrics",
        "--start",
        "2024-03-09",
        "--end",
        "2024-03-12",
        "--tz",
        "America/New_York",
        "--as-of",
        "2024-06-07T05:30:00Z",
        "--json",
        "--db",
        url,
    ]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert_metrics(printed, EXPECTED)
