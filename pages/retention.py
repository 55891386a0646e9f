"""Retention and value: do customers keep buying after good service, and what is it worth?"""

import streamlit as st

from dashboard import data
from dashboard.charts.retention import horizon_bars, labelled_bars
from dashboard.i18n import _
from dashboard.kit.components import chart_block, guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.retention import (
    definitions_note,
    horizon_names,
    horizon_note,
    retention_tiles,
    small_customers_note,
    split_curves,
    split_revenue,
    value_bars_frame,
    value_sentences,
    value_table,
)

as_of = data.as_of_now()
filters = page_start(
    _("Retention and value"),
    extra=_("as of {when} UTC").format(when=as_of.strftime("%Y-%m-%d %H:%M")),
)

with guarded(_("Retention and value")):
    view = data.retention_view(filters, as_of)
    if view.customers == 0:
        no_data_in_period()
        st.stop()
    definitions_note()
    tile_row(retention_tiles(view))
    horizon_note(view)
    if view.value_days is None:  # nobody is 30 days past their first contact yet
        st.stop()

    st.subheader(_("What service is worth"))
    for sentence in value_sentences(view):
        st.markdown("- " + sentence)
    axis = _("Retention after {days} days (%)").format(days=view.value_days)
    sides = value_bars_frame(view)
    chart_block(labelled_bars(sides, value="retention", n="customers", x_title=axis,
                              suffix="%", x_max=100), sides, "retention-value")  # fmt: skip
    table_block(value_table(view.value), "retention-value-table")

    st.subheader(_("Retention after first contact"))
    split_curves(view, "retention-curve")
    small_customers_note()
    st.subheader(_("Revenue after contact"))
    split_revenue(view, "retention-revenue")

    st.subheader(_("Cohorts by month of first contact"))
    month = _("Month of first contact (display time zone)")
    figure = horizon_bars(view.cohorts, x="month", names=horizon_names(), x_title=month,
                          y_title=_("Retention (%)"), monthly=True)  # fmt: skip
    chart_block(figure, view.cohorts, "retention-cohorts")
