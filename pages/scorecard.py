"""3A scorecard: Availability, Accuracy and Authenticity, and the reviews behind them."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import section, table_block, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.scorecard import (
    agent_block,
    components_table,
    coverage_text,
    group_table,
    hour_block,
    pillar_names,
    pillar_tiles,
    reviewed_block,
    sampling_table,
    trend_block,
)

filters, view = page_view(_("3A scorecard"), lambda f: data.scorecard_view(f, data.as_of_now()))
tile_row(pillar_tiles(view))
small_sample_note()

with section(_("Pillar trend")):
    trend_block(view)
with section(_("By team and by agent")):
    team, agent = st.columns(2)
    with team:
        table_block(group_table(view.by_team, "team", _("Team")), "scorecard-teams")
    with agent:
        agent_block(view)
with section(_("By the customer's local hour")):
    st.caption(_("The customer's own hour of contact; the night (22:00–07:00) is shaded."))
    hour_block(view)
with section(_("What each pillar is made of")):
    st.caption(
        _(
            "Each pillar is the weighted mean of its measured components (weights: "
            "VIGIL_SCORECARD_WEIGHTS, docs/metrics.md). A share where lower is better counts "
            "as 100 minus the share."
        )
    )
    for pillar in view.pillars:
        st.subheader(pillar_names()[pillar.key])
        table_block(components_table(pillar), f"scorecard-{pillar.key}")
with section(_("Review coverage")):
    st.caption(coverage_text(view.reviews))
    if view.reviews.reviews:
        table_block(sampling_table(view.reviews), "scorecard-sampling")
        st.markdown("**" + _("Reviewed conversations") + "**")
        reviewed_block(view.reviewed)
