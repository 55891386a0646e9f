"""Builders for hand-made test rows: keyword arguments, sensible defaults, aware datetimes.

    world = World(engine)
    ana = world.customer(time_zone="America/New_York", segment="vip")
    day = world.agent(team="day")
    chat = world.conversation(customer_id=ana, agent_id=day, opened_at=at("2024-03-09 00:30",
                              "America/New_York"), resolved_at=utc("2024-03-09 06:30"))
    invite = world.invitation(conversation_id=chat)            # status "sent"
    world.response(conversation_id=chat, csat=5, nps=10, invitation_id=invite)  # via the link

Every method inserts one row in its own transaction and returns its id. External ids
are generated (c-1, a-2, x-3, …) unless given.
Import with `from tests.builders import World, at, utc`.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import Table
from sqlalchemy.engine import Engine

from queries.plumbing.schema import (
    agents,
    conversations,
    customer_activity,
    customers,
    shifts,
    survey_invitations,
    survey_responses,
)

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def at(local: str, tz: str) -> datetime:
    """The instant of a wall-clock 'YYYY-MM-DD HH:MM[:SS]' in the IANA zone `tz`, in UTC.

    Returned in UTC because Python adds a timedelta to a ZoneInfo datetime in wall-clock
    time: at("2024-03-09 01:30", "America/New_York") + 7 days would otherwise be 1 h short.
    """
    value = datetime.fromisoformat(local)
    if value.tzinfo is not None:
        raise ValueError(f"give a wall-clock time without an offset, got {local!r}")
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def utc(text: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DD HH:MM[:SS]'."""
    return at(text, "UTC")


class World:
    """Inserts rows into a migrated database; each method returns the new row's id."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._serial = itertools.count(1)

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            key = conn.execute(sa.insert(table).values(values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def _external_id(self, prefix: str, given: str | None) -> str:
        return given if given is not None else f"{prefix}-{next(self._serial)}"

    def _conversation(self, conversation_id: int) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(
                    conversations.c.customer_id,
                    conversations.c.agent_id,
                    conversations.c.channel,
                    conversations.c.opened_at,
                    agents.c.team,
                )
                .select_from(conversations.outerjoin(agents))
                .where(conversations.c.id == conversation_id)
            ).one()

    def customer(
        self,
        *,
        external_id: str | None = None,
        name: str = "Test Customer",
        email: str | None = "customer@example.test",
        phone: str | None = None,
        locale: str = "en",
        time_zone: str = "Asia/Taipei",
        country: str = "TW",
        segment: str | None = "retail",
        survey_opt_out: bool = False,
        created_at: datetime = EPOCH,
    ) -> int:
        return self._insert(
            customers,
            {
                "external_id": self._external_id("c", external_id),
                "name": name,
                "email": email,
                "phone": phone,
                "locale": locale,
                "time_zone": time_zone,
                "country": country,
                "segment": segment,
                "survey_opt_out": survey_opt_out,
                "created_at": created_at,
            },
        )

    def agent(
        self,
        *,
        external_id: str | None = None,
        name: str = "Test Agent",
        email: str | None = "agent@example.test",
        team: str | None = "day",
        site: str | None = "taipei",
        time_zone: str = "Asia/Taipei",
        active: bool = True,
    ) -> int:
        return self._insert(
            agents,
            {
                "external_id": self._external_id("a", external_id),
                "name": name,
                "email": email,
                "team": team,
                "site": site,
                "time_zone": time_zone,
                "active": active,
            },
        )

    def shift(self, *, agent_id: int, starts_at: datetime, ends_at: datetime) -> int:
        return self._insert(
            shifts, {"agent_id": agent_id, "starts_at": starts_at, "ends_at": ends_at}
        )

    def conversation(
        self,
        *,
        customer_id: int,
        opened_at: datetime,
        agent_id: int | None = None,
        channel: str = "chat",
        category: str | None = "billing",
        first_response_at: datetime | None = None,
        resolved_at: datetime | None = None,
        agent_replies: int = 1,
        reopened_count: int = 0,
        handle_seconds: int | None = None,
        external_id: str | None = None,
    ) -> int:
        """One conversation; open (resolved_at None) and unanswered unless told otherwise."""
        return self._insert(
            conversations,
            {
                "external_id": self._external_id("x", external_id),
                "customer_id": customer_id,
                "agent_id": agent_id,
                "channel": channel,
                "category": category,
                "opened_at": opened_at,
                "first_response_at": first_response_at,
                "resolved_at": resolved_at,
                "agent_replies": agent_replies,
                "reopened_count": reopened_count,
                "handle_seconds": handle_seconds,
            },
        )

    def invitation(
        self,
        *,
        conversation_id: int,
        status: str = "sent",
        due_at: datetime | None = None,
        sent_at: datetime | None = None,
        reason: str | None = None,
        locale: str = "en",
    ) -> int:
        """The conversation's survey invitation; due 2 h after opening, sent then if "sent"."""
        row = self._conversation(conversation_id)
        due = due_at if due_at is not None else row.opened_at + timedelta(hours=2)
        return self._insert(
            survey_invitations,
            {
                "conversation_id": conversation_id,
                "customer_id": row.customer_id,
                "agent_id": row.agent_id,
                "team": row.team,
                "locale": locale,
                "channel": row.channel,
                "status": status,
                "reason": reason,
                "due_at": due,
                "sent_at": sent_at if sent_at is not None or status != "sent" else due,
                "created_at": row.opened_at,
            },
        )

    def response(
        self,
        *,
        conversation_id: int,
        csat: int | None = None,
        nps: int | None = None,
        resolved: bool | None = None,
        comment: str | None = None,
        responded_at: datetime | None = None,
        invitation_id: int | None = None,
        source: str | None = None,
    ) -> int:
        """A survey answer, by default a day after opening; source is "link" when it answers
        an invitation, else "import"."""
        if responded_at is None:
            responded_at = self._conversation(conversation_id).opened_at + timedelta(days=1)
        return self._insert(
            survey_responses,
            {
                "conversation_id": conversation_id,
                "invitation_id": invitation_id,
                "csat": csat,
                "nps": nps,
                "resolved": resolved,
                "comment": comment,
                "responded_at": responded_at,
                "source": source or ("link" if invitation_id is not None else "import"),
            },
        )

    def activity(
        self,
        *,
        customer_id: int,
        occurred_at: datetime,
        kind: str = "order",
        amount: float | None = None,
    ) -> int:
        return self._insert(
            customer_activity,
            {
                "customer_id": customer_id,
                "occurred_at": occurred_at,
                "kind": kind,
                "amount": amount,
            },
        )
