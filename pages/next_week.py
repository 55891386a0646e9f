"""Next 7 days (or next week from Monday): the contacts to expect in each of the 168 coming
hours against the roster."""

import streamlit as st

from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.gap_blocks import blocks_table
from dashboard.kit.staffing import channel_chart, gap_chart, gaps_block
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

with section(_("Agents required by channel")):
    st.caption(_("Each channel against its own target; the line is the agents on shift."))
    channel_chart(view.hours, "next-week-required-by-channel")

with section(_("Gaps you can still fix")):
    st.caption(_("Understaffed hours merged into shift-sized blocks, worst first."))
    all_clear = _("No understaffed hour in the coming week.")
    gaps_block(blocks_table(view.blocks), "next-week-gaps", all_clear)
    with st.expander(_("Every understaffed hour")):
        gaps_block(forecast_gaps_table(view.gaps), "next-week-gap-hours", all_clear)
export_page("next_week", forecast_span(view, filters.tz))
