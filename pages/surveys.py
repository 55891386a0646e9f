"""Survey operations: is the follow-up machine running, and how far do surveys get?"""

import streamlit as st

from dashboard import data
from dashboard.charts.surveys import funnel, queue_by_hour
from dashboard.i18n import _
from dashboard.kit.components import chart_block, empty_state, guarded, tile_row
from dashboard.page import period_caption
from dashboard.panels.surveys import (
    failures_table,
    funnel_tiles,
    heartbeat_banner,
    outcomes_table,
    rates_table,
    stage_labels,
)
from dashboard.sidebar import current_filters

filters = current_filters()
now = data.minute_now()
st.title(_("Survey operations"))
st.caption(period_caption(filters))

with guarded(_("Jobs heartbeat")):
    heartbeat_banner(data.job_heartbeat())

if data.filter_options().empty:
    empty_state()
    st.stop()

queue = None  # read once: counted on a tile, drawn in the queue section
with guarded(_("Survey funnel")):
    queue = data.survey_queue(now)
    stages, outcomes = data.survey_funnel(filters), data.survey_outcomes(filters)
    tile_row(funnel_tiles(stages, queue, outcomes))
    left, right = st.columns(2)
    with left:
        st.subheader(_("Survey funnel"))
        chart_block(funnel(stages, stage_labels()), stages, "survey-funnel")
    with right:
        st.subheader(_("What happened to the invitations"))
        outcomes_table(outcomes)

with guarded(_("Response rate")):
    st.subheader(_("Response rate"))
    by_channel, by_language = st.columns(2)
    with by_channel:
        rates_table(data.survey_response_rates(filters, "channel"), "channel")
    with by_language:
        rates_table(data.survey_response_rates(filters, "locale"), "locale")

with guarded(_("Queue")):
    st.subheader(_("Queue: due in the next 24 hours ({zone})").format(zone=filters.tz))
    if queue is None:  # the read above failed and said so; this section tries once more
        queue = data.survey_queue(now)
    axes = {"x_title": _("Due hour ({zone})").format(zone=filters.tz), "y_title": _("Invitations")}
    if queue.is_empty():
        st.caption(_("Nothing is due in the next 24 hours."))
    else:
        chart_block(queue_by_hour(queue, tz=filters.tz, **axes), queue, "survey-queue")
    st.subheader(_("Failed deliveries"))
    failures_table(data.survey_failures())
