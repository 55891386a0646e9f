"""The sidebar's account block: who is signed in, their role and team scope, a "demo" badge in
demo mode, and the way out."""

from __future__ import annotations

import streamlit as st

from dashboard.access import SIGN_OUT_PATH
from dashboard.i18n import _
from queries.access.viewer import Role, Viewer


def role_label(role: Role) -> str:
    return {"viewer": _("Viewer"), "supervisor": _("Supervisor"), "admin": _("Admin")}[role]


def account_sidebar(viewer: Viewer) -> None:
    box = st.sidebar.container(border=True)
    if viewer.how == "none":
        box.badge(_("demo"), icon=":material/science:", color="orange")
    box.markdown(f"**{viewer.name}** · {role_label(viewer.role)}")
    scope = ", ".join(viewer.teams) if viewer.teams else _("all teams")
    box.caption(_("Sees: {scope}").format(scope=scope))
    if viewer.how == "local":
        box.markdown(f"[{_('Sign out')}]({SIGN_OUT_PATH})")
    elif viewer.how == "oidc":
        box.button(_("Sign out"), on_click=st.logout, key="sign_out")
