"""CSAT: how satisfied customers are, where it dips, and at which hour of their own day."""

import streamlit as st

from dashboard import data
from dashboard.charts.rates import hour_rates, rate_bars, rate_trend, score_bars
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.drilldown import cut_block, drill_chart, drilldown_section, tile_links
from dashboard.panels.drilldown_parts import CSAT_PICKS, Target
from dashboard.panels.value import (
    agents_table,
    csat_tiles,
    cut_columns,
    small_sample_note,
    trend_axis,
)
from queries.metrics.hours import night_hours

filters = page_start(_("CSAT"))

with guarded(_("CSAT")):
    view = data.csat_view(filters)
    if view.totals["conversations"] == 0:
        no_data_in_period()
        st.stop()
    tile_row(csat_tiles(view.totals))
    answers = ("csat_answers",)
    tile_links(["csat_answers", ("csat_answers", "local_night", True),
                ("csat_answers", "local_night", False), "conversations"], "csat")  # fmt: skip
    axis = _("CSAT (%)")
    st.subheader(_("CSAT over time"))
    rate = {"value": "csat", "n": "csat_n"}
    trend = rate_trend(
        view.trend, x="bucket", name=_("CSAT"), band_name=_("95% interval"),
        x_title=trend_axis(view.grain), y_title=axis, **rate,
    )  # fmt: skip
    drill_chart(trend, view.trend, "csat-trend", "csat", Target(answers, view.grain, "bucket"))
    small_sample_note()
    cuts = [
        (_("By channel"), "channel", view.by_channel),
        (_("By team"), "team", view.by_team),
        (_("By category"), "category", view.by_category),
    ]
    cut_columns(
        cuts,
        lambda f: rate_bars(f, label="label", x_title=axis, **rate),
        "csat",
        block=cut_block("csat", *answers),
    )

    scores, hours = st.columns([1, 2])
    with scores:
        st.subheader(_("Scores 1–5"))
        figure = score_bars(view.distribution, x_title=_("Score"), y_title=_("Answers"))
        score = Target(("csat_score:{score}",))
        drill_chart(figure, view.distribution, "csat-scores", "csat", score)
    with hours:
        st.subheader(_("CSAT by the customer's local hour"))
        figure = hour_rates(
            view.by_local_hour, night_hours=night_hours(), x_title=_("Customer's local hour"),
            y_title=axis, **rate,
        )  # fmt: skip
        by_hour = Target(answers, "local_hour", "local_hour")
        drill_chart(figure, view.by_local_hour, "csat-by-local-hour", "csat", by_hour)
        st.caption(_("Shaded: the customer's night (22:00–07:00), when help matters most."))

    st.subheader(_("By agent"))
    table_block(agents_table(view.by_agent), "csat-by-agent", progress=_("CSAT (%)"))
    drilldown_section(filters, CSAT_PICKS, "csat")
