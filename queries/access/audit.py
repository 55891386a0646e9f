"""The audit log (`audit_events`): sign-in, sign-out, failed and refused sign-ins, revokes and
every download, with who, when, from where and what filters. Never a password, token or
cookie value."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import read_frame, reading, writing
from queries.plumbing.schema import audit_events

SIGN_IN, SIGN_OUT, SIGN_IN_FAILED = "sign-in", "sign-out", "sign-in-failed"
SIGN_IN_THROTTLED, SESSION_REFUSED, PROXY_REFUSED = (
    "sign-in-throttled",
    "session-refused",
    "proxy-refused",
)
DOWNLOAD, REVOKE, ACCOUNT = "download", "revoke", "account"


def record(
    engine: Engine,
    action: str,
    actor: str | None,
    now: datetime,
    address: str | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    row = {
        "at": now,
        "actor": None if actor is None else actor[:320],
        "action": action,
        "detail": json.dumps(dict(detail or {}), ensure_ascii=False, default=str),
        "client_address": address,
    }
    with writing(engine) as conn:
        conn.execute(audit_events.insert().values(row))


def record_once(
    engine: Engine,
    action: str,
    actor: str,
    now: datetime,
    address: str | None,
    detail: Mapping[str, object],
) -> bool:
    """Record the event unless the same action, actor and detail are already there (an OIDC
    sign-in seen again by a new tab or rerun); True when it was recorded."""
    text = json.dumps(dict(detail), ensure_ascii=False, default=str)
    same = sa.and_(
        audit_events.c.action == action,
        audit_events.c.actor == actor[:320],
        audit_events.c.detail == text,
    )
    with reading(engine) as conn:
        if conn.execute(sa.select(audit_events.c.id).where(same).limit(1)).first() is not None:
            return False
    record(engine, action, actor, now, address, detail)
    return True


def failures(engine: Engine, actor: str, address: str | None, since: datetime) -> tuple[int, int]:
    """Failed sign-ins since `since`: for this account name, and from this address."""
    failed = sa.and_(audit_events.c.action == SIGN_IN_FAILED, audit_events.c.at >= since)
    count = sa.func.count()
    with reading(engine) as conn:
        by_actor = conn.execute(
            sa.select(count).where(failed, audit_events.c.actor == actor)
        ).scalar_one()
        by_address = conn.execute(
            sa.select(count).where(failed, audit_events.c.client_address == address)
        ).scalar_one()
    return int(by_actor), int(by_address)


def recent(engine: Engine, limit: int = 500) -> pl.DataFrame:
    """The newest `limit` events, newest first."""
    query = (
        sa.select(
            audit_events.c.at,
            audit_events.c.actor,
            audit_events.c.action,
            audit_events.c.detail,
            audit_events.c.client_address,
        )
        .order_by(audit_events.c.at.desc(), audit_events.c.id.desc())
        .limit(limit)
    )
    return read_frame(engine, query)
