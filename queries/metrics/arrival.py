"""When a day's survey answers are in (docs/metrics.md, "Answers still arriving").

Answers arrive over days after the conversation: surveys go out after resolution and
customers answer when they read them. A trend that ends today would show a collapse built on
the few answers already in. The rule, measured from the data:

- the answer lag of a response is responded_at − opened_at of its conversation (answers are
  attributed to the day the conversation opened);
- `ARRIVAL_SHARE` (90 %) of answers arrive within the lag L, the 90th percentile (nearest
  rank) over the latest `SAMPLE` answers through a survey link before as-of;
- a local day d is **provisional** while d + 1 00:00 + L > as-of: from the local date of
  as-of − L on, fewer than 90 % of its eventual answers are typically in.

Without link answers there is nothing to measure: no day is marked.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading
from queries.plumbing.schema import conversations, survey_responses

ARRIVAL_SHARE = 0.9
SAMPLE = 20_000


def answer_lag(engine: Engine, as_of: datetime) -> timedelta | None:
    """The lag within which ARRIVAL_SHARE of the latest SAMPLE link answers arrived."""
    r, c = survey_responses.c, conversations.c
    stmt = (
        sa.select(r.responded_at, c.opened_at)
        .join(conversations, conversations.c.id == r.conversation_id)
        .where(r.source == "link", r.responded_at <= as_of)
        .order_by(r.responded_at.desc())
        .limit(SAMPLE)
    )
    with reading(engine) as conn:
        lags = sorted(
            max(responded - opened, timedelta(0)) for responded, opened in conn.execute(stmt)
        )
    if not lags:
        return None
    return lags[max(math.ceil(ARRIVAL_SHARE * len(lags)) - 1, 0)]


def provisional_from(lag: timedelta | None, as_of: datetime, tz: str) -> date | None:
    """The first local day whose answers are still arriving (see the module doc)."""
    if lag is None:
        return None
    return (as_of - lag).astimezone(ZoneInfo(tz)).date()
