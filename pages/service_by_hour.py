"""Service by hour: how fast and how well customers were served at each hour, night against day."""

import streamlit as st

from dashboard import data
from dashboard.charts.coverage import first_response_by_hour, service_level_by_channel
from dashboard.charts.rates import hour_rates
from dashboard.data import settings
from dashboard.i18n import _, number
from dashboard.kit.components import chart_block, guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.service import hours_table, night_day_tiles
from dashboard.sidebar import channel_labels
from queries.metrics.hours import night_hours

filters = page_start(_("Service by hour"))

with guarded(_("Service by hour")):
    config = settings()
    result = data.service_hours(filters, config.service_target_seconds)
    if result.by_hour["conversations"].sum() == 0:
        no_data_in_period()
        st.stop()
    st.caption(
        _("Shaded: the night, 22:00–07:00 on this clock. Unanswered contacts count as missed.")
    )
    for row in night_day_tiles(result.night_day, result.target_s):
        tile_row(row)
    hour_title = _("Hour ({zone})").format(zone=filters.tz)

    st.subheader(_("First response by hour"))
    labels = {"median": _("Median"), "p90": _("90th percentile")}
    figure = first_response_by_hour(
        result.by_hour, labels, x_title=hour_title, y_title=_("First response (min)")
    )
    chart_block(figure, result.by_hour, "first-response-by-hour")

    st.subheader(_("Service level by hour and channel"))
    target = _("Target {level}% within {seconds} s").format(
        level=number(100 * config.service_level), seconds=number(result.target_s)
    )
    figure = service_level_by_channel(
        result.by_channel,
        channel_labels(),
        100 * config.service_level,
        target,
        x_title=hour_title,
        y_title=_("Answered within target (%)"),
    )
    chart_block(figure, result.by_channel, "service-level-by-hour")

    st.subheader(_("CSAT by hour of contact"))
    figure = hour_rates(
        result.by_hour, x="hour", value="csat", n="csat_n", night_hours=night_hours(),
        x_title=hour_title, y_title=_("CSAT (%)"),
    )  # fmt: skip
    chart_block(figure, result.by_hour, "csat-by-hour")
    table_block(hours_table(result.by_hour), "service-by-hour")
