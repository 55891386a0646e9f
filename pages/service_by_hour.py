"""Service by hour: how fast and how well customers were served at each hour, night against day."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.names import zone as zone_label
from dashboard.page import page_view
from dashboard.panels.service_by_hour import (
    csat_chart_and_table,
    first_response_chart,
    night_day_tiles,
    service_level_chart,
    targets_caption,
)

filters, view = page_view(_("Service by hour"), data.service_hours)
st.caption(_("Shaded: the night, 22:00–07:00 on this clock. Unanswered contacts count as missed."))
for row in night_day_tiles(view.night_day, view.target_s):
    tile_row(row)
hour_title = _("Hour ({zone})").format(zone=zone_label(filters.tz))

with section(_("First response by hour")):
    first_response_chart(view, hour_title)

with section(_("Service level by hour and channel")):
    st.caption(targets_caption(view))
    service_level_chart(view, hour_title)

with section(_("CSAT by hour of contact")):
    csat_chart_and_table(view, hour_title)
