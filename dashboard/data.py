"""Cached twins of the `queries` functions: same arguments, the engine left out of the key."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from dashboard.resources import engine, settings
from queries import options
from queries import overview as overview_queries
from queries.filters import Filters

TTL = "5m"


def as_of_now() -> datetime:
    """Now, floored to the hour, so that cached results stay valid for the hour."""
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options() -> options.FilterOptions:
    return options.filter_options(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def overview(filters: Filters, as_of: datetime) -> overview_queries.Overview:
    return overview_queries.overview(
        engine(), filters, as_of=as_of, fcr_window_days=settings().fcr_window_days
    )
