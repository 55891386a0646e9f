"""Survey operations queries and their section views, hand-checked on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.tallies import rates
from queries.plumbing.filters import Filters
from queries.plumbing.schema import job_runs, survey_invitations
from queries.views import surveys
from tests.builders import World, utc

NOW = utc("2024-06-10 12:00")
JUNE = Filters(date(2024, 6, 1), date(2024, 6, 30), "UTC")


@pytest.fixture
def outbox(engine: Engine) -> dict[str, int]:
    return build_outbox(engine)


def build_outbox(engine: Engine) -> dict[str, int]:
    """Six June conversations: 3 sent (2 answered via link, 1 by import), 1 suppressed,
    1 failed, 1 pending due in 3 h; plus one unresolved conversation."""
    w = World(engine)
    ana = w.customer(locale="zh-TW")
    ids: dict[str, int] = {}
    for name, channel, status, reason, locale in [
        ("sent_a", "chat", "sent", None, "zh-TW"),
        ("sent_b", "chat", "sent", None, "en"),
        ("sent_c", "email", "sent", None, "en"),
        ("suppressed", "chat", "suppressed", "throttled", "en"),
        ("failed", "phone", "failed", None, "en"),
        ("pending", "chat", "pending", None, "zh-TW"),
    ]:
        c = w.conversation(
            customer_id=ana,
            channel=channel,
            opened_at=utc("2024-06-05 10:00"),
            resolved_at=utc("2024-06-05 11:00"),
        )
        due = NOW + timedelta(hours=3) if status == "pending" else utc("2024-06-05 13:00")
        ids[name] = w.invitation(
            conversation_id=c, status=status, reason=reason, locale=locale, due_at=due
        )
        ids[name + "_conversation"] = c
    w.conversation(customer_id=ana, opened_at=utc("2024-06-06 10:00"))
    w.response(conversation_id=ids["sent_a_conversation"], csat=5, invitation_id=ids["sent_a"])
    w.response(conversation_id=ids["sent_b_conversation"], csat=2, invitation_id=ids["sent_b"])
    w.response(conversation_id=ids["sent_c_conversation"], csat=4)  # imported, not via link
    with engine.begin() as conn:
        conn.execute(
            sa.update(survey_invitations)
            .where(survey_invitations.c.id == ids["failed"])
            .values(attempts=5, last_error="451 try later")
        )
    ids["customer"] = ana
    return ids


def test_funnel_and_outcomes(engine: Engine, outbox: dict[str, int]) -> None:
    funnel = surveys.funnel(surveys.survey_counts(engine, JUNE))
    assert dict(funnel.iter_rows()) == {"resolved": 6, "invited": 6, "sent": 3, "answered": 2}
    assert surveys.funnel(
        surveys.survey_counts(engine, Filters(date(2024, 7, 1), date(2024, 7, 2), "UTC"))
    )["count"].to_list() == [0, 0, 0, 0]
    rows = set(surveys.outcomes(surveys.survey_counts(engine, JUNE)).iter_rows())
    assert rows == {
        ("sent", None, 3),
        ("suppressed", "throttled", 1),
        ("failed", None, 1),
        ("pending", None, 1),
    }


def test_response_rates_by_channel_and_locale(engine: Engine, outbox: dict[str, int]) -> None:
    counts = surveys.response_counts(surveys.survey_counts(engine, JUNE))
    by_channel = {r[0]: r[1:] for r in surveys.rates_by(counts, "channel").iter_rows()}
    assert by_channel == {"chat": (2, 2, 100.0), "email": (1, 0, 0.0)}
    by_locale = {r[0]: r[1:] for r in surveys.rates_by(counts, "locale").iter_rows()}
    assert by_locale == {"en": (2, 1, 50.0), "zh-TW": (1, 1, 100.0)}


def test_the_funnel_section_view(engine: Engine, outbox: dict[str, int]) -> None:
    view = surveys.survey_funnel(surveys.survey_counts(engine, JUNE))
    assert view.stages.equals(surveys.funnel(surveys.survey_counts(engine, JUNE)))
    assert view.outcomes.equals(surveys.outcomes(surveys.survey_counts(engine, JUNE)))
    assert (view.sent, view.failed) == (3, 1)
    # §3: 2 answers via the link of 3 invitations sent (the imported answer is not one)
    assert view.response_rate.value == pytest.approx(200 / 3)
    assert view.response_rate.n == 3
    assert not view.empty
    july = surveys.survey_funnel(
        surveys.survey_counts(engine, Filters(date(2024, 7, 1), date(2024, 7, 2), "UTC"))
    )
    assert july.empty
    assert (july.sent, july.failed, july.response_rate.value, july.response_rate.n) == (
        0,
        0,
        None,
        0,
    )


def test_the_response_rate_is_the_one_of_section_3() -> None:
    assert surveys.response_rate(1, 4).value == pytest.approx(25)
    assert surveys.response_rate(1, 4).n == 4
    assert surveys.response_rate(0, 0).value is None
    # the same rule as `vigil metrics`: link answers per invitation sent
    counts = {"link_responses": 3, "invitations_sent": 8}
    assert surveys.response_rate(3, 8).value == rates(counts)["response_rate"] == 37.5


def test_the_rates_queue_and_heartbeat_section_views(
    engine: Engine, outbox: dict[str, int]
) -> None:
    rated = surveys.survey_response_rates(surveys.survey_counts(engine, JUNE))
    assert rated.by_channel.rows() == [("chat", 2, 2, 100.0), ("email", 1, 0, 0.0)]
    assert rated.by_locale.rows() == [("en", 2, 1, 50.0), ("zh-TW", 1, 1, 100.0)]
    assert not rated.empty
    queue = surveys.survey_queue(engine, NOW)
    assert queue.due.rows() == [(utc("2024-06-10 15:00"), "zh-TW", 1)]
    assert queue.pending == 1 and not queue.empty
    later = surveys.survey_queue(engine, NOW, timedelta(hours=2))
    assert (later.pending, later.empty) == (0, True)
    beats = surveys.job_heartbeat(engine)
    assert beats.empty and not beats.alive(NOW)
    assert beats.seconds_since(NOW) is None
    with engine.begin() as conn:
        conn.execute(
            sa.insert(job_runs).values(
                job="send", started_at=NOW - timedelta(minutes=4), status="ok", processed=1
            )
        )
    beats = surveys.job_heartbeat(engine)
    assert beats.alive(NOW) and not beats.alive(NOW + timedelta(minutes=2))
    assert beats.seconds_since(NOW) == 240
    assert beats.seconds_since(NOW - timedelta(minutes=5)) == 0  # a clock behind the run


def test_queue_failures_and_heartbeat(engine: Engine, outbox: dict[str, int]) -> None:
    queue = surveys.queue(engine, NOW)
    assert queue.rows() == [(utc("2024-06-10 15:00"), "zh-TW", 1)]
    assert surveys.queue(engine, NOW, timedelta(hours=2)).is_empty()
    failures = surveys.failures(engine)
    assert failures.select("id", "status", "attempts", "last_error").rows() == [
        (outbox["failed"], "failed", 5, "451 try later")
    ]
    assert surveys.heartbeat(engine).is_empty()
    assert not surveys.scheduler_alive(surveys.heartbeat(engine), NOW)
    with engine.begin() as conn:
        for job, started in [
            ("send", NOW - timedelta(minutes=9)),
            ("send", NOW - timedelta(minutes=4)),
            ("enqueue", NOW - timedelta(minutes=8)),
        ]:
            conn.execute(
                sa.insert(job_runs).values(job=job, started_at=started, status="ok", processed=3)
            )
    beats = surveys.heartbeat(engine)
    assert beats.select("job", "started_at").rows() == [
        ("enqueue", NOW - timedelta(minutes=8)),
        ("send", NOW - timedelta(minutes=4)),
    ]
    assert surveys.scheduler_alive(beats, NOW)
    assert not surveys.scheduler_alive(beats, NOW + timedelta(minutes=2))


@pytest.fixture
def teams_and_segments(engine: Engine) -> None:
    """Seven June conversations across two teams (day, night; one with no agent) and two
    segments (retail, business): (agent, segment, resolved, invitation, link answer)."""
    w = World(engine)
    day, night = w.agent(team="day"), w.agent(team="night")
    retail, business = w.customer(segment="retail"), w.customer(segment="business")
    for agent, customer, resolved, status, answered in [
        (day, retail, True, "sent", True),  # 1
        (day, business, True, "sent", False),  # 2
        (night, retail, True, "sent", True),  # 3
        (night, business, True, "suppressed", False),  # 4
        (day, retail, True, None, False),  # 5
        (night, retail, False, None, False),  # 6
        (None, business, True, "sent", True),  # 7
    ]:
        c = w.conversation(
            customer_id=customer,
            agent_id=agent,
            opened_at=utc("2024-06-05 10:00"),
            resolved_at=utc("2024-06-05 11:00") if resolved else None,
        )
        if status is not None:
            reason = "throttled" if status == "suppressed" else None
            i = w.invitation(conversation_id=c, status=status, reason=reason)
            if answered:
                w.response(conversation_id=c, csat=4, invitation_id=i)


CUTS = {
    "all": (JUNE, [6, 5, 4, 3]),  # resolved 1-5,7; invited 1-4,7; sent 1-3,7; answered 1,3,7
    "day": (replace(JUNE, teams=("day",)), [3, 2, 2, 1]),  # 1, 2, 5
    "night": (replace(JUNE, teams=("night",)), [2, 2, 1, 1]),  # 3, 4, (6 unresolved)
    "business": (replace(JUNE, segments=("business",)), [3, 3, 2, 1]),  # 2, 4, 7
    "day retail": (replace(JUNE, teams=("day",), segments=("retail",)), [2, 1, 1, 1]),  # 1, 5
    "email": (replace(JUNE, channels=("email",)), [0, 0, 0, 0]),
}


@pytest.mark.usefixtures("teams_and_segments")
@pytest.mark.parametrize("cut", CUTS)
def test_the_funnel_honours_the_team_and_segment_filters(engine: Engine, cut: str) -> None:
    filters, expected = CUTS[cut]
    funnel = surveys.funnel(surveys.survey_counts(engine, filters))
    assert funnel["stage"].to_list() == ["resolved", "invited", "sent", "answered"]
    assert funnel["count"].to_list() == expected


@pytest.mark.usefixtures("teams_and_segments")
def test_outcomes_and_rates_honour_the_team_and_segment_filters(engine: Engine) -> None:
    night = CUTS["night"][0]
    assert set(surveys.outcomes(surveys.survey_counts(engine, night)).iter_rows()) == {
        ("sent", None, 1),
        ("suppressed", "throttled", 1),
    }
    business = surveys.response_counts(surveys.survey_counts(engine, CUTS["business"][0]))
    assert surveys.rates_by(business, "channel").rows() == [("chat", 2, 1, 50.0)]


@pytest.mark.usefixtures("teams_and_segments")
@pytest.mark.parametrize("cut", CUTS)
def test_the_funnel_agrees_with_outcomes_and_response_counts(engine: Engine, cut: str) -> None:
    """invited, sent and answered are the sums of the page's other two reads."""
    filters = CUTS[cut][0]
    stages = dict(surveys.funnel(surveys.survey_counts(engine, filters)).iter_rows())
    outcomes = surveys.outcomes(surveys.survey_counts(engine, filters))
    counts = surveys.response_counts(surveys.survey_counts(engine, filters))
    assert stages["invited"] == outcomes["count"].sum()
    assert stages["sent"] == outcomes.filter(status="sent")["count"].sum() == counts["sent"].sum()
    assert stages["answered"] == counts["answered"].sum()
