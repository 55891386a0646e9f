"""24-hour coverage: where demand outruns the agents on shift, by weekday and hour."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.coverage import (
    coverage_tiles,
    gap_chart,
    gaps_table,
    target_controls,
    zone_choices,
)
from queries.views.coverage import gaps_to_fix, in_zone

filters = page_start(_("24-hour coverage"))

with guarded(_("24-hour coverage")):
    targets = target_controls()
    zone = st.segmented_control(
        _("View in time zone"),
        zone_choices(filters.tz, data.site_zones()),
        default=filters.tz,
        key="coverage_zone",
    )
    result = data.coverage(in_zone(filters, zone or filters.tz), targets)
    if result.cells["demand"].sum() == 0:
        no_data_in_period()
        st.stop()
    tile_row(coverage_tiles(result.cells, result.aht_s))

    st.subheader(_("Shift gap by weekday and hour"))
    st.caption(_("Agents required minus agents on shift; red hours are understaffed."))
    gap_chart(result.cells, zone or filters.tz, "coverage-gap-by-hour")

    st.subheader(_("Gaps to fix"))
    gaps = gaps_table(gaps_to_fix(result.cells))
    if gaps.is_empty():
        st.success(_("No understaffed hour in this period."), icon=":material/check_circle:")
    else:
        table_block(gaps, "coverage-gaps")
