"""Where demand comes from: the period's conversations by customer time zone (docs/metrics.md,
"24-hour coverage").

- `by_hour`: conversations per local hour of the display zone, one series per customer zone;
- `local_hours`: conversations per customer zone and the customer's OWN local hour;
- `nights`: per customer zone, the share of its contacts opened in its own local night
  (22:00–07:00, `NIGHT_START`…`NIGHT_END`) and the median first response of those night
  contacts against its day contacts: the golden rescue moments.

A customer with no time zone is counted in the display zone. Rates are 0–100 floats;
medians are seconds (mean of the two middle values for an even count), null without answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from queries.metrics.cuts import customer_zones, with_local_hour
from queries.metrics.hours import is_night
from queries.metrics.periods import in_period, period_source
from queries.metrics.tallies import FIRST_RESPONSE_S
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations


@dataclass(frozen=True, slots=True)
class DemandZones:
    """by_hour: (hour, zone, conversations); local_hours: (zone, local_hour, conversations);
    nights: (zone, conversations, night, night_share, night_first_response_median_s,
    night_answered, day_first_response_median_s), most contacts first; totals: the same
    keys (but zone) over every zone, plus zones (how many customer zones wrote)."""

    by_hour: pl.DataFrame
    local_hours: pl.DataFrame
    nights: pl.DataFrame
    totals: dict[str, Any]


def _contacts_select(filters: Filters) -> Select[Any]:
    c = conversations.c
    return (
        sa.select(c.customer_id, c.opened_at, c.first_response_at)
        .select_from(period_source(filters))
        .where(*in_period(filters))
    )


def zone_contacts(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(zone, hour, local_hour, first_response_s) per conversation of the filtered period:
    hour in the display zone, local_hour in the customer's own zone, or in the display zone
    for a customer without one (`breakdowns.with_local_hour`)."""
    frame = read_frame(engine, _contacts_select(filters))
    local = with_local_hour(frame, customer_zones(engine), filters.tz)
    return local.select(
        zone=pl.col("time_zone").cast(pl.String),
        hour=pl.col("opened_at").dt.convert_time_zone(filters.tz).dt.hour().cast(pl.Int64),
        local_hour=pl.col("local_hour"),
        first_response_s=FIRST_RESPONSE_S.cast(pl.Float64),
    )


def demand_zones(engine: Engine, filters: Filters) -> DemandZones:
    """The three views of the filtered period's demand by customer zone."""
    return summarise_zones(zone_contacts(engine, filters))


def summarise_zones(contacts: pl.DataFrame) -> DemandZones:
    """`DemandZones` from a `zone_contacts` frame (pure; testable without a database)."""
    count = pl.len().cast(pl.Int64).alias("conversations")
    by_hour = contacts.group_by("hour", "zone").agg(count).sort("hour", "zone")
    local_hours = contacts.group_by("zone", "local_hour").agg(count).sort("zone", "local_hour")
    night = is_night(pl.col("local_hour"))
    answered = pl.col("first_response_s").is_not_null()
    night_columns = [
        count,
        night.sum().cast(pl.Int64).alias("night"),
        (night & answered).sum().cast(pl.Int64).alias("night_answered"),
        pl.col("first_response_s").filter(night).median().alias("night_first_response_median_s"),
        pl.col("first_response_s").filter(~night).median().alias("day_first_response_median_s"),
    ]
    share = pl.when(pl.col("conversations") > 0).then(
        100 * pl.col("night") / pl.col("conversations")
    )
    order = (
        "conversations",
        "night",
        "night_share",
        "night_first_response_median_s",
        "night_answered",
        "day_first_response_median_s",
    )
    nights = (
        contacts.group_by("zone")
        .agg(night_columns)
        .with_columns(night_share=share)
        .sort(["conversations", "zone"], descending=[True, False])
        .select("zone", *order)
    )
    totals = contacts.select(night_columns).with_columns(night_share=share).select(order)
    return DemandZones(
        by_hour, local_hours, nights, totals.row(0, named=True) | {"zones": nights.height}
    )
