"""Agents: each agent's conversations, CSAT, FCR, speed, review score and 3A pillars, set
against what the floor reached on the same channels and customer-local hours."""

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.kit.components import section, tile_row
from dashboard.kit.cuts import small_sample_note
from dashboard.page import page_view
from dashboard.panels.agents import agent_block, agent_tiles, fair_block

filters, view = page_view(_("Agents"), data.agents_view)
tile_row(agent_tiles(view.table))

with section(_("Agents in this period")):
    st.caption(
        _(
            'Click a header to sort. "Same hours and channels" is what the whole floor reached '
            "on this agent's mix of channels and customer-local hours (docs/metrics.md), so an "
            "agent on nights is compared with nights, not with the whole floor. Grey: fewer "
            "than 30 cases behind the number."
        )
    )
    if view.table.height == 0:
        st.info(_("No conversation of this period was answered by an agent."))
    else:
        agent_block(view.table)
    small_sample_note()
with section(_("Each agent against the floor on the same mix")):
    st.caption(_("Above the dotted line: better than the floor on the same channels and hours."))
    fair_block(view.table)
