"""Voice of the customer: which contact reasons hurt, which hurt more, what customers wrote."""

import streamlit as st

from dashboard import data
from dashboard.charts.rates import rate_bars
from dashboard.charts.retention import labelled_bars
from dashboard.i18n import _
from dashboard.kit.components import guarded, no_data_in_period, table_block, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_start
from dashboard.panels.drilldown import drill_chart, drilldown_section, tile_links
from dashboard.panels.drilldown_parts import VOICE_PICKS, Target
from dashboard.panels.voice import (
    categories_table,
    comment_filters,
    comments_table,
    labelled,
    report_block,
    voice_tiles,
)
from queries.views.voice import COMMENT_LIMIT, recent_comments

filters = page_start(_("Voice of the customer"))

with guarded(_("Voice of the customer")):
    view = data.voice_view(filters)
    if view.totals["conversations"] == 0:
        no_data_in_period()
        st.stop()
    tile_row(voice_tiles(view.totals))
    tile_links(["conversations", "csat_answers", "csat_answers"], "voice", columns=4)
    st.subheader(_("Pain points, rising first"))
    st.caption(_("Negative: CSAT 1–2 among the answers. Change: against the previous period of "
                 "the same length, with the p-value of a two-proportion z-test."))  # fmt: skip
    table_block(categories_table(view.categories), "voice-categories")
    volume, pain = st.columns(2)
    with volume:
        st.subheader(_("By volume"))
        shown = labelled(view.categories, "conversations")
        figure = labelled_bars(shown, value="conversations", n="conversations", digits=0,
                               x_title=_("Conversations"), y_title=_("Category"))  # fmt: skip
        by_category = Target(("conversations",), "category", "category")
        drill_chart(figure, shown, "voice-volume", "voice", by_category)
    with pain:
        st.subheader(_("By negative CSAT share"))
        shown = labelled(view.categories, "negative_share")
        figure = rate_bars(shown, label="label", value="negative_share", n="csat_n",
                           x_title=_("Negative CSAT share (%)"), y_title=_("Category"))  # fmt: skip
        answers = Target(("csat_answers",), "category", "category")
        drill_chart(figure, shown, "voice-negative-share", "voice", answers)
    small_sample_note()

    st.subheader(_("What customers wrote"))
    st.caption(_("The newest {n} comments, newest first.").format(n=COMMENT_LIMIT))
    shown = recent_comments(view.comments, *comment_filters(view.comments))
    table_block(comments_table(shown), "voice-comments")

    st.subheader(_("Weekly pain-point report"))
    report_block(view)
    drilldown_section(filters, VOICE_PICKS, "voice")
