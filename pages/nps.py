"""NPS: would customers recommend us, how the mix moves, and what detractors say."""

import streamlit as st

from dashboard import data
from dashboard.charts.rates import nps_mix, rate_bars, rate_trend
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.page import page_start
from dashboard.panels.drilldown import cut_block, drill_chart, drilldown_section, tile_links
from dashboard.panels.drilldown_parts import NPS_PICKS, Target
from dashboard.panels.value import (
    comments_table,
    cut_columns,
    nps_labels,
    nps_tiles,
    small_sample_note,
    trend_axis,
)

filters = page_start(_("NPS"))

with guarded(_("NPS")):
    view = data.nps_view(filters)
    if view.totals["nps_n"] == 0:
        no_data_in_period()
        st.stop()
    tile_row(nps_tiles(view.totals))
    tile_links(list(NPS_PICKS), "nps")
    axis = trend_axis(view.grain)
    trend_column, mix_column = st.columns(2)
    with trend_column:
        st.subheader(_("NPS over time"))
        trend = rate_trend(
            view.trend, x="bucket", value="nps", n="nps_n", name=_("NPS"), signed=True,
            band_name=_("95% interval"), x_title=axis, y_title=_("NPS"),
        )  # fmt: skip
        by_bucket = Target(("nps_answers",), view.grain, "bucket")
        drill_chart(trend, view.trend, "nps-trend", "nps", by_bucket)
    with mix_column:
        st.subheader(_("Promoters, passives and detractors"))
        mix = nps_mix(view.trend, x="bucket", labels=nps_labels(), x_title=axis,
                      y_title=_("Share of answers (%)"))  # fmt: skip
        kinds = Target(("detractors", "passives", "promoters"), view.grain, "bucket")
        drill_chart(mix, view.trend, "nps-mix", "nps", kinds)
    small_sample_note()
    cuts = [
        (_("By segment"), "segment", view.by_segment),
        (_("By channel"), "channel", view.by_channel),
    ]
    cut_columns(
        cuts,
        lambda f: rate_bars(
            f, label="label", value="nps", n="nps_n", x_title=_("NPS"), signed=True
        ),
        "nps",
        block=cut_block("nps", "nps_answers"),
    )

    st.subheader(_("What detractors said"))
    if view.comments.is_empty():
        st.info(_("No detractor left a comment in this period."), icon=":material/chat:")
    else:
        table_block(comments_table(view.comments), "nps-detractor-comments")
    drilldown_section(filters, NPS_PICKS, "nps")
