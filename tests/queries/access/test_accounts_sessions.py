"""Accounts, sessions and the audit log on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.access import accounts, audit, sessions
from queries.plumbing.errors import BadInput
from queries.plumbing.filters import Filters
from queries.plumbing.schema import app_users, auth_sessions

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
PASSWORD = "correct horse battery"


def test_password_is_stored_only_as_an_argon2id_hash(engine: Engine) -> None:
    accounts.add(engine, "ann@example.com", "supervisor", NOW, PASSWORD, ("Night Desk",))
    with engine.connect() as conn:
        stored = conn.execute(sa.select(app_users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.check_password(engine, "ann@example.com", PASSWORD) is not None
    assert accounts.check_password(engine, "ann@example.com", "wrong password!") is None
    assert accounts.check_password(engine, "nobody", PASSWORD) is None
    with pytest.raises(BadInput, match="already exists"):
        accounts.add(engine, "ann@example.com", "viewer", NOW, PASSWORD)
    with pytest.raises(BadInput, match="at least 12"):
        accounts.add(engine, "bob", "viewer", NOW, "short")
    with pytest.raises(BadInput, match="unknown role"):
        accounts.add(engine, "bob", "owner", NOW, PASSWORD)


def test_a_session_holds_role_and_scope_and_ends_at_once(engine: Engine) -> None:
    ann = accounts.add(engine, "ann", "supervisor", NOW, PASSWORD, ("Night Desk",))
    token = sessions.open_session(engine, ann, NOW, timedelta(hours=12), "127.0.0.1")
    with engine.connect() as conn:
        stored = conn.execute(sa.select(auth_sessions.c.token_hash)).scalar_one()
    assert stored == sessions.token_hash(token) and token not in stored
    viewer = sessions.check(engine, token, NOW + timedelta(hours=1)).viewer
    assert viewer is not None and (viewer.role, viewer.teams) == ("supervisor", ("Night Desk",))
    assert sessions.check(engine, token, NOW + timedelta(hours=12)).problem == "expired"
    assert sessions.check(engine, token + "x", NOW).problem == "unknown"
    assert sessions.check(engine, "x" * 500, NOW).problem == "unknown"
    assert sessions.revoke(engine, token, NOW) == "ann"
    assert sessions.check(engine, token, NOW).problem == "revoked"


def test_disabling_or_a_new_password_ends_every_session(engine: Engine) -> None:
    ann = accounts.add(engine, "ann", "admin", NOW, PASSWORD)
    first = sessions.open_session(engine, ann, NOW, timedelta(hours=1), None)
    accounts.reset_password(engine, "ann", "another long password", NOW)
    assert sessions.check(engine, first, NOW).problem == "revoked"
    second = sessions.open_session(engine, ann, NOW, timedelta(hours=1), None)
    accounts.set_enabled(engine, "ann", False, NOW)
    assert sessions.check(engine, second, NOW).viewer is None
    assert accounts.check_password(engine, "ann", "another long password") is None


def test_failures_are_counted_per_account_and_per_address(engine: Engine) -> None:
    for minute in range(3):
        at = NOW - timedelta(minutes=minute)
        audit.record(engine, audit.SIGN_IN_FAILED, "ann", at, "10.0.0.9")
    audit.record(engine, audit.SIGN_IN_FAILED, "bob", NOW, "10.0.0.9")
    audit.record(engine, audit.SIGN_IN_FAILED, "ann", NOW - timedelta(hours=1), "10.0.0.1")
    assert audit.failures(engine, "ann", "10.0.0.9", NOW - timedelta(minutes=15)) == (3, 4)
    recent = audit.recent(engine)
    assert recent.height == 5 and recent["action"].unique().to_list() == [audit.SIGN_IN_FAILED]


def test_scope_holds_every_team_pick_inside_it() -> None:
    start, end = date(2026, 11, 1), date(2026, 11, 7)
    scoped = Filters(start, end, scope=("Night Desk",))
    assert scoped.teams == ("Night Desk",)
    assert Filters(start, end, teams=("Day Desk",), scope=("Night Desk",)).teams == ("Night Desk",)
    both = Filters(start, end, teams=("A", "B"), scope=("B", "C"))
    assert both.teams == ("B",) and both.previous().teams == ("B",)
    assert Filters(start, end, teams=("A",)).teams == ("A",)
