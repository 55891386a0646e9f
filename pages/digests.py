"""Digests (admins): the scheduled report e-mails, who gets them and when (docs/digests.md)."""

import streamlit as st

from dashboard.i18n import _
from dashboard.kit.components import section, table_block
from dashboard.panels.digests import add_form, remove_form, subscriptions_table

st.title(_("Digests"))
st.caption(
    _(
        "Scheduled report e-mails: the jobs process sends each period once, with the PDF and "
        "the CSV attached. Also `vigil digests` (docs/digests.md)."
    )
)

with section(_("Subscriptions")):
    table = subscriptions_table()
    if table.is_empty():
        st.info(_("No digest yet: add one below."))
    else:
        table_block(table, "digest-subscriptions")
        remove_form(table)

with section(_("Add a subscription")):
    add_form()
