"""The caching module, the only one that uses `st.cache_*` (docs/architecture.md, "Caching"):
the process's settings, its one pooled engine and its clock, then a cached twin of each
`queries` view with the same arguments, the engine left out of the key."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import streamlit as st
from sqlalchemy.engine import Engine

from queries.metrics import arrival
from queries.metrics.cuts import kpi_conversations
from queries.metrics.targets import channel_targets
from queries.plumbing.clock import clock_for
from queries.plumbing.config import load_settings
from queries.plumbing.db import make_engine
from queries.plumbing.filters import Filters
from queries.plumbing.labels import display_names as stored_names
from queries.plumbing.settings import Settings
from queries.views import agents as agents_queries
from queries.views import coverage as coverage_queries
from queries.views import csat as csat_queries
from queries.views import data_sources as source_queries
from queries.views import demand_zones as zone_queries
from queries.views import drill_sql, options
from queries.views import drilldown as drilldown_queries
from queries.views import fcr as fcr_queries
from queries.views import next_week as forecast_queries
from queries.views import nps as nps_queries
from queries.views import overview as overview_queries
from queries.views import retention as retention_queries
from queries.views import scorecard as scorecard_queries
from queries.views import service_by_hour as service_queries
from queries.views import surveys as survey_queries
from queries.views import voice as voice_queries

TTL = "5m"


@st.cache_resource
def settings() -> Settings:
    return load_settings()


@st.cache_resource
def primary() -> Engine:
    """The database that takes writes: sign-in's sessions and audit rows, People and access."""
    return make_engine(settings().database_url)


@st.cache_resource
def engine() -> Engine:
    """The database the pages read from: VIGIL_READ_DATABASE_URL (a replica, or a role that
    may only read) when set, else the primary (docs/deploying.md, "Reads from a replica")."""
    url = settings().read_database_url
    return primary() if url is None else make_engine(url)


def now() -> datetime:
    """Now, from the one clock (`queries.plumbing.clock`): the wall clock unless VIGIL_NOW
    pins it."""
    return clock_for(settings())()


def as_of_now() -> datetime:
    """Now, floored to the hour, so that cached results stay valid for the hour."""
    return now().replace(minute=0, second=0, microsecond=0)


@st.cache_data(ttl=TTL, show_spinner=False)
def display_names(language: str) -> dict[str, str]:
    return stored_names(engine(), language)


