"""The conversations behind a number, on a hand-built world checked by hand, and against the
n the CSAT, NPS and FCR views report for the same cut.

Display zone America/New_York, period 2024-03-09 … 03-11 ([03-09 05:00Z, 03-12 04:00Z)).
New York switches to summer time at 2024-03-10 07:00Z; Kolkata is +05:30 all year; zed has
no zone (→ the display zone). Conversations (UTC → the customer's local time):

  c6  ned  phone Mei billing 03-09 12:00 (NY 07:00 EST)   res 12:30        no answer
  e3  ned  email Mei billing 03-10 06:30 (NY 01:30 EST)   res 07:00 reopened 1  csat 4 nps 9 yes
  c5  ned  chat  Tom billing 03-10 07:30 (NY 03:30 EDT)   open               csat 3 nps 8
  e2  asha email Tom login   03-10 18:45 (Kolkata 00:15)  res 20:00          csat 2 nps 3 no
  e1  zed  email —   —       03-11 03:30 (NY 23:30 EDT)   res 04:00          csat 5 nps 10 yes
  c4  asha chat  Tom login   03-11 12:31 (Kolkata 18:01)  res 13:00 3 replies csat 1 nps 6
  out ned  email Mei shipping 03-12 04:30 (after the period)                 csat 5

Repeat contacts (same customer and category, within 7 days of resolution): c6 → e3,
e3 → c5, e2 → c4. First-contact resolved: e1 and c4. One-touch (≤ 1 reply): c6 e3 e2 e1.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.metrics.cuts import kpi_conversations
from queries.metrics.tallies import tally, tally_by
from queries.plumbing.filters import Filters
from queries.views.csat import csat_view
from queries.views.drilldown import (
    MEASURES,
    NO_AGENT,
    NONE,
    ROW_COLUMNS,
    Cut,
    conversations_behind,
    drill_choices,
    select_cut,
)
from queries.views.fcr import fcr_view
from queries.views.nps import nps_view
from tests.builders import World, utc

PERIOD = Filters(date(2024, 3, 9), date(2024, 3, 11), "America/New_York")
LONG = Filters(date(2024, 1, 1), date(2024, 3, 11), "America/New_York")  # weekly buckets
TALLY_KEY = {
    "conversations": "conversations",
    "responses": "responses",
    "invitations_sent": "invitations_sent",
    "first_responses": "first_response_n",
    "csat_answers": "csat_n",
    "csat_satisfied": "csat_satisfied",
    "nps_answers": "nps_n",
    "promoters": "promoters",
    "detractors": "detractors",
    "resolved": "resolved",
    "first_contact_resolved": "resolved_first_contact",
    "one_touch": "resolved_one_touch",
    "survey_fcr_answers": "survey_resolved_n",
    "survey_resolved": "survey_resolved_yes",
}


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)
    ned = w.customer(external_id="c-ned", time_zone="America/New_York")
    asha = w.customer(external_id="c-asha", time_zone="Asia/Kolkata", segment="vip")
    zed = w.customer(external_id="c-zed", time_zone=None)  # type: ignore[arg-type]
    mei = w.agent(name="Mei", team="night")
    tom = w.agent(name="Tom", team="day")
    rows = [
        ("c6", ned, "phone", mei, "billing", "03-09 12:00", "03-09 12:30", 0, 1, None),
        ("e3", ned, "email", mei, "billing", "03-10 06:30", "03-10 07:00", 1, 1, (4, 9, True)),
        ("c5", ned, "chat", tom, "billing", "03-10 07:30", None, 0, 1, (3, 8, None)),
        ("e2", asha, "email", tom, "login", "03-10 18:45", "03-10 20:00", 0, 1, (2, 3, False)),
        ("e1", zed, "email", None, None, "03-11 03:30", "03-11 04:00", 0, 1, (5, 10, True)),
        ("c4", asha, "chat", tom, "login", "03-11 12:31", "03-11 13:00", 0, 3, (1, 6, None)),
        ("out", ned, "email", mei, "shipping", "03-12 04:30", None, 0, 1, (5, None, None)),
    ]
    for (
        name,
        customer,
        channel,
        agent,
        category,
        opened,
        resolved,
        reopened,
        replies,
        answer,
    ) in rows:
        x = w.conversation(
            external_id=name,
            customer_id=customer,
            agent_id=agent,
            channel=channel,
            category=category,
            opened_at=utc(f"2024-{opened}"),
            first_response_at=utc("2024-03-11 03:32") if name == "e1" else None,
            resolved_at=None if resolved is None else utc(f"2024-{resolved}"),
            reopened_count=reopened,
            agent_replies=replies,
        )
        invite = w.invitation(conversation_id=x) if name in ("e1", "e2") else None
        if answer is not None:
            csat, nps, said = answer
            comment = "Quick <b>and</b> kind" if name == "e1" else None
            w.response(
                conversation_id=x, csat=csat, nps=nps, resolved=said, comment=comment,
                invitation_id=invite if name == "e1" else None,
            )  # fmt: skip
    return engine


def names(engine: Engine, cut: Cut, filters: Filters = PERIOD, **options: int) -> list[str]:
    return conversations_behind(engine, filters, cut, **options).rows["conversation"].to_list()


def test_satisfied_by_email_newest_first(world: Engine) -> None:
    found = conversations_behind(world, PERIOD, Cut("csat_satisfied", channel="email"))
    assert found.rows["conversation"].to_list() == ["e1", "e3"]  # "out" is after the period
    assert found.total == 2
    answers = conversations_behind(world, PERIOD, Cut("csat_answers", channel="email"))
    assert answers.rows["conversation"].to_list() == ["e1", "e2", "e3"]
    by_channel = csat_view(world, PERIOD).by_channel.filter(pl.col("channel") == "email")
    assert (answers.total, found.total) == (
        by_channel["csat_n"][0],
        by_channel["csat_satisfied"][0],
    )


def test_limit_caps_the_rows_but_not_the_total(world: Engine) -> None:
    found = conversations_behind(world, PERIOD, Cut(), limit=2)
    assert found.rows["conversation"].to_list() == ["c4", "e1"]
    assert found.total == 6
    assert (
        conversations_behind(world, PERIOD, Cut("csat_answers", channel="email"), limit=1).total
        == 3
    )


def test_readable_columns(world: Engine) -> None:
    found = conversations_behind(world, PERIOD, Cut("csat_score", score=5))
    assert tuple(found.rows.columns) == ROW_COLUMNS
    row = found.rows.row(0, named=True)
    assert row["conversation"] == "e1" and row["customer"] == "c-zed"
    assert row["opened_at"] == utc("2024-03-11 03:30")
    assert row["resolved_at"] == utc("2024-03-11 04:00")
    assert (row["channel"], row["category"], row["team"], row["agent"]) == (
        "email",
        None,
        None,
        None,
    )
    assert row["first_response_s"] == 120.0
    assert (row["csat"], row["nps"], row["repeat_contact"]) == (5, 10, False)
    assert row["comment"] == "Quick <b>and</b> kind"  # text, as written
    tom = conversations_behind(world, PERIOD, Cut("csat_score", score=1)).rows.row(0, named=True)
    assert (tom["conversation"], tom["agent"], tom["team"], tom["customer"]) == (
        "c4", "Tom", "day", "c-asha",
    )  # fmt: skip
    assert tom["first_response_s"] is None and tom["comment"] is None


def test_null_groups_and_agents(world: Engine) -> None:
    assert names(world, Cut(team=NONE)) == ["e1"]
    assert names(world, Cut(category=NONE)) == ["e1"]
    assert names(world, Cut(agent_id=NO_AGENT)) == ["e1"]
    found = drill_choices(world, PERIOD)
    tom = next(i for i, name in found.agents.items() if name == "Tom")
    assert names(world, Cut("csat_answers", agent_id=tom)) == ["c4", "e2", "c5"]
    assert names(world, Cut(segment="vip")) == ["c4", "e2"]
    assert found.team == ("day", "night", NONE)
    assert found.category == ("billing", "login", NONE)
    assert found.channel == ("chat", "email", "phone")
    assert found.agent_id[-1] == NO_AGENT
    assert found.day == (date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11))
    assert found.week == (date(2024, 3, 4), date(2024, 3, 11))


def test_agent_choices_in_name_order_nobody_last(engine: Engine) -> None:
    w = World(engine)
    customer = w.customer()
    zoe, al = w.agent(name="Zoe"), w.agent(name="Al")  # ids in the other order
    for agent in (zoe, None, al):
        w.conversation(customer_id=customer, agent_id=agent, opened_at=utc("2024-03-10 12:00"))
    found = drill_choices(engine, PERIOD)
    assert zoe < al and found.agent_id == (al, zoe, NO_AGENT)
    assert found.agents == {zoe: "Zoe", al: "Al"}
    assert found.of("agent_id") == found.agent_id and found.of("day") == found.day
    assert not found.empty


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (0, ["e2"]),  # Kolkata 00:15 (+05:30; a whole-hour +5 would say 23)
        (18, ["c4"]),  # Kolkata 18:01 (+5 would say 17)
        (1, ["e3"]),  # NY 01:30 EST
        (3, ["c5"]),  # NY 03:30 EDT, after the switch
        (2, []),  # … which is not 02:30 (EST would say so)
        (23, ["e1"]),  # no zone: the display zone, 23:30 EDT
        (7, ["c6"]),
    ],
)
def test_local_hour_in_the_customers_own_zone(
    world: Engine, hour: int, expected: list[str]
) -> None:
    assert names(world, Cut(local_hour=hour)) == expected


def test_local_hours_and_night_match_the_csat_view(world: Engine) -> None:
    view = csat_view(world, PERIOD)
    for row in view.by_local_hour.iter_rows(named=True):
        cut = Cut("csat_answers", local_hour=row["local_hour"])
        assert conversations_behind(world, PERIOD, cut).total == row["csat_n"]
    night = conversations_behind(world, PERIOD, Cut("csat_answers", local_night=True))
    assert night.rows["conversation"].to_list() == ["e1", "e2", "c5", "e3"]
    assert night.total == view.night.n
    day = conversations_behind(world, PERIOD, Cut("csat_answers", local_night=False))
    assert day.total == view.day.n == 1


@pytest.mark.parametrize("filters", [PERIOD, LONG])
def test_buckets_match_the_trend(world: Engine, filters: Filters) -> None:
    view = csat_view(world, filters)
    for row in view.trend.iter_rows(named=True):
        cut = Cut("csat_answers", bucket=row["bucket"], grain=view.grain)
        assert conversations_behind(world, filters, cut).total == row["csat_n"]
    if view.grain == "week":  # NY 03-10 23:30 (e1) is still the week of Monday 03-04
        cut = Cut("csat_answers", bucket=date(2024, 3, 4), grain="week")
        assert names(world, cut, filters) == ["e1", "e2", "c5", "e3"]


def test_nps_mix_matches_the_nps_view(world: Engine) -> None:
    view = nps_view(world, PERIOD)
    assert names(world, Cut("promoters")) == ["e1", "e3"]
    assert names(world, Cut("passives")) == ["c5"]
    assert names(world, Cut("detractors")) == ["c4", "e2"]
    for measure in ("promoters", "passives", "detractors"):
        assert conversations_behind(world, PERIOD, Cut(measure)).total == getattr(view, measure)


def test_fcr_measures_match_the_fcr_view(world: Engine) -> None:
    view = fcr_view(world, PERIOD)
    assert names(world, Cut("resolved")) == ["c4", "e1", "e2", "e3", "c6"]
    assert names(world, Cut("first_contact_resolved")) == ["c4", "e1"]
    assert names(world, Cut("one_touch")) == ["e1", "e2", "e3", "c6"]
    repeats = conversations_behind(world, PERIOD, Cut("repeat_contacts"))
    assert repeats.rows["conversation"].to_list() == ["e2", "e3", "c6"]
    assert repeats.rows["repeat_contact"].to_list() == [True] * 3
    assert sorted(repeats.rows["conversation"]) == sorted(view.repeats["external_id"])
    assert names(world, Cut("survey_fcr_answers")) == ["e1", "e2", "e3"]
    assert names(world, Cut("survey_resolved")) == ["e1", "e3"]
    for measure, key in (
        ("resolved", "resolved"),
        ("first_contact_resolved", "resolved_first_contact"),
    ):
        assert conversations_behind(world, PERIOD, Cut(measure)).total == getattr(view, key)


def test_survey_and_response_measures(world: Engine) -> None:
    assert names(world, Cut("invitations_sent")) == ["e1", "e2"]
    assert names(world, Cut("responses")) == ["c4", "e1", "e2", "c5", "e3"]
    assert names(world, Cut("first_responses")) == ["e1"]
    assert names(world, Cut("csat_unsatisfied")) == ["c4", "e2", "c5"]
    assert names(world, Cut("csat_negative", category="login")) == ["c4", "e2"]


def test_every_measure_is_its_tally_count_in_every_channel(world: Engine) -> None:
    frame = kpi_conversations(world, PERIOD)
    counts = tally(frame)
    for measure, key in TALLY_KEY.items():
        assert select_cut(frame, Cut(measure)).height == counts[key], measure  # type: ignore[arg-type]
    for row in tally_by(frame, "channel").iter_rows(named=True):
        for measure, key in TALLY_KEY.items():
            cut = Cut(measure, channel=row["channel"])  # type: ignore[arg-type]
            assert select_cut(frame, cut).height == row[key], (measure, row["channel"])


def test_filters_apply_first(world: Engine) -> None:
    assert names(world, Cut("csat_answers"), replace(PERIOD, channels=("chat",))) == ["c4", "c5"]


def test_cut_values_are_checked() -> None:
    assert "csat_score" in MEASURES
    with pytest.raises(ValueError, match="score"):
        Cut("csat_score")
    with pytest.raises(ValueError, match="score"):
        Cut("csat_answers", score=4)
    with pytest.raises(ValueError, match="local_hour"):
        Cut(local_hour=24)
    with pytest.raises(ValueError, match="measure"):
        Cut("nonsense")  # type: ignore[arg-type]
    assert hash(Cut("csat_answers", channel="email")) == hash(Cut("csat_answers", channel="email"))


def test_empty_database(engine: Engine) -> None:
    found = conversations_behind(engine, PERIOD, Cut("csat_answers", local_hour=3))
    assert found.total == 0 and found.rows.is_empty()
    assert tuple(found.rows.columns) == ROW_COLUMNS
    choices = drill_choices(engine, PERIOD)
    assert choices.channel == () and choices.day == ()
    assert choices.empty and found.empty and not found.capped


def test_a_whole_period_cut_keeps_every_row_of_a_large_frame() -> None:
    """Cut() is every conversation: no predicate at all (Polars 2.1 fails to filter ≥ ~50k
    rows by a literal such as lit(True).fill_null(False): "filter predicate length of 2")."""
    n = 60_000
    start = utc("2024-03-09 05:00")
    frame = pl.DataFrame(
        {
            "id": range(n),
            "customer_id": [i % 997 for i in range(n)],
            "channel": ["chat", "email", "phone"] * (n // 3),
            "opened_at": [start + timedelta(seconds=i) for i in range(n)],
            "resolved_at": [None, start] * (n // 2),
            "csat": [None, 1, 2, 3, 4, 5] * (n // 6),
            "repeat_contact": [False, True] * (n // 2),
        }
    )
    assert select_cut(frame, Cut()).height == n
    assert select_cut(frame, Cut(channel="chat")).height == n // 3
    assert select_cut(frame, Cut("csat_answers")).height == n * 5 // 6
