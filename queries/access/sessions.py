"""Server-side sessions (`auth_sessions`): the browser holds a random token in an HttpOnly
cookie; the database holds only its SHA-256, an expiry and, once ended, `revoked_at`."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.access.accounts import Account, teams_of
from queries.access.viewer import Viewer
from queries.plumbing.db import reading, writing
from queries.plumbing.schema import app_users, auth_sessions

COOKIE = "vigil_session"
MAX_TOKEN = 128  # a longer cookie value is refused before any lookup


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    engine: Engine, account: Account, now: datetime, ttl: timedelta, address: str | None
) -> str:
    """A new session for `account`; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    with writing(engine) as conn:
        conn.execute(
            auth_sessions.insert().values(
                user_id=account.id,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + ttl,
                client_address=address,
            )
        )
    return token


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """A session cookie's verdict: the viewer, or why not ("unknown", "expired", "revoked",
    "disabled")."""

    viewer: Viewer | None
    problem: str | None = None


def check(engine: Engine, token: str | None, now: datetime) -> SessionCheck:
    if not token:
        return SessionCheck(None, "missing")
    if len(token) > MAX_TOKEN:
        return SessionCheck(None, "unknown")
    query = (
        sa.select(auth_sessions, *app_users.c["name", "role", "teams", "disabled_at"])
        .join(app_users, app_users.c.id == auth_sessions.c.user_id)
        .where(auth_sessions.c.token_hash == token_hash(token))
    )
    with reading(engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        return SessionCheck(None, "unknown")
    m = row._mapping
    if m["revoked_at"] is not None:
        return SessionCheck(None, "revoked")
    if m["disabled_at"] is not None:
        return SessionCheck(None, "disabled")
    if m["expires_at"] <= now:
        return SessionCheck(None, "expired")
    return SessionCheck(Viewer(m["name"], m["role"], teams_of(m["teams"]), "local", m["id"]))


def revoke(engine: Engine, token: str, now: datetime) -> str | None:
    """End the session of this token; returns its account's name (None if unknown)."""
    with writing(engine) as conn:
        row = conn.execute(
            sa.select(auth_sessions.c.id, app_users.c.name)
            .join(app_users, app_users.c.id == auth_sessions.c.user_id)
            .where(auth_sessions.c.token_hash == token_hash(token))
        ).first()
        if row is None:
            return None
        conn.execute(_end(auth_sessions.c.id == row.id, now))
    return str(row.name)


def revoke_id(engine: Engine, session_id: int, now: datetime) -> None:
    with writing(engine) as conn:
        conn.execute(_end(auth_sessions.c.id == session_id, now))


def _end(where: sa.ColumnElement[bool], now: datetime) -> sa.Update:
    return (
        auth_sessions.update()
        .where(where, auth_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def open_sessions(engine: Engine, now: datetime) -> list[dict[str, object]]:
    """Sessions not ended nor expired, newest first, for the admins' page."""
    query = (
        sa.select(
            auth_sessions.c.id,
            app_users.c.name,
            app_users.c.role,
            auth_sessions.c.created_at,
            auth_sessions.c.expires_at,
            auth_sessions.c.client_address,
        )
        .join(app_users, app_users.c.id == auth_sessions.c.user_id)
        .where(auth_sessions.c.revoked_at.is_(None), auth_sessions.c.expires_at > now)
        .order_by(auth_sessions.c.created_at.desc())
    )
    with reading(engine) as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
