"""FCR: is the problem solved the first time? Three honest flavours, and who came back."""

import streamlit as st

from dashboard import data
from dashboard.charts.rates import flavour_bars
from dashboard.data import settings
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.drilldown import cut_block, drilldown_section, tile_links
from dashboard.panels.drilldown_parts import FCR_PICKS
from dashboard.panels.value import (
    cut_columns,
    fcr_series,
    fcr_tiles,
    repeats_table,
    small_sample_note,
)

filters = page_start(_("FCR"))
window = settings().fcr_window_days

with guarded(_("FCR")):
    view = data.fcr_view(filters, window)
    if view.totals["resolved"] == 0:
        no_data_in_period()
        st.stop()
    st.caption(
        _(
            "Repeat-contact window: {days} days (setting VIGIL_FCR_WINDOW_DAYS). A repeat contact "
            "is the same customer writing again about the same category within the window."
        ).format(days=window)
    )
    tile_row(fcr_tiles(view.totals, window))
    flavours = ("resolved", "resolved", "survey_fcr_answers")  # the n of each flavour
    tile_links(list(flavours), "fcr")
    cuts = [
        (_("By channel"), "channel", view.by_channel),
        (_("By category"), "category", view.by_category),
    ]
    axis = _("FCR (%)")
    cut_columns(
        cuts,
        lambda f: flavour_bars(f, label="label", series=fcr_series(), x_title="", y_title=axis),
        "fcr",
        block=cut_block("fcr", *flavours),
    )
    small_sample_note()

    st.subheader(_("Contacts that came back"))
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
    drilldown_section(filters, FCR_PICKS, "fcr")