@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options() -> options.FilterOptions:
    return options.filter_options(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def overview(filters: Filters, as_of: datetime) -> overview_queries.Overview:
    return overview_queries.overview(
        engine(), filters, as_of=as_of, fcr_window_days=settings().fcr_window_days
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def overview_cost(filters: Filters) -> overview_queries.CostCentres:
    """The overview's cost-centre section: a read of its own (the shifts), so that it fails
    alone."""
    return overview_queries.cost_centres(engine(), filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage(
    filters: Filters,
    zone: str | None,
    targets: coverage_queries.Targets,
    now: datetime | None = None,
) -> coverage_queries.CoverageView:
    return coverage_queries.coverage_view(engine(), filters, zone, targets, now)


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
    return now().replace(second=0, microsecond=0)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_counts(filters: Filters) -> pl.DataFrame:
    """The one read behind the funnel and the response rates."""
    return survey_queries.survey_counts(engine(), filters)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_funnel(filters: Filters) -> survey_queries.SurveyFunnel:
    return survey_queries.survey_funnel(survey_counts(filters))


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_response_rates(filters: Filters) -> survey_queries.ResponseRates:
    return survey_queries.survey_response_rates(survey_counts(filters))


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_queue(now: datetime) -> survey_queries.SurveyQueue:
    return survey_queries.survey_queue(engine(), now)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def survey_failures() -> pl.DataFrame:
    return survey_queries.failures(engine())


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def data_sources(now: datetime) -> source_queries.DataSourcesView:
    return source_queries.data_sources_view(engine(), now)


@st.cache_data(ttl=OPS_TTL, show_spinner=False)
def job_heartbeat() -> survey_queries.Heartbeat:
    return survey_queries.job_heartbeat(engine())


# Value-centre pages: one cached function per page, from one read of the period.


@st.cache_data(ttl=TTL, show_spinner=False)
def answer_lag(as_of: datetime) -> timedelta | None:
    """The lag within which 90 % of survey answers arrive (`queries.metrics.arrival`)."""
    return arrival.answer_lag(engine(), as_of)


@st.cache_data(ttl=TTL, show_spinner=False)
def csat_view(filters: Filters) -> csat_queries.CsatView:
    return csat_queries.csat_view(engine(), filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def nps_view(filters: Filters) -> nps_queries.NpsView:
    return nps_queries.nps_view(engine(), filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def fcr_view(filters: Filters, window_days: int) -> fcr_queries.FcrView:
    return fcr_queries.fcr_view(engine(), filters, window_days)


@st.cache_data(ttl=TTL, show_spinner=False)
def drill_frame(filters: Filters, window_days: int) -> pl.DataFrame:
    """The period's conversations, read once for the cuts paged SQL cannot say
    (`drill_sql.in_sql`: a local hour or night, a repeat contact)."""
    return kpi_conversations(engine(), filters, window_days)


@st.cache_data(ttl=TTL, show_spinner=False)
def drilldown(
    filters: Filters, cut: drilldown_queries.Cut, window_days: int
) -> drilldown_queries.Drilldown:
    if drill_sql.in_sql(cut):
        return drill_sql.listed(engine(), filters, cut, window_days, drilldown_queries.LIMIT)
    return drilldown_queries.behind(engine(), drill_frame(filters, window_days), filters, cut)


@st.cache_data(ttl=TTL, show_spinner=False)
def drill_choices(filters: Filters) -> drilldown_queries.DrillChoices:
    """What each drill-down cut can take in the period: once per filter set, not per cut."""
    return drilldown_queries.drill_choices(engine(), filters)


# Coverage: service by hour and next week's forecast.


@st.cache_data(ttl=TTL, show_spinner=False)
def service_hours(filters: Filters) -> service_queries.ServiceHours:
    """Service by hour, each channel against its own target (VIGIL_SERVICE_TARGETS)."""
    config = settings()
    targets = channel_targets(config.service_targets)
    return service_queries.service_hours(engine(), filters, targets, config.service_level)


@st.cache_data(ttl=TTL, show_spinner=False)
def next_week(
    filters: Filters,
    now: datetime,
    weeks: int,
    targets: coverage_queries.Targets,
    span: forecast_queries.Span = "days",
) -> forecast_queries.NextWeekView:
    return forecast_queries.forecast(engine(), filters, now, weeks, targets, span)


# Retention and the value of service.


@st.cache_data(ttl=TTL, show_spinner=False)
def retention_view(filters: Filters, as_of: datetime) -> retention_queries.RetentionView:
    return retention_queries.retention_view(
        engine(), filters, as_of=as_of, fcr_window_days=settings().fcr_window_days
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def lifetime(filters: Filters, as_of: datetime) -> retention_queries.LifetimeView:
    return retention_queries.lifetime_view(
        engine(), filters, as_of=as_of, fcr_window_days=settings().fcr_window_days
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def voice_view(filters: Filters) -> voice_queries.VoiceView:
    return voice_queries.voice_view(engine(), filters)


# The 3A scorecard and the agent view.


def scorecard_settings() -> scorecard_queries.Settings3A:
    return scorecard_queries.Settings3A.of(settings())


@st.cache_data(ttl=TTL, show_spinner=False)
def scorecard_view(filters: Filters, as_of: datetime) -> scorecard_queries.ScorecardView:
    return scorecard_queries.scorecard_view(engine(), filters, scorecard_settings(), as_of)


@st.cache_data(ttl=TTL, show_spinner=False)
def agents_view(filters: Filters) -> agents_queries.AgentsView:
    return agents_queries.agents_view(engine(), filters, scorecard_settings())
