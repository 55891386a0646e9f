"""VIGIL_AUTH=oidc in the script (docs/deploying.md, "Signing people in"): Streamlit's own
`st.login` / `st.user` / `st.logout`. The ID token's claims become the same `Viewer` the other
modes give: an account row with that name decides role and teams (and a disabled one is
refused), else VIGIL_ROLE_MAP maps the VIGIL_OIDC_ROLE_CLAIM values, and VIGIL_OIDC_TEAM_CLAIM
gives the team scope. No mapped value: no role, refused. Sign-in, a refusal and sign-out are
audited with mode "oidc", a sign-in once per login however many tabs and reruns see it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from datetime import timedelta

import streamlit as st

from dashboard import data
from queries.access import accounts, audit
from queries.access.viewer import Viewer, claim_values, role_for
from queries.plumbing.settings import Settings

SEEN_KEY = "vigil_oidc_login"  # this session's audited login, so reruns skip the database


def claims() -> dict[str, object]:
    """The signed-in person's ID-token claims, or {} without a sign-in."""
    if not st.user.is_logged_in:
        return {}
    return dict(st.user.to_dict())


def name_of(found: Mapping[str, object]) -> str:
    for claim in ("email", "preferred_username", "sub"):
        if value := str(found.get(claim) or "").strip():
            return value[:320]
    return ""


def too_old(found: Mapping[str, object], ttl: timedelta, now: float) -> bool:
    """A login whose ID token was issued (`iat`, the provider's wall clock) more than
    VIGIL_SESSION_TTL ago: Streamlit's identity cookie itself lasts 30 days."""
    issued = found.get("iat")
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        return True  # no issue time: it cannot be bounded, so it is not trusted
    return now - float(issued) > ttl.total_seconds()


def viewer_for(found: Mapping[str, object], settings: Settings) -> tuple[Viewer | None, str]:
    """The viewer these claims give, or None and why not."""
    name = name_of(found)
    if not name:
        return None, "no email, preferred_username or sub claim"
    if too_old(found, settings.session_ttl, time.time()):
        return None, "login older than VIGIL_SESSION_TTL"
    account = accounts.find(data.primary(), name)
    if account is not None:
        if account.disabled_at is not None:
            return None, "account disabled"
        return Viewer(account.name, account.role, account.teams, "oidc"), ""
    values = claim_values(found.get(settings.oidc_role_claim))
    role = role_for(values, settings.role_map)
    if role is None:
        return None, f"no VIGIL_ROLE_MAP entry for claim {settings.oidc_role_claim!r}"
    team_claim = settings.oidc_team_claim
    teams = claim_values(found.get(team_claim)) if team_claim else ()
    return Viewer(name, role, teams, "oidc"), ""


def _login_id(found: Mapping[str, object]) -> str:
    """One login's fingerprint: subject, issue time and nonce of its ID token."""
    raw = "|".join(str(found.get(k, "")) for k in ("iss", "sub", "iat", "nonce"))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def resolve(settings: Settings) -> Viewer | None:
    found = claims()
    if not found:
        st.session_state.pop(SEEN_KEY, None)
        return None
    viewer, reason = viewer_for(found, settings)
    login = _login_id(found)
    action = audit.SIGN_IN if viewer is not None else audit.SIGN_IN_FAILED
    if st.session_state.get(SEEN_KEY) != (action, login):
        detail: dict[str, object] = {"mode": "oidc", "login": login}
        if reason:
            detail["reason"] = reason
        actor = viewer.name if viewer is not None else name_of(found)
        audit.record_once(data.primary(), action, actor, data.now(), st.context.ip_address, detail)
        st.session_state[SEEN_KEY] = (action, login)
    return viewer


def sign_out(viewer: Viewer) -> None:
    """Audit, then Streamlit forgets the identity cookie and starts a new session."""
    audit.record(
        data.primary(),
        audit.SIGN_OUT,
        viewer.name,
        data.now(),
        st.context.ip_address,
        {"mode": "oidc"},
    )
    st.session_state.pop(SEEN_KEY, None)
    st.logout()
