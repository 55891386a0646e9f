"""Accounts in the database (`app_users`): argon2id password hashes, roles and team scope."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from queries.access.viewer import ROLES, Role
from queries.plumbing.db import reading, writing
from queries.plumbing.errors import BadInput
from queries.plumbing.schema import app_users, auth_sessions

MIN_PASSWORD = 12
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))  # verified for unknown names: same cost


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    role: Role
    teams: tuple[str, ...]
    has_password: bool
    disabled_at: datetime | None


def teams_of(stored: str | None) -> tuple[str, ...]:
    """`app_users.teams` (a JSON list) as the scope tuple; empty is every team."""
    return tuple(json.loads(stored or "[]"))


def _account(row: sa.Row[tuple[object, ...]]) -> Account:
    m = row._mapping
    return Account(
        m["id"],
        m["name"],
        m["role"],
        teams_of(m["teams"]),
        m["password_hash"] is not None,
        m["disabled_at"],
    )


def checked_role(role: str) -> Role:
    if role not in ROLES:
        raise BadInput(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def generated_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters, 120 bits


def add(
    engine: Engine,
    name: str,
    role: str,
    now: datetime,
    password: str | None = None,
    teams: tuple[str, ...] = (),
) -> Account:
    name = name.strip()
    if not name or len(name) > 320 or any(ord(c) < 32 for c in name):
        raise BadInput("an account name needs 1 to 320 printable characters")
    values = {
        "name": name,
        "role": checked_role(role),
        "teams": json.dumps(sorted(set(teams))),
        "password_hash": None if password is None else _hasher.hash(checked_password(password)),
        "created_at": now,
    }
    with writing(engine) as conn:
        if _find(conn, name) is not None:
            raise BadInput(f"an account named {name!r} already exists")
        conn.execute(app_users.insert().values(values))
        found = _find(conn, name)
    assert found is not None
    return found


def _find(conn: Connection, name: str) -> Account | None:
    row = conn.execute(sa.select(app_users).where(app_users.c.name == name)).first()
    return None if row is None else _account(row)


def find(engine: Engine, name: str) -> Account | None:
    with reading(engine) as conn:
        return _find(conn, name)


def accounts(engine: Engine) -> list[Account]:
    with reading(engine) as conn:
        rows = conn.execute(sa.select(app_users).order_by(app_users.c.name)).all()
    return [_account(row) for row in rows]


def check_password(engine: Engine, name: str, password: str) -> Account | None:
    """The enabled account whose password this is, else None (same work either way)."""
    with reading(engine) as conn:
        row = conn.execute(sa.select(app_users).where(app_users.c.name == name)).first()
    stored = None if row is None else row._mapping["password_hash"]
    try:
        _hasher.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or stored is None or row._mapping["disabled_at"] is not None:
        return None
    if _hasher.check_needs_rehash(stored):
        with writing(engine) as conn:
            new_hash = _hasher.hash(password)
            conn.execute(
                app_users.update().where(app_users.c.name == name).values(password_hash=new_hash)
            )
    return _account(row)


def _existing(conn: Connection, name: str) -> Account:
    found = _find(conn, name)
    if found is None:
        raise BadInput(f"no account named {name!r}")
    return found


def reset_password(engine: Engine, name: str, password: str, now: datetime) -> None:
    """A new password; every open session of the account ends."""
    hashed = _hasher.hash(checked_password(password))
    with writing(engine) as conn:
        account = _existing(conn, name)
        conn.execute(
            app_users.update().where(app_users.c.id == account.id).values(password_hash=hashed)
        )
        _end_sessions(conn, account.id, now)


def set_enabled(engine: Engine, name: str, enabled: bool, now: datetime) -> None:
    """Disable (every session ends at once) or enable an account."""
    with writing(engine) as conn:
        account = _existing(conn, name)
        stamp = None if enabled else now
        conn.execute(
            app_users.update().where(app_users.c.id == account.id).values(disabled_at=stamp)
        )
        if not enabled:
            _end_sessions(conn, account.id, now)


def _end_sessions(conn: Connection, user_id: int, now: datetime) -> None:
    open_ = sa.and_(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None))
    conn.execute(auth_sessions.update().where(open_).values(revoked_at=now))
