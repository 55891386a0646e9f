"""FCR: is the problem solved the first time? Three honest flavours, and who came back."""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import guarded, section, table_block, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.drill_links import tile_links
from dashboard.panels.drilldown import FCR_PICKS, drilldown_section
from dashboard.panels.fcr import (
    FLAVOUR_PICKS,
    fcr_cuts,
    fcr_tiles,
    fcr_trend_chart,
    repeats_table,
    window_note,
)

window = data.settings().fcr_window_days
filters, view = page_view(_("FCR"), lambda f: data.fcr_view(f, window))
st.caption(window_note(view.window_days))
tile_row(fcr_tiles(view))
tile_links(list(FLAVOUR_PICKS), "fcr")
with section(_("Repeat-contact FCR over time")):
    fcr_trend_chart(view)
fcr_cuts(view)
small_sample_note(whiskers=False)  # the flavour bars carry no interval

with section(_("Contacts that came back")):
    st.caption(
        _(
            "Resolved conversations followed by a repeat contact, latest first. Negative hours: "
            "the customer wrote again before the first conversation was resolved."
        )
    )
    if view.repeats.is_empty():
        st.success(_("No repeat contacts in this period."), icon=":material/check_circle:")
    else:
        table_block(repeats_table(view.repeats), "fcr-repeat-contacts")
with guarded(_("Conversations behind the numbers")):
    drilldown_section(filters, FCR_PICKS, "fcr")
export_page("fcr")
