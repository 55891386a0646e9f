"""The survey outbox's row claims: claim due rows, settle a claim, release expired leases.

PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint batches.
SQLite: the select and the mark run in one BEGIN IMMEDIATE transaction, which serialises them.
Every settle is guarded by `status = 'sending' AND claimed_by = worker`, so a worker whose
lease was released and taken over cannot overwrite the new owner's result.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.mail import Recipient
from queries.plumbing.db import is_postgres, reading, writing
from queries.plumbing.schema import conversations, customers, survey_invitations

LEASE = timedelta(minutes=10)
inv = survey_invitations


def claim(engine: Engine, worker_id: str, now: datetime, batch: int) -> list[int]:
    """Mark up to `batch` due pending invitations as 'sending' by this worker; return their ids."""
    due = (
        sa.select(inv.c.id)
        .where(inv.c.status == "pending", inv.c.due_at <= now)
        .order_by(inv.c.due_at, inv.c.id)
        .limit(batch)
    )
    if is_postgres(engine):
        due = due.with_for_update(skip_locked=True)
    with writing(engine) as conn:
        ids = [int(i) for i in conn.execute(due).scalars()]
        if ids:
            conn.execute(
                sa.update(inv)
                .where(inv.c.id.in_(ids), inv.c.status == "pending")
                .values(status="sending", claimed_by=worker_id, claimed_at=now)
            )
    return ids


def claimed_rows(engine: Engine, ids: list[int]) -> list[Any]:
    """What sending needs to know about each claimed invitation, in claim order."""
    stmt = (
        sa.select(
            inv.c.id,
            inv.c.attempts,
            inv.c.locale,
            customers.c.email,
            customers.c.name,
            customers.c.time_zone,
            customers.c.survey_opt_out,
            conversations.c.opened_at,
            conversations.c.resolved_at,
            conversations.c.reopened_count,
            conversations.c.channel,
        )
        .select_from(inv.join(conversations).join(customers, customers.c.id == inv.c.customer_id))
        .where(inv.c.id.in_(ids))
    )
    with reading(engine) as conn:
        rows = {row.id: row for row in conn.execute(stmt)}
    return [rows[i] for i in ids if i in rows]


def recipient(row: Any) -> Recipient:
    return Recipient(
        row.id, row.email, row.name, row.locale, row.time_zone, row.opened_at, row.channel
    )


def settle(engine: Engine, invitation_id: int, worker_id: str, **values: Any) -> bool:
    """Write a claimed invitation's outcome; False when the claim was no longer ours."""
    with writing(engine) as conn:
        changed = conn.execute(
            sa.update(inv)
            .where(
                inv.c.id == invitation_id,
                inv.c.status == "sending",
                inv.c.claimed_by == worker_id,
            )
            .values(**values)
        ).rowcount
    return bool(changed)


def release_stale(engine: Engine, now: datetime, lease: timedelta = LEASE) -> int:
    """Give 'sending' rows whose worker has held them longer than the lease back to the queue."""
    with writing(engine) as conn:
        return int(
            conn.execute(
                sa.update(inv)
                .where(inv.c.status == "sending", inv.c.claimed_at < now - lease)
                .values(status="pending", claimed_by=None, claimed_at=None)
            ).rowcount
        )


def expire(engine: Engine, now: datetime) -> int:
    """Cancel pending invitations that were not sent before their expiry (reason 'expired')."""
    with writing(engine) as conn:
        return int(
            conn.execute(
                sa.update(inv)
                .where(inv.c.status == "pending", inv.c.expires_at < now)
                .values(status="cancelled", reason="expired")
            ).rowcount
        )
