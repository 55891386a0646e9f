"""24-hour coverage: where demand outruns the agents on shift, by weekday and hour."""

import streamlit as st

from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.gap_blocks import blocks_table
from dashboard.kit.staffing import channel_chart, gap_chart, gaps_block
from dashboard.page import page_view
from dashboard.panels.coverage import ahead_note, coverage_tiles, coverage_view, gaps_table

filters, view = page_view(_("24-hour coverage"), coverage_view)
ahead_note(view)
tile_row(coverage_tiles(view))

with section(_("Shift gap by weekday and hour")):
    st.caption(_("Agents required minus agents on shift; red hours are understaffed."))
    gap_chart(view.cells, view.zone, "coverage-gap-by-hour")

with section(_("Agents required by channel")):
    st.caption(_("Each channel against its own target; the line is the agents on shift."))
    channel_chart(view.cells, "coverage-required-by-channel")

with section(_("Gaps to fix")):
    st.caption(_("Understaffed hours merged into shift-sized blocks, worst first."))
    gaps_block(
        blocks_table(view.blocks), "coverage-gaps", _("No understaffed hour in this period.")
    )
    with st.expander(_("Every understaffed hour")):
        gaps_block(gaps_table(view.gaps), "coverage-gap-hours", _("No understaffed hour."))
export_page("coverage")
