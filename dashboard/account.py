"""The sidebar's account block: who is signed in, their role and team scope, a "demo" badge in
demo mode, and the way out."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import oidc
from dashboard.i18n import _
from dashboard.web.signin import SIGN_OUT
from queries.access.viewer import Role, Viewer


def role_label(role: Role) -> str:
    return {"viewer": _("Viewer"), "supervisor": _("Supervisor"), "admin": _("Admin")}[role]


def form_button(label: str, path: str, method: str = "post") -> None:
    """A plain HTML form button to one of Vigil's own routes, in this tab (a Markdown link
    would open a new one); st.html sanitises it and `label` is escaped."""
    st.html(
        f'<form method="{method}" action="{path}" style="margin:0">'
        f'<button type="submit" class="vigil-form-button">{html.escape(label)}</button></form>'
    )


def account_sidebar(viewer: Viewer) -> None:
    box = st.sidebar.container(border=True)
    if viewer.how == "none":  # the demo, or no sign-in on loopback: the badge says which
        box.badge(viewer.name, icon=":material/science:", color="orange")
        box.markdown(role_label(viewer.role))
    else:
        box.text(f"{viewer.name} · {role_label(viewer.role)}")  # text: no mailto link
    scope = ", ".join(viewer.teams) if viewer.teams else _("all teams")
    box.caption(_("Sees: {scope}").format(scope=scope))
    if viewer.how == "local":
        with box:
            form_button(_("Sign out"), SIGN_OUT)
    elif viewer.how == "oidc" and box.button(_("Sign out")):
        oidc.sign_out(viewer)
