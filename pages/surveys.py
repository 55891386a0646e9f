"""Survey operations: is the follow-up machine running, and how far do surveys get? Each
section reads on its own, so one failed query blanks only its section."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import empty_state, guarded, section, tile_row
from dashboard.kit.names import zone as zone_label
from dashboard.page import period_caption
from dashboard.panels.surveys import (
    failures_table,
    funnel_sections,
    funnel_tiles,
    heartbeat_banner,
    queue_chart,
    rates_tables,
)
from dashboard.sidebar import current_filters

filters = current_filters()
now = data.minute_now()
st.title(_("Survey operations"))
st.caption(period_caption(filters))

with guarded(_("Jobs heartbeat")):  # before the empty state: the alarm shows on any database
    heartbeat_banner(data.job_heartbeat())

if data.filter_options().empty:
    empty_state()
    st.stop()

queue = None  # read once: counted on a tile, drawn in the queue section
with guarded(_("Survey funnel")):
    queue = data.survey_queue(now)
    funnel = data.survey_funnel(filters)
    tile_row(funnel_tiles(funnel, queue))
    funnel_sections(funnel)

with section(_("Response rate")):
    rates_tables(data.survey_response_rates(filters))

with section(_("Queue: due in the next 24 hours ({zone})").format(zone=zone_label(filters.tz))):
    if queue is None:  # the read above failed and said so: this section tries once more
        queue = data.survey_queue(now)
    queue_chart(queue, filters.tz)

with section(_("Failed deliveries")):
    failures_table(data.survey_failures())
