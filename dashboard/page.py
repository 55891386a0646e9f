"""The opening every dashboard page shares (docs/architecture.md, "Anatomy of a page"): title,
the period it shows, the empty-database state, the page's view read once, and the
nothing-in-this-period state. A page calls `page_view` and then renders its sections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import streamlit as st

from dashboard import data
from dashboard.export import record
from dashboard.i18n import _, day
from dashboard.kit.components import empty_state, no_data_in_period, unavailable
from dashboard.kit.names import zone as zone_label
from dashboard.sidebar import current_filters
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.filters import Filters


class View(Protocol):
    @property
    def empty(self) -> bool: ...


V = TypeVar("V", bound=View)


def period_caption(filters: Filters) -> str:
    return _("{start} – {end}, times in {zone}").format(
        start=day(filters.start), end=day(filters.end), zone=zone_label(filters.tz)
    )


def page_start(title: str, *, period: bool = True, extra: str | None = None) -> Filters:
    """Render the title, then a caption of the period (unless `period` is False) and `extra`;
    stop with a friendly note when there is no data at all."""
    filters = current_filters()
    st.title(title)
    record.begin(title, filters)
    caption = [period_caption(filters)] if period else []
    if extra:
        caption.append(extra)
    if caption:
        st.caption(" · ".join(caption))
    if data.filter_options().empty:
        empty_state()
        st.stop()
    return filters


def page_view(
    title: str,
    read: Callable[[Filters], V],
    *,
    period: bool = True,
    extra: str | None = None,
) -> tuple[Filters, V]:
    """`page_start`, then the page's view (`read(filters)`, a cached `dashboard.data` twin).
    Stops the page with a translated note when the view cannot be read or is empty."""
    filters = page_start(title, period=period, extra=extra)
    try:
        view = read(filters)
    except DataUnavailable as exc:
        unavailable(title, exc)
        st.stop()
    if view.empty:
        no_data_in_period()
        st.stop()
    return filters, view
