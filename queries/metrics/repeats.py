"""Repeat-contact detection for first contact resolution (docs/metrics.md, `fcr`).

A repeat contact of a resolved conversation x is another conversation y of the same
customer with the same category (two null categories are the same), with
x.opened_at < y.opened_at ≤ x.resolved_at + window. Choices:

- y may lie outside the period (after it, typically): it is read from the database.
- y is *not* subject to the channel and team filters. A customer whose chat was not
  solved and who then phones has not had the chat solved, whoever took the call; and it
  keeps FCR per channel (filter or group-by) consistent with the unfiltered FCR. The
  segment filter is a customer property, so y always shares x's segment.
- Ties: y must open strictly later than x, so two conversations opened at the same
  instant are not repeats of each other; the next strictly later one still counts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations

KEYS = ("customer_id", "category", "opened_at")
NEVER = datetime(9999, 12, 31, tzinfo=UTC)  # "no later opening in the group"


def repeat_candidates(
    engine: Engine, period: pl.DataFrame, filters: Filters, until: datetime
) -> pl.DataFrame:
    """(customer_id, category, opened_at) of the conversations, of any channel or team, of
    `period`'s customers that `period` lacks and that open by `until` (inclusive).

    Without channel or team filters `period` holds every in-period conversation of its
    customers, so only the time after the period is read.
    """
    lo, hi = filters.bounds_utc()
    since = lo if filters.channels or filters.teams else hi
    c = conversations.c
    stmt = sa.select(c.customer_id, c.category, c.opened_at).where(
        c.opened_at >= since, c.opened_at <= until
    )
    later = read_frame(engine, stmt)
    return later.join(period.select("customer_id").unique(), on="customer_id", how="semi")


def flag_repeat_contacts(
    period: pl.DataFrame, candidates: pl.DataFrame, window_days: int = 7
) -> pl.DataFrame:
    """`period` plus `next_opened_at` and a boolean `repeat_contact` (null when unresolved).

    Pure Polars. All openings sorted by customer, category and time: for each x the next
    strictly later opening in its group is the only y that can fall in x's window. Rows
    that tie take the value of the last row of their tie.
    """
    keys = list(KEYS)
    rows = pl.concat(
        [
            period.select(keys).with_row_index("row"),
            candidates.select(pl.lit(None, pl.UInt32).alias("row"), *keys),
        ],
        how="vertical_relaxed",
    )
    # integer codes instead of strings make the sort several times faster
    ordered = rows.with_columns(pl.col("category").cast(pl.Categorical).to_physical()).sort(keys)
    following = pl.col("opened_at").shift(-1)
    same_customer = (pl.col("customer_id") == pl.col("customer_id").shift(-1)).fill_null(False)
    same_group = same_customer & pl.col("category").eq_missing(pl.col("category").shift(-1))
    next_instant = (
        pl.when(~same_group)
        .then(pl.lit(NEVER))  # the last row of its group
        .when(following > pl.col("opened_at"))
        .then(following)  # otherwise null: a tie with the next row
    )
    found = (
        ordered.with_columns(next_opened_at=next_instant)
        .with_columns(pl.col("next_opened_at").backward_fill())
        .filter(pl.col("row").is_not_null())
        .sort("row")
    )
    next_opened_at = pl.col("next_opened_at")
    deadline = pl.col("resolved_at") + pl.duration(days=window_days)
    return (
        period.with_columns(found.get_column("next_opened_at"))
        .with_columns(next_opened_at=pl.when(next_opened_at < NEVER).then(next_opened_at))
        .with_columns(
            repeat_contact=pl.when(pl.col("resolved_at").is_not_null()).then(
                next_opened_at.is_not_null() & (next_opened_at <= deadline)
            )
        )
    )


def with_repeat_contacts(
    engine: Engine, period: pl.DataFrame, filters: Filters, window_days: int = 7
) -> pl.DataFrame:
    """`period` (from `period_conversations(engine, filters)`) plus `repeat_contact`."""
    if window_days < 0:
        raise ValueError(f"the FCR window must be ≥ 0 days, got {window_days}")
    latest: datetime | None = period.get_column("resolved_at").max()  # type: ignore[assignment]
    if latest is None:  # nothing resolved: no x needs a y
        candidates = period.clear().select(KEYS)
    else:
        until = latest + timedelta(days=window_days)
        candidates = repeat_candidates(engine, period, filters, until)
    return flag_repeat_contacts(period, candidates, window_days)
