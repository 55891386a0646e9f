"""Executive overview: the period at a glance, read as a value centre."""

import streamlit as st

from dashboard import data
from dashboard.charts.base import volume_by_channel
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.kit.tiles import cost_value_tables, overview_tiles
from dashboard.page import page_start
from dashboard.panels.drilldown import drill_chart, drilldown_section, tile_links
from dashboard.panels.drilldown_parts import OVERVIEW_PICKS, Target
from dashboard.panels.retention import value_sentences, value_table
from dashboard.sidebar import channel_labels

filters = page_start(_("Overview"))

with guarded(_("Overview")):
    overview = data.overview(filters, data.as_of_now())
    if overview.counts["conversations"] == 0:
        no_data_in_period()
        st.stop()
    tiles = overview_tiles(overview)
    tile_row(tiles[:4], columns=4)
    tile_links(["conversations", "csat_answers", "nps_answers", "resolved"], "overview")
    tile_row(tiles[4:], columns=4)
    tile_links([None, "invitations_sent", "first_responses"], "overview", columns=4)

    st.subheader(_("Cost centre and value centre"))
    cost, value = cost_value_tables(overview)
    left, right = st.columns(2)
    with left:
        table_block(cost, "cost-centre")
    with right:
        table_block(value, "value-centre")

    worth = overview.worth
    st.subheader(_("What service is worth"))
    sentences = value_sentences(worth)
    st.markdown("\n".join(f"- {s}" for s in sentences) or _("Not measurable yet: see Retention."))
    if sentences:
        table_block(value_table(worth.value), "service-value")

    st.subheader(_("Conversations per day"))
    figure = volume_by_channel(
        overview.volume, channel_labels(), x_title=_("Day"), y_title=_("Conversations")
    )
    days = Target(("conversations",), "day")  # a click opens that day's conversations
    drill_chart(figure, overview.volume, "conversations-per-day", "overview", days)
    drilldown_section(filters, OVERVIEW_PICKS, "overview")
