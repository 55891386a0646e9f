"""Time zones of demand: who writes when, and how fast they hear back in their own night."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.page import page_view
from dashboard.panels.demand_zones import (
    local_hours_chart,
    night_tiles,
    rescue_chart_and_table,
    zones_by_hour_chart,
)

filters, zones = page_view(_("Time zones of demand"), data.demand_zones)
tile_row(night_tiles(zones.totals))

with section(_("Conversations by hour, by customer time zone")):
    zones_by_hour_chart(zones, filters.tz)

with section(_("Customers' own hour of contact, by time zone")):
    st.caption(_("Share of each time zone's contacts in each hour of the customer's own clock."))
    local_hours_chart(zones)

with section(_("Golden rescue moments: the customer's own night")):
    st.caption(
        _("Contacts in the customer's own night (22:00–07:00): how fast were they answered?")
    )
    rescue_chart_and_table(zones)
