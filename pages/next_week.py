"""Next 7 days (or next week from Monday): the contacts to expect in each of the 168 coming
hours against the roster."""

import streamlit as st

from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.staffing import gap_chart, gaps_block
from dashboard.page import page_view
from dashboard.panels.next_week import (
    forecast_gaps_table,
    forecast_span,
    forecast_tiles,
    next_week_view,
    no_shifts_warning,
)

# the coming week, whatever the period
filters, view = page_view(_("Next 7 days"), next_week_view, period=False)
st.caption(forecast_span(view, filters.tz))
no_shifts_warning(view)
tile_row(forecast_tiles(view))

with section(_("Shift gap in the coming week")):
    st.caption(_("Each cell is the next occurrence of that weekday and hour; red hours are short."))
    gap_chart(view.hours, filters.tz, "next-week-gap-by-hour")

with section(_("Gaps you can still fix")):
    table = forecast_gaps_table(view.gaps)
    gaps_block(table, "next-week-gaps", _("No understaffed hour in the coming week."))
export_page("next_week", forecast_span(view, filters.tz))
