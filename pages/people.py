"""People and access (admins): accounts, open sessions with revoke, the audit log."""

import streamlit as st

from dashboard.i18n import _
from dashboard.kit.components import section, table_block
from dashboard.kit.names import zone as zone_label
from dashboard.panels.people import accounts_table, audit_table, sessions_block
from dashboard.sidebar import current_filters

filters = current_filters()
st.title(_("People and access"))
st.caption(
    _("Accounts are managed with `vigil users` (docs/deploying.md); times in {zone}.").format(
        zone=zone_label(filters.tz)
    )
)

with section(_("Accounts")):
    table_block(accounts_table(), "people-accounts")

with section(_("Open sessions")):
    sessions_block(filters.tz)

with section(_("Audit log")):
    st.caption(_("Sign-ins, sign-outs, refusals, revokes and downloads, newest first."))
    table_block(audit_table(filters.tz), "people-audit")
