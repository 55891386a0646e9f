"""Cuts of the period's conversations shared by the value-centre pages (CSAT, NPS, FCR).

Every per-group rate goes through `metrics.tally_by` and `metrics.rates`, so a rate per
channel, per week or per local hour has exactly the §3 definition of the headline tile.

- `kpi_conversations`: the period's conversations with `repeat_contact` (one read per page);
- `trend_grain` / `with_bucket`: daily buckets, weekly (Monday-start) when the period is long,
  both calendar days of the display zone;
- `group_rates`: one row per group with the chosen counts, rates and 95 % bounds;
- `customer_zones` / `with_local_hour`: the customer's own local hour of contact;
- `agent_names`: (agent_id, agent) for labelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import PERIOD_COLUMNS, period_conversations
from queries.metrics.repeats import with_repeat_contacts
from queries.metrics.tallies import METRIC_KEYS, counts_for, rates, tally_by
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import agents, customers

Grain = Literal["day", "week"]
WEEKLY_AFTER_DAYS = 60
"""A period longer than this many days is bucketed by week instead of by day."""


def kpi_conversations(
    engine: Engine,
    filters: Filters,
    fcr_window_days: int = 7,
    columns: Sequence[str] = PERIOD_COLUMNS,
) -> pl.DataFrame:
    """`period_conversations` (with `columns`, which must include customer_id, category,
    opened_at and resolved_at) plus `next_opened_at` and `repeat_contact` (a cheap second
    read)."""
    frame = period_conversations(engine, filters, columns)
    return with_repeat_contacts(engine, frame, filters, fcr_window_days)


def trend_grain(filters: Filters) -> Grain:
    return "week" if filters.days > WEEKLY_AFTER_DAYS else "day"


def with_bucket(conversations: pl.DataFrame, tz: str, grain: Grain) -> pl.DataFrame:
    """Add `bucket` (Date): the local day of opened_at in `tz`, or the Monday of its week."""
    local_day = pl.col("opened_at").dt.convert_time_zone(tz).dt.date()
    bucket = local_day if grain == "day" else local_day.dt.truncate("1w")
    return conversations.with_columns(bucket=bucket)


def group_rates(
    conversations: pl.DataFrame,
    by: str | Sequence[str],
    counts: Sequence[str],
    values: Sequence[str],
) -> pl.DataFrame:
    """One row per group, sorted by the group columns (nulls last): the group columns, the
    `tally` counts named in `counts`, then each §3 rate in `values` (0–100 or NPS points,
    null when undefined) followed by `<rate>_low` / `<rate>_high` when §3 has an interval."""
    keys = [by] if isinstance(by, str) else list(by)
    schema: dict[str, Any] = {key: conversations.schema[key] for key in keys}
    schema |= {name: pl.Int64 for name in counts}
    for value in values:
        schema[value] = pl.Float64
        if f"{value}_ci" in METRIC_KEYS:
            schema |= {f"{value}_low": pl.Float64, f"{value}_high": pl.Float64}
    rows = []
    for row in tally_by(conversations, keys, counts_for(values, counts)).iter_rows(named=True):
        computed = rates(row)
        out = {name: row[name] for name in (*keys, *counts)}
        for value in values:
            out[value] = computed[value]
            if f"{value}_ci" in METRIC_KEYS:
                low, high = computed[f"{value}_ci"] or (None, None)
                out |= {f"{value}_low": low, f"{value}_high": high}
        rows.append(out)
    return pl.DataFrame(rows, schema=schema, orient="row")


def customer_zones(engine: Engine) -> pl.DataFrame:
    """(customer_id, time_zone) of every customer: two narrow columns."""
    c = customers.c
    return read_frame(engine, sa.select(c.id.label("customer_id"), c.time_zone))


def agent_names(engine: Engine) -> pl.DataFrame:
    """(agent_id, agent): each agent's name."""
    return read_frame(
        engine, sa.select(agents.c.id.label("agent_id"), agents.c.name.label("agent"))
    )


def with_local_hour(
    conversations: pl.DataFrame, zones: pl.DataFrame, default_tz: str
) -> pl.DataFrame:
    """Add `local_hour` (Int64, 0–23): the hour of opened_at in the customer's own time zone
    (`zones`: customer_id, time_zone), or in `default_tz` when the customer has none.
    DST-correct: each zone is converted as a whole. Row order is not kept."""
    frame = conversations.join(zones, on="customer_id", how="left").with_columns(
        pl.col("time_zone").fill_null(default_tz)
    )
    parts = [
        part.with_columns(
            local_hour=pl.col("opened_at")
            .dt.convert_time_zone(str(key[0]))
            .dt.hour()
            .cast(pl.Int64)
        )
        for key, part in frame.group_by("time_zone", maintain_order=True)
    ]
    if not parts:
        return frame.with_columns(local_hour=pl.lit(None, pl.Int64))
    return pl.concat(parts)
