"""NPS: would customers recommend us, how the mix moves, and what detractors say."""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import guarded, section, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.drill_links import tile_links
from dashboard.panels.drilldown import NPS_PICKS, drilldown_section
from dashboard.panels.nps import comments_block, mix_chart, nps_cuts, nps_tiles, trend_chart

filters, view = page_view(_("NPS"), data.nps_view)
tile_row(nps_tiles(view))
tile_links(list(NPS_PICKS), "nps")
trend_column, mix_column = st.columns(2)
with trend_column, section(_("NPS over time")):
    trend_chart(view, filters.tz)
with mix_column, section(_("Promoters, passives and detractors")):
    mix_chart(view)
small_sample_note()
nps_cuts(view)

with section(_("What detractors said")):
    comments_block(view)
with guarded(_("Conversations behind the numbers")):
    drilldown_section(filters, NPS_PICKS, "nps")
export_page("nps")
