"""Each enqueue rule (docs/surveys.md) on hand-built conversations, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.surveys import enqueue
from queries.plumbing.schema import conversations, survey_invitations
from tests.builders import World, at, utc
from tests.jobs.conftest import make_settings, resolved_conversation

NOW = utc("2024-06-05 06:00")  # 14:00 in Taipei, 07:00 in London, 02:00 in New York


def invitations(engine: Engine) -> dict[int, Any]:
    with engine.connect() as conn:
        return {r.conversation_id: r for r in conn.execute(sa.select(survey_invitations))}


def test_window_delay_and_max_age(engine: Engine) -> None:
    world = World(engine)
    ana = world.customer(time_zone="Asia/Taipei")
    too_fresh = resolved_conversation(world, ana, NOW - timedelta(hours=1))
    eligible = resolved_conversation(world, ana, NOW - timedelta(hours=3))
    too_old = resolved_conversation(world, ana, NOW - timedelta(days=8))
    still_open = world.conversation(customer_id=ana, opened_at=NOW - timedelta(days=1))
    counts = enqueue(engine, make_settings(survey_throttle=timedelta(0)), NOW)
    rows = invitations(engine)
    assert set(rows) == {eligible}
    assert counts == {"pending": 1}
    assert {too_fresh, too_old, still_open}.isdisjoint(rows)
    row = rows[eligible]
    assert row.status == "pending" and row.attempts == 0 and row.locale == "en"
    assert row.due_at == NOW - timedelta(hours=1)  # resolved + 2 h, 13:00 Taipei: not quiet
    assert enqueue(engine, make_settings(), NOW) == {}  # idempotent: no second invitation


def test_suppressions_record_their_reason(engine: Engine) -> None:
    world = World(engine)
    out = world.customer(survey_opt_out=True)
    nomail = world.customer(email=None)
    blank = world.customer(email="  ")
    busy = world.customer()
    resolved = NOW - timedelta(hours=3)
    a = resolved_conversation(world, out, resolved)
    b = resolved_conversation(world, nomail, resolved)
    c = resolved_conversation(world, blank, resolved)
    first = resolved_conversation(world, busy, resolved - timedelta(minutes=5))
    second = resolved_conversation(world, busy, resolved)
    enqueue(engine, make_settings(), NOW)
    rows = invitations(engine)
    assert (rows[a].status, rows[a].reason) == ("suppressed", "opted_out")
    assert (rows[b].status, rows[b].reason) == ("suppressed", "no_email")
    assert (rows[c].status, rows[c].reason) == ("suppressed", "no_email")
    assert (rows[first].status, rows[first].reason) == ("pending", None)
    assert (rows[second].status, rows[second].reason) == ("suppressed", "throttled")


def test_throttle_counts_earlier_invitations_and_zero_turns_it_off(engine: Engine) -> None:
    world = World(engine)
    ana, bob = world.customer(), world.customer()
    old = resolved_conversation(world, ana, NOW - timedelta(days=6))
    world.invitation(conversation_id=old, status="sent", sent_at=NOW - timedelta(days=6))
    ancient = resolved_conversation(world, bob, NOW - timedelta(days=6))
    world.invitation(conversation_id=ancient, status="sent", sent_at=NOW - timedelta(days=8))
    new_ana = resolved_conversation(world, ana, NOW - timedelta(hours=3))
    new_bob = resolved_conversation(world, bob, NOW - timedelta(hours=3))
    enqueue(engine, make_settings(), NOW)
    rows = invitations(engine)
    assert rows[new_ana].reason == "throttled"
    assert rows[new_bob].status == "pending"  # the earlier email is older than 7 days

    carl = world.customer()
    done = resolved_conversation(world, carl, NOW - timedelta(days=1))
    world.invitation(conversation_id=done, status="sent", sent_at=NOW - timedelta(hours=20))
    again = resolved_conversation(world, carl, NOW - timedelta(hours=3))
    enqueue(engine, make_settings(survey_throttle=timedelta(0)), NOW)
    assert invitations(engine)[again].status == "pending"


def test_reopen_cancels(engine: Engine) -> None:
    world = World(engine)
    ana = world.customer()
    reopened = resolved_conversation(world, ana, NOW - timedelta(hours=3), reopened_count=1)
    later = resolved_conversation(world, world.customer(), NOW - timedelta(hours=4))
    enqueue(engine, make_settings(), NOW)
    rows = invitations(engine)
    assert (rows[reopened].status, rows[reopened].reason) == ("cancelled", "reopened")
    assert rows[later].status == "pending"
    # the customer comes back before the survey went out: reopened, not resolved any more
    with engine.begin() as conn:
        conn.execute(
            sa.update(conversations)
            .where(conversations.c.id == later)
            .values(resolved_at=None, reopened_count=1)
        )
    assert enqueue(engine, make_settings(), NOW) == {"cancelled:reopened": 1}
    assert (invitations(engine)[later].status, invitations(engine)[later].reason) == (
        "cancelled",
        "reopened",
    )


def test_due_at_moves_out_of_local_quiet_hours(engine: Engine) -> None:
    world = World(engine)
    ny = world.customer(time_zone="America/New_York", locale="zh-TW")
    nozone = world.customer(time_zone=None, locale="fr")  # type: ignore[arg-type]
    # resolved 19:30 New York -> +2 h = 21:30, quiet -> 09:00 next morning New York
    late = resolved_conversation(world, ny, at("2024-06-04 19:30", "America/New_York"))
    # no zone: the default (Asia/Taipei); resolved 20:00 Taipei -> 22:00 quiet -> 09:00
    taipei = resolved_conversation(world, nozone, at("2024-06-04 20:00", "Asia/Taipei"))
    enqueue(engine, make_settings(), utc("2024-06-05 03:00"))
    rows = invitations(engine)
    assert rows[late].due_at == at("2024-06-05 09:00", "America/New_York")
    assert rows[taipei].due_at == at("2024-06-05 09:00", "Asia/Taipei")
    assert rows[late].locale == "zh-TW" and rows[taipei].locale == "zh-TW"  # fr: the default
    assert rows[late].expires_at == rows[late].due_at + timedelta(days=7)
