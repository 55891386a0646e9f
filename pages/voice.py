"""Voice of the customer: which contact reasons hurt, which hurt more, what customers wrote."""

import streamlit as st

from dashboard import data
from dashboard.export.buttons import export_page
from dashboard.i18n import _
from dashboard.kit.components import section, table_block, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.drill_links import Target, drill_chart, tile_links
from dashboard.panels.drilldown import VOICE_PICKS, drilldown_section
from dashboard.panels.voice import (
    categories_note,
    categories_table,
    comments_block,
    negative_share_bars,
    report_block,
    voice_tiles,
    volume_bars,
)

filters, view = page_view(_("Voice of the customer"), data.voice_view)
tile_row(voice_tiles(view.totals))
tile_links(["conversations", "csat_answers", "csat_answers"], "voice", columns=4)

with section(_("Pain points, rising first")):
    categories_note()
    table_block(categories_table(view.categories), "voice-categories")

volume, pain = st.columns(2)
with volume, section(_("By volume")):
    figure, shown = volume_bars(view)
    by_category = Target(("conversations",), "category", "category")
    drill_chart(figure, shown, "voice-volume", "voice", by_category)
with pain, section(_("By negative CSAT share")):
    figure, shown = negative_share_bars(view)
    answers = Target(("csat_answers",), "category", "category")
    drill_chart(figure, shown, "voice-negative-share", "voice", answers)
small_sample_note()

with section(_("What customers wrote")):
    comments_block(view)

with section(_("Weekly pain-point report")):
    report_block(view)

drilldown_section(filters, VOICE_PICKS, "voice")
export_page("voice")
