"""Next week: the contacts to expect in each of the coming 168 hours against the roster."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import guarded, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.coverage import gap_chart, target_controls
from dashboard.panels.service import (
    forecast_gaps_table,
    forecast_span,
    forecast_tiles,
    weeks_control,
)
from queries.views.next_week import gaps_still_to_fix

filters = page_start(_("Next week"), period=False)  # the coming week, whatever the period

with guarded(_("Next week")):
    weeks = weeks_control()
    st.caption(
        _(
            "Forecast: each hour expects the mean number of contacts of the same weekday and hour "
            "over the last {weeks} weeks (a week without contacts counts as 0)."
        ).format(weeks=weeks)
    )
    targets = target_controls()
    result = data.next_week(filters, data.as_of_now(), weeks, targets)
    st.caption(forecast_span(result, filters.tz))
    if not result.has_shifts:
        st.warning(
            _("No shifts scheduled yet for next week: every hour with expected contacts is a gap."),
            icon=":material/event_busy:",
        )
    tile_row(forecast_tiles(result.hours, result.aht_s))

    st.subheader(_("Shift gap in the coming week"))
    st.caption(_("Each cell is the next occurrence of that weekday and hour; red hours are short."))
    gap_chart(result.hours, filters.tz, "next-week-gap-by-hour")

    st.subheader(_("Gaps you can still fix"))
    gaps = forecast_gaps_table(gaps_still_to_fix(result.hours))
    if gaps.is_empty():
        st.success(_("No understaffed hour in the coming week."), icon=":material/check_circle:")
    else:
        table_block(gaps, "next-week-gaps")
