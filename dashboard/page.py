"""The top of every dashboard page: title, the period it shows, and the empty-database state."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import _, day
from dashboard.kit.components import empty_state
from dashboard.sidebar import current_filters
from queries.plumbing.filters import Filters


def period_caption(filters: Filters) -> str:
    return _("{start} – {end}, times in {zone}").format(
        start=day(filters.start), end=day(filters.end), zone=filters.tz
    )


def page_start(title: str, *, period: bool = True, extra: str | None = None) -> Filters:
    """Render the title, then a caption of the period (unless `period` is False) and `extra`;
    stop with a friendly note when there is no data at all."""
    filters = current_filters()
    st.title(title)
    caption = [period_caption(filters)] if period else []
    if extra:
        caption.append(extra)
    if caption:
        st.caption(" · ".join(caption))
    if data.filter_options().empty:
        empty_state()
        st.stop()
    return filters
