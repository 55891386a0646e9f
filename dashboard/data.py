"""Cached twins of the `queries` functions: same arguments, the engine left out of the key."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import streamlit as st

from dashboard.resources import engine, settings
from queries import coverage as coverage_queries
from queries import demand_zones as zone_queries
from queries import options
from queries import overview as overview_queries
from queries import surveys as survey_queries
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


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage(filters: Filters, targets: coverage_queries.Targets) -> coverage_queries.Coverage:
    return coverage_queries.coverage(engine(), filters, targets)


@st.cache_data(ttl=TTL, show_spinner=False)
def site_zones() -> tuple[str, ...]:
    return coverage_queries.site_zones(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def demand_zones(filters: Filters) -> zone_queries.DemandZones:
    return zone_queries.demand_zones(engine(), filters)


# Survey operations: short-lived caches, so the queue and the heartbeat alarm stay current.
OPS_TTL = "30s"


def minute_now() -> datetime:
    """Now, floored to the minute (the cache key of the outbox views)."""
    return datetime.now(UTC).replace(second=0, microsecond=0)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_funnel(filters: Filters) -> pl.DataFrame:
    return survey_queries.funnel(engine(), filters)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_outcomes(filters: Filters) -> pl.DataFrame:
    return survey_queries.outcomes(engine(), filters)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_response_rates(filters: Filters, by: str) -> pl.DataFrame:
    return survey_queries.response_rates(engine(), filters, by)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_queue(now: datetime) -> pl.DataFrame:
    return survey_queries.queue(engine(), now)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_failures() -> pl.DataFrame:
    return survey_queries.failures(engine())


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def job_heartbeat() -> pl.DataFrame:
    return survey_queries.heartbeat(engine())
