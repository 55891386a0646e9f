"""What the 3A scorecard reads for a period (docs/metrics.md, "3A scorecard"): the
conversations with their customer's local time and repeat contacts, the review scores and the
negative comments, as `threea.Inputs` (the coverage cells are added by the page's view)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from queries.metrics.cuts import customer_zones, kpi_conversations
from queries.metrics.periods import PERIOD_COLUMNS
from queries.metrics.reviews import period_review_scores
from queries.metrics.scripted import negative_comments
from queries.metrics.threea import Inputs, with_local_time
from queries.plumbing.filters import Filters

UNREAD = {"segment", "nps", "response_source", "responded_at", "invitation_status"}
COLUMNS = tuple(name for name in PERIOD_COLUMNS if name not in UNREAD)
"""The period columns the scorecard reads: all but the segment, NPS and the answer's source,
time and invitation."""


def scorecard_inputs(engine: Engine, filters: Filters, fcr_window_days: int = 7) -> Inputs:
    """The period's evidence; a customer without a zone counts in `filters.tz`."""
    frame = kpi_conversations(engine, filters, fcr_window_days, COLUMNS)
    frame = with_local_time(frame, customer_zones(engine), filters.tz)
    return Inputs(frame, period_review_scores(engine, filters), negative_comments(engine, filters))
