"""When a day's answers are in (`queries.metrics.arrival`), by hand, on both backends.

Ten link answers arrive 1, 2, …, 10 days after their conversation opened: 90 % (nearest rank,
the 9th of 10) arrive within 9 days. An imported answer (30 days late) and one given after
as-of are not counted. Read at 2024-06-20 00:00Z, days from the local date of 06-11 00:00Z
on are provisional: 06-11 in Taipei (08:00), 06-10 in Los Angeles (17:00 PDT)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine

from queries.metrics.arrival import answer_lag, provisional_from
from tests.builders import World, utc

AS_OF = utc("2024-06-20 00:00")


def test_the_lag_within_which_nine_answers_in_ten_arrive(engine: Engine) -> None:
    world = World(engine)
    customer = world.customer()
    for days in range(1, 11):
        opened = utc(f"2024-05-{days:02d} 10:00")
        chat = world.conversation(customer_id=customer, opened_at=opened)
        world.response(
            conversation_id=chat, csat=4, responded_at=opened + timedelta(days=days), source="link"
        )
    old = world.conversation(customer_id=customer, opened_at=utc("2024-04-01 10:00"))
    world.response(conversation_id=old, csat=1, responded_at=utc("2024-05-01 10:00"))
    late = world.conversation(customer_id=customer, opened_at=utc("2024-06-01 10:00"))
    world.response(
        conversation_id=late, csat=1, responded_at=utc("2024-06-30 10:00"), source="link"
    )
    lag = answer_lag(engine, AS_OF)
    assert lag == timedelta(days=9)
    assert provisional_from(lag, AS_OF, "Asia/Taipei") == date(2024, 6, 11)
    assert provisional_from(lag, AS_OF, "America/Los_Angeles") == date(2024, 6, 10)
    assert provisional_from(lag, AS_OF, "Asia/Kolkata") == date(2024, 6, 11)  # 05:30


def test_without_link_answers_no_day_is_marked(engine: Engine) -> None:
    assert answer_lag(engine, AS_OF) is None
    assert provisional_from(None, AS_OF, "Asia/Taipei") is None
