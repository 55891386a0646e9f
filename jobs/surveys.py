"""Survey follow-up jobs (docs/surveys.md) as plain functions of engine, settings, clock and
sender."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from jobs import outbox
from jobs.mail import render
from jobs.rules import backoff, customer_zone, in_quiet_hours, next_allowed
from jobs.templates import language
from jobs.transport import Sender
from queries.plumbing.db import dialect_insert, is_postgres, writing
from queries.plumbing.errors import PermanentError, ServerRefused, TransientError
from queries.plumbing.schema import (
    agents,
    conversations,
    customers,
    survey_invitations,
    sync_sources,
)
from queries.plumbing.settings import Settings

log = logging.getLogger("vigil.jobs.surveys")
inv = survey_invitations
ENQUEUE_LOCK = 0x56494731  # pg advisory lock key: one enqueue at a time, so throttling holds
ENQUEUE_LIMIT = 20_000
LIVE = ("pending", "sending", "sent")


class SendingPaused(ServerRefused):
    """A send run stopped by the mail server refusing Vigil; its job_runs row says why."""


def enqueue(engine: Engine, settings: Settings, now: datetime) -> Counter[str]:
    """Create the invitation of every newly eligible conversation; counts by status/reason."""
    counts: Counter[str] = Counter()
    with writing(engine) as conn:
        if (
            is_postgres(engine)
            and not conn.execute(
                sa.select(sa.func.pg_try_advisory_xact_lock(ENQUEUE_LOCK))
            ).scalar()
        ):
            return counts  # another worker is enqueueing right now
        counts["cancelled:reopened"] += _cancel_reopened(conn)
        last = _last_invited(conn, now - settings.survey_throttle)
        rows = []
        window = (now - settings.survey_max_age, now - settings.survey_delay)
        for c in conn.execute(_candidates(*window)):
            row = _invitation(c, settings, now, last)
            counts[row["status"] + (f":{row['reason']}" if row["reason"] else "")] += 1
            rows.append(row)
        if rows:
            conn.execute(
                dialect_insert(conn, inv).on_conflict_do_nothing(
                    index_elements=["conversation_id"]
                ),
                rows,
            )
    return +counts


def _cancel_reopened(conn: Connection) -> int:
    reopened = sa.select(conversations.c.id).where(
        sa.or_(conversations.c.reopened_count > 0, conversations.c.resolved_at.is_(None))
    )
    return int(
        conn.execute(
            sa.update(inv)
            .where(inv.c.status == "pending", inv.c.conversation_id.in_(reopened))
            .values(status="cancelled", reason="reopened")
        ).rowcount
    )


def _last_invited(conn: Connection, since: datetime) -> dict[int, datetime]:
    """Each customer's latest survey email (sent or planned) after `since`."""
    when = sa.func.max(sa.func.coalesce(inv.c.sent_at, inv.c.due_at))
    stmt = (
        sa.select(inv.c.customer_id, when.label("last"))
        .where(inv.c.status.in_(LIVE), sa.func.coalesce(inv.c.sent_at, inv.c.due_at) > since)
        .group_by(inv.c.customer_id)
    )
    return {r.customer_id: r.last for r in conn.execute(stmt)}


def _candidates(oldest: datetime, newest: datetime) -> sa.Select[Any]:
    has_invitation = sa.exists().where(inv.c.conversation_id == conversations.c.id)
    return (
        sa.select(
            conversations.c.id,
            conversations.c.customer_id,
            conversations.c.agent_id,
            conversations.c.channel,
            conversations.c.resolved_at,
            conversations.c.reopened_count,
            agents.c.team,
            customers.c.email,
            customers.c.locale,
            customers.c.time_zone,
            customers.c.survey_opt_out,
        )
        .select_from(
            conversations.join(customers, customers.c.id == conversations.c.customer_id).outerjoin(
                agents, agents.c.id == conversations.c.agent_id
            )
        )
        .where(
            conversations.c.resolved_at >= oldest,
            conversations.c.resolved_at <= newest,
            ~has_invitation,
            _vigil_asks(),
        )
        .order_by(conversations.c.resolved_at, conversations.c.id)
        .limit(ENQUEUE_LIMIT)
    )


def _vigil_asks() -> sa.ColumnElement[bool]:
    """Not a conversation of a synced source that sends its own survey (sync_sources), so a
    customer is never asked twice (docs/connectors.md, "Surveys")."""
    own_survey = sa.select(sync_sources.c.name).where(sync_sources.c.vigil_surveys.is_(False))
    source = conversations.c.sync_source
    return sa.or_(source.is_(None), source.not_in(own_survey))


def _blocked(row: Any) -> tuple[str, str] | None:
    """(status, reason) when a conversation must get no survey email, at enqueue and at send.

    One rule for both moments, as facts can change between them: a reopen (counted, or the
    conversation is no longer resolved) cancels, an opt-out or a missing address suppresses.
    At enqueue resolved_at is never None (the candidates are resolved in the window); at send it
    is None when the customer came back after enqueueing. The throttle is an enqueue-only rule:
    at send the invitation itself is the customer's latest, and quiet hours defer rather than
    block, so neither belongs here.
    """
    if row.reopened_count > 0 or row.resolved_at is None:
        return "cancelled", "reopened"
    if row.survey_opt_out:
        return "suppressed", "opted_out"
    if not (row.email or "").strip():
        return "suppressed", "no_email"
    return None


