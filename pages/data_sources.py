"""Data sources (admins): each synced helpdesk's last sync, rows, watermark, lag and error."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import section
from dashboard.panels.data_sources import intro, sources_block
from dashboard.sidebar import current_filters

filters = current_filters()
st.title(_("Data sources"))
intro(filters.tz)
with section(_("Synced sources")):
    sources_block(data.data_sources(data.minute_now()), filters.tz)
