"""An OIDC login lasts VIGIL_SESSION_TTL from its ID token's issue time, not the 30 days of
Streamlit's identity cookie; and who the claims name."""

from __future__ import annotations

from datetime import timedelta

from dashboard.oidc import name_of, too_old

TTL = timedelta(hours=12)
NOW = 1_800_000_000.0


def test_a_login_older_than_the_session_ttl_is_too_old() -> None:
    assert not too_old({"iat": int(NOW) - 3600}, TTL, NOW)
    assert too_old({"iat": int(NOW) - 13 * 3600}, TTL, NOW)
    assert too_old({}, TTL, NOW) and too_old({"iat": "yesterday"}, TTL, NOW)
    assert too_old({"iat": True}, TTL, NOW)


def test_the_name_is_the_email_else_the_username_else_the_subject() -> None:
    assert name_of({"email": "ada@example.com", "sub": "1"}) == "ada@example.com"
    assert name_of({"preferred_username": "ada", "sub": "1"}) == "ada"
    assert name_of({"sub": "1"}) == "1" and name_of({}) == ""
