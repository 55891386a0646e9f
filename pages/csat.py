"""CSAT: how satisfied customers are, where it dips, and at which hour of their own day."""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import guarded, section, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.csat import (
    TILE_LINKS,
    agents_block,
    csat_cuts,
    csat_tiles,
    hours_chart,
    scores_chart,
    source_channels_block,
    trend_chart,
)
from dashboard.panels.drill_links import tile_links
from dashboard.panels.drilldown import CSAT_PICKS, drilldown_section

filters, view = page_view(_("CSAT"), data.csat_view)
tile_row(csat_tiles(view))
tile_links(TILE_LINKS, "csat")
with section(_("CSAT over time")):
    trend_chart(view, filters.tz)
    small_sample_note()
csat_cuts(view)
source_channels_block(view)

scores, hours = st.columns([1, 2])
with scores, section(_("Scores 1–5")):
    scores_chart(view)
with hours, section(_("CSAT by the customer's local hour")):
    hours_chart(view)
    st.caption(_("Shaded: the customer's night (22:00–07:00), when help matters most."))

with section(_("By agent")):
    agents_block(view)
with guarded(_("Conversations behind the numbers")):
    drilldown_section(filters, CSAT_PICKS, "csat")
export_page("csat")
