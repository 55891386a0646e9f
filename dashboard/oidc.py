"""Sign-in through an OpenID Connect provider with Streamlit's own `st.login` / `st.user`
(docs/deploying.md, "OpenID Connect"). Placeholder: filled in by the OIDC work."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import _
from queries.access.viewer import Viewer
from queries.plumbing.settings import Settings


def oidc_viewer(settings: Settings) -> Viewer | None:
    raise NotImplementedError("VIGIL_AUTH=oidc is not built yet")


def sign_in_button(settings: Settings) -> None:
    st.button(_("Sign in"), on_click=st.login)
