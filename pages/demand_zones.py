"""Time zones of demand: who writes when, and how fast they hear back in their own night."""

import streamlit as st

from dashboard import data
from dashboard.charts.base import demand_by_zone, night_and_day_response
from dashboard.charts.coverage import local_hour_heatmap
from dashboard.i18n import _
from dashboard.kit.components import chart_block, guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.coverage import night_tiles, nights_table

filters = page_start(_("Time zones of demand"))

with guarded(_("Time zones of demand")):
    zones = data.demand_zones(filters)
    if zones.totals["conversations"] == 0:
        no_data_in_period()
        st.stop()
    tile_row(night_tiles(zones.totals))

    st.subheader(_("Conversations by hour, by customer time zone"))
    figure = demand_by_zone(
        zones.by_hour,
        x_title=_("Hour ({zone})").format(zone=filters.tz),
        y_title=_("Conversations"),
    )
    chart_block(figure, zones.by_hour, "conversations-by-zone")

    st.subheader(_("Customers' own hour of contact, by time zone"))
    st.caption(_("Share of each time zone's contacts in each hour of the customer's own clock."))
    figure = local_hour_heatmap(
        zones.local_hours,
        x_title=_("Hour (customer's own time zone)"),
        share_label=_("Share of the zone's contacts (%)"),
        count_label=_("Conversations"),
    )
    chart_block(figure, zones.local_hours, "customer-local-hours")

    st.subheader(_("Golden rescue moments"))
    st.caption(
        _("Contacts in the customer's own night (22:00–07:00): how fast were they answered?")
    )
    figure = night_and_day_response(
        zones.nights,
        {"night": _("Night"), "day": _("Daytime")},
        x_title=_("Customer time zone"),
        y_title=_("Median first response (min)"),
    )
    chart_block(figure, zones.nights, "night-and-day-response")
    table_block(nights_table(zones.nights), "night-contacts-by-zone")
