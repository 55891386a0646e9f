"""Who reads this session (docs/deploying.md, "Signing people in"): the viewer is resolved on
every rerun from the sign-in mode, so a revoked or expired session is refused at once, then
kept in the session state for the pages and panels to ask `allows(...)`."""

from __future__ import annotations

import time

import streamlit as st

from dashboard import data, oidc
from dashboard.account import form_button
from dashboard.i18n import _
from dashboard.kit.grants import VIEWER_KEY
from dashboard.web.signin import SIGN_IN, is_loopback
from queries.access import accounts, audit, sessions
from queries.access.viewer import Viewer, role_for
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.settings import Settings


def _local_viewer() -> Viewer | None:
    token = st.context.cookies.get(sessions.COOKIE)
    verdict = sessions.check(data.primary(), token, data.now())
    if verdict.viewer is None and verdict.problem != "missing":
        audit.record(
            data.primary(),
            audit.SESSION_REFUSED,
            None,
            data.now(),
            st.context.ip_address,
            {"reason": verdict.problem},
        )
    return verdict.viewer


def _proxy_viewer(settings: Settings) -> Viewer | None:
    """The proxy's header, trusted only from loopback (the gate refuses it from elsewhere);
    the account's row decides role and scope, else the groups header through VIGIL_ROLE_MAP."""
    name = (st.context.headers.get(settings.proxy_user_header) or "").strip()
    if not name or not is_loopback(st.context.ip_address):
        return None
    account = accounts.find(data.primary(), name)
    if account is not None:
        if account.disabled_at is not None:
            return None
        return Viewer(account.name, account.role, account.teams, "proxy")
    groups = (st.context.headers.get(settings.proxy_groups_header) or "").split(",")
    role = role_for((g.strip() for g in groups), settings.role_map)
    return None if role is None else Viewer(name, role, (), "proxy")


def resolve() -> Viewer | None:
    """This rerun's viewer, or None (the caller shows the sign-in prompt and stops)."""
    settings = data.settings()
    mode = settings.auth_mode
    if mode == "none":
        return Viewer(_("demo") if settings.demo else _("no sign-in"), "admin", (), "none")
    if mode == "local":
        return _local_viewer()
    if mode == "proxy":
        return _proxy_viewer(settings)
    return oidc.resolve(settings)


def sign_in_prompt() -> None:
    """What a browser without a session sees: no page list, no number, no name."""
    settings = data.settings()
    st.title("Vigil")
    if settings.auth_mode == "proxy":
        st.warning(_("Your sign-in proxy did not name you, or you have no role in Vigil."))
    elif settings.auth_mode == "oidc":
        oidc_prompt(settings)
    else:
        st.info(_("Please sign in to see the dashboard."))
        form_button(_("Sign in"), SIGN_IN, "get")


def oidc_prompt(settings: Settings) -> None:
    found = oidc.claims()
    if found and not oidc.too_old(found, settings.session_ttl, time.time()):
        # signed in at the provider, but no role here: offer another account
        st.warning(_("Your identity provider signed you in, but you have no role in Vigil."))
        if st.button(_("Sign out")):
            st.logout()
        return
    if found:
        st.info(_("Your sign-in has expired. Please sign in again."))
    else:
        st.info(_("Please sign in to see the dashboard."))
    if st.button(_("Sign in"), type="primary"):
        st.login()


def start() -> Viewer:
    """Resolve the viewer for this rerun, or show the sign-in prompt and stop the script."""
    try:
        viewer = resolve()
    except DataUnavailable:
        st.error(_("Vigil cannot reach its database to check your sign-in. Try again shortly."))
        st.stop()
    if viewer is None:
        st.session_state.pop(VIEWER_KEY, None)
        # the prompt as the only page: the browser drops a page list it drew before a revoke
        only = st.Page(sign_in_prompt, title="Vigil", url_path="signin-prompt", default=True)
        st.navigation([only], position="hidden").run()
        st.stop()
    st.session_state[VIEWER_KEY] = viewer
    return viewer
