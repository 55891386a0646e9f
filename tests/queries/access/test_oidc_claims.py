"""OIDC claims to roles and teams, and a sign-in audited once however often it is seen."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.access import audit
from queries.access.viewer import claim_values, role_for
from queries.plumbing.schema import audit_events

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ROLE_MAP = {"vigil-admins": "admin", "support-leads": "supervisor", "staff": "viewer"}


def test_a_claim_is_a_list_or_a_comma_separated_string() -> None:
    assert claim_values(["support-leads", " staff ", ""]) == ("support-leads", "staff")
    assert claim_values("Night Desk, Tokyo") == ("Night Desk", "Tokyo")
    assert claim_values(None) == () and claim_values({"a": 1}) == ()
    assert role_for(claim_values(["staff", "support-leads"]), ROLE_MAP) == "supervisor"
    assert role_for(claim_values("/vigil-admins"), ROLE_MAP) is None  # exact values only


def test_a_sign_in_seen_again_is_recorded_once(engine: Engine) -> None:
    detail = {"mode": "oidc", "login": "abc"}
    first = audit.record_once(engine, audit.SIGN_IN, "ada@example.com", NOW, "127.0.0.1", detail)
    again = audit.record_once(engine, audit.SIGN_IN, "ada@example.com", NOW, "127.0.0.1", detail)
    other = {"mode": "oidc", "login": "def"}
    later = audit.record_once(engine, audit.SIGN_IN, "ada@example.com", NOW, None, other)
    assert (first, again, later) == (True, False, True)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(audit_events)).scalar_one()
    assert count == 2
