"""The retention page's view: retention at 30, 60 and 90 days after first contact, cohorts, and
what service is worth (`queries.metrics.worth`, docs/metrics.md "Retention and value")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.contact_facts import first_contacts
from queries.metrics.cuts import kpi_conversations
from queries.metrics.horizons import HORIZONS
from queries.metrics.lifetime import customer_lifetime, lifetime_by_outcome, lifetime_differences
from queries.metrics.retention import activity_window
from queries.metrics.value import CLV_DAYS, REPURCHASE_DAYS
from queries.metrics.worth import (
    OUTCOME_COLUMNS,
    RetentionView,
    activity_for,
    customer_value,
    summarise_retention,
    value_of_service,
)
from queries.plumbing.filters import Filters
from queries.summaries.cohorts import cohort_groups
from queries.summaries.read import serves


def retention_view(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> RetentionView:
    """Everything the retention page shows."""
    customers = cohort(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return summarise_retention(customers, filters.tz, as_of)


def cohort(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> pl.DataFrame:
    """The filtered period's customers as of `as_of`: the summaries' cohort groups when they
    serve the period (docs/summaries.md), else `customer_frame`."""
    if serves(engine, filters, fcr_window_days):
        return cohort_groups(engine, filters, as_of)
    return customer_frame(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)


def customer_frame(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> pl.DataFrame:
    """`customer_value` of the filtered period's customers, as of `as_of` (timezone-aware),
    from the rows and their activity."""
    conversations = kpi_conversations(engine, filters, fcr_window_days, OUTCOME_COLUMNS)
    first = first_contacts(conversations)
    return customer_value(first, activity_for(engine, first, as_of), as_of)


def service_value(
    engine: Engine, filters: Filters, *, as_of: datetime, days: int = 90, fcr_window_days: int = 7
) -> pl.DataFrame:
    """`value_of_service` of the filtered period at `days` (30, 60 or 90), as of `as_of`."""
    if days not in HORIZONS:
        raise ValueError(f"days must be one of {HORIZONS}, got {days}")
    customers = cohort(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return value_of_service(customers, days)


@dataclass(frozen=True, slots=True)
class LifetimeView:
    """Repurchase and lifetime value of the period's customers (`metrics.lifetime`):
    by_outcome (LIFETIME_COLUMNS: "all", then each FCR and CSAT group) and differences
    (better − worse, DIFFERENCE_COLUMNS)."""

    by_outcome: pl.DataFrame
    differences: pl.DataFrame

    @property
    def total(self) -> dict[str, Any]:
        """The "all" row of `by_outcome`."""
        return self.by_outcome.row(0, named=True)

    @property
    def empty(self) -> bool:
        return self.total["repurchase_n"] == 0 and self.total["projection_n"] == 0


def lifetime_view(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> LifetimeView:
    """Repurchase within 90 days, CLV over 365 days and its 12-month projection, by outcome."""
    conversations = kpi_conversations(engine, filters, fcr_window_days, OUTCOME_COLUMNS)
    first = first_contacts(conversations)
    window = (REPURCHASE_DAYS, CLV_DAYS)
    activity = activity_window(engine, first, as_of, window, amount=True, kind=True)
    customers = customer_lifetime(first, activity, as_of)
    return LifetimeView(lifetime_by_outcome(customers), lifetime_differences(customers))
