"""24-hour coverage: where demand outruns the agents on shift, by weekday and hour."""

import streamlit as st

from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.staffing import gap_chart, gaps_block
from dashboard.page import page_view
from dashboard.panels.coverage import ahead_note, coverage_tiles, coverage_view, gaps_table

filters, view = page_view(_("24-hour coverage"), coverage_view)
ahead_note(view)
tile_row(coverage_tiles(view))

with section(_("Shift gap by weekday and hour")):
    st.caption(_("Agents required minus agents on shift; red hours are understaffed."))
    gap_chart(view.cells, view.zone, "coverage-gap-by-hour")

with section(_("Gaps to fix")):
    gaps_block(gaps_table(view.gaps), "coverage-gaps", _("No understaffed hour in this period."))
export_page("coverage")
