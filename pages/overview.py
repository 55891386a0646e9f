"""Executive overview: the period at a glance, read as a value centre."""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import guarded, section, table_block
from dashboard.kit.lifetime import lifetime_block
from dashboard.kit.worth import value_sentences, value_table
from dashboard.page import page_view
from dashboard.panels.drilldown import OVERVIEW_PICKS, drilldown_section
from dashboard.panels.overview import (
    cost_and_value,
    kpi_rows,
    volume_chart,
    volume_title,
    worth_filters,
    worth_view,
)

filters, overview = page_view(_("Overview"), lambda f: data.overview(f, data.as_of_now()))
kpi_rows(overview)

with section(_("Cost centre and value centre")):
    cost_and_value(overview, data.overview_cost(filters))  # its own read: shifts

with section(_("What service is worth")):
    worth = worth_view(overview)  # the mature cohort while the period is too recent
    sentences = value_sentences(worth)
    st.markdown("\n".join(f"- {s}" for s in sentences) or _("Not measurable yet: see Retention."))
    if sentences:
        table_block(value_table(worth.value), "service-value")
    lifetime_block(data.lifetime(worth_filters(overview, filters), data.as_of_now()), None)

with section(volume_title(overview, filters.tz)):
    volume_chart(overview, filters.tz)
with guarded(_("Conversations behind the numbers")):
    drilldown_section(filters, OVERVIEW_PICKS, "overview")
export_page("overview")