def _throttled(last: datetime | None, now: datetime, throttle: timedelta) -> tuple[str, str] | None:
    """Enqueue only: the customer already has a survey email within `throttle` (0: off)."""
    if throttle > timedelta(0) and last is not None and last > now - throttle:
        return "suppressed", "throttled"
    return None


def _invitation(
    c: Any, settings: Settings, now: datetime, last: dict[int, datetime]
) -> dict[str, Any]:
    zone = customer_zone(c.time_zone, settings.timezone)
    due = next_allowed(c.resolved_at + settings.survey_delay, zone, settings.quiet_window)
    blocked = _blocked(c) or _throttled(last.get(c.customer_id), now, settings.survey_throttle)
    status, reason = blocked or ("pending", None)
    if blocked is None:
        last[c.customer_id] = due
    return {
        "conversation_id": c.id,
        "customer_id": c.customer_id,
        "agent_id": c.agent_id,
        "team": c.team,
        "locale": language(c.locale, settings.locale),
        "channel": c.channel,
        "status": status,
        "reason": reason,
        "due_at": due,
        "attempts": 0,
        "expires_at": due + settings.survey_max_age if status == "pending" else None,
        "created_at": now,
    }


def send(
    engine: Engine,
    settings: Settings,
    now: datetime,
    sender: Sender,
    worker_id: str,
    batch: int = 50,
    stop: Callable[[], bool] = lambda: False,
) -> Counter[str]:
    """Claim due invitations in batches and send them until none is due; counts by outcome.

    Stops early, finishing the message in flight and releasing the rest of the claim, when
    `stop()` turns true (SIGTERM) or `VIGIL_SEND_DEADLINE` passes. A `ServerRefused` pauses
    the whole send: its invitation and the rest are released as they were (no attempt
    charged) and `SendingPaused` is raised, so the run is recorded failed with the reason."""
    counts: Counter[str] = Counter()
    deadline = time.monotonic() + settings.send_deadline.total_seconds()
    paused: ServerRefused | None = None

    def halted() -> bool:
        return paused is not None or stop() or time.monotonic() > deadline

    while not halted() and (ids := outbox.claim(engine, worker_id, now, batch)):
        claimed_at = time.monotonic()
        for row in outbox.claimed_rows(engine, ids):
            if halted() or time.monotonic() - claimed_at > outbox.LEASE.total_seconds() / 2:
                outcome, values = "released", _release()  # never outlive our own lease
            else:
                try:
                    outcome, values = _deliver(row, settings, now, sender)
                except ServerRefused as exc:
                    paused, outcome, values = exc, "released", _release()
            if not outbox.settle(engine, row.id, worker_id, **values):
                outcome = "lost_claim"
            counts[outcome] += 1
    if paused is not None:
        log.warning("sending paused", extra={"error": str(paused), "counts": dict(counts)})
        raise SendingPaused(f"sending paused, invitations stay due: {paused}")
    return +counts


def _release(**values: Any) -> dict[str, Any]:
    return {"status": "pending", "claimed_by": None, "claimed_at": None, **values}


def _deliver(
    row: Any, settings: Settings, now: datetime, sender: Sender
) -> tuple[str, dict[str, Any]]:
    """Decide one claimed invitation: cancel, suppress, defer, send, retry or fail."""
    if blocked := _blocked(row):
        status, reason = blocked
        return status, {"status": status, "reason": reason}
    zone = customer_zone(row.time_zone, settings.timezone)
    if in_quiet_hours(now, zone, settings.quiet_window):
        return "deferred", _release(due_at=next_allowed(now, zone, settings.quiet_window))
    attempts = row.attempts + 1
    try:
        sender.send(render(outbox.recipient(row), settings, now))
    except TransientError as exc:
        if attempts >= settings.survey_max_attempts:
            return "failed", {"status": "failed", "attempts": attempts, "last_error": str(exc)}
        retry_at = next_allowed(now + backoff(attempts), zone, settings.quiet_window)
        return "retry", _release(attempts=attempts, due_at=retry_at, last_error=str(exc))
    except (PermanentError, ValueError) as exc:  # ValueError: an address email cannot carry
        return "failed", {"status": "failed", "attempts": attempts, "last_error": str(exc)}
    return "sent", {
        "status": "sent",
        "attempts": attempts,
        "sent_at": now,
        "expires_at": now + settings.survey_link_ttl,
        "last_error": None,
    }


def housekeeping(engine: Engine, now: datetime) -> Counter[str]:
    """Release claims whose lease ran out and cancel invitations too old to send."""
    released = outbox.release_stale(engine, now)
    return +Counter({"released": released, "expired": outbox.expire(engine, now)})
