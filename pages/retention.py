"""Retention and value: do customers keep buying after good service, and what is it worth?"""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit import cohort
from dashboard.kit.components import section, tile_row
from dashboard.kit.lifetime import lifetime_block
from dashboard.page import page_view
from dashboard.panels.retention import (
    as_of_caption,
    cohorts_chart,
    definitions_note,
    horizon_note,
    retention_tiles,
    small_customers_note,
    split_curves,
    split_revenue,
    worth_block,
)

as_of, KEY = data.as_of_now(), "retention_chosen_cohort"
filters, view = page_view(
    _("Retention and value"),
    lambda f: data.retention_view(cohort.cohort_for(f, as_of, KEY) or f, as_of),
    extra=as_of_caption(as_of),
)
definitions_note()
tile_row(retention_tiles(view))
cohort.note(cohort.pending(filters, as_of), KEY)  # a recent period reads a mature one
horizon_note(view)
if view.value_days is None:  # nobody is 30 days past their first contact yet
    st.stop()

with section(_("What service is worth")):
    worth_block(view)

with section(_("Repurchase and lifetime value")):
    lifetime_block(data.lifetime(cohort.cohort_for(filters, as_of, KEY) or filters, as_of))

with section(_("Retention after first contact")):
    split_curves(view, "retention-curve")
    small_customers_note()

with section(_("Revenue after contact")):
    split_revenue(view, "retention-revenue")

with section(_("Cohorts by month of first contact")):
    cohorts_chart(view, "retention-cohorts")
export_page("retention")
