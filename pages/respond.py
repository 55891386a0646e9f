"""The customers' survey page (/respond): answer or unsubscribe from a signed email link.

Opening the page never records anything (mail scanners follow links); only a submit does."""

import streamlit as st

from dashboard.i18n import LANGUAGE_KEY, LANGUAGES, _, day
from dashboard.panels.respond import (
    about,
    answer_form,
    local_date,
    open_link,
    unsubscribe_confirmation,
)

opened = open_link(st.query_params.get("t"))
if opened.link and opened.link.locale in LANGUAGES:
    st.session_state[LANGUAGE_KEY] = opened.link.locale

st.title(_("Your feedback"))
if opened.problem == "expired":
    st.warning(
        _("This survey link has expired. Thank you for your time."), icon=":material/timer_off:"
    )
    st.stop()
if opened.link is None or opened.invitation is None:
    st.error(
        _("This link is not valid. Please use the link from your email exactly as it is."),
        icon=":material/link_off:",
    )
    st.stop()

st.caption(about(opened.invitation.channel, day(local_date(opened.invitation).date())))
if opened.link.purpose == "unsubscribe":
    unsubscribe_confirmation(opened.invitation)
else:
    answer_form(opened.invitation)
