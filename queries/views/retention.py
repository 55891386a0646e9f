"""The retention page's view: retention at 30, 60 and 90 days after first contact, cohorts, and
what service is worth (`queries.metrics.worth`, docs/metrics.md "Retention and value")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from queries.metrics.worth import RetentionView, customer_frame, summarise_retention
from queries.plumbing.filters import Filters


def retention_view(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> RetentionView:
    """Everything the retention page shows."""
    customers = customer_frame(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return summarise_retention(customers, filters.tz, as_of)
