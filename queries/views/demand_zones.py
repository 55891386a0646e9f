"""Where demand comes from: the period's conversations by customer time zone (docs/metrics.md,
"24-hour coverage").

- `by_hour`: conversations per local hour of the display zone, one series per customer zone;
- `local_hours`: conversations per customer zone and the customer's OWN local hour;
- `nights`: per customer zone, the share of its contacts opened in its own local night
  (22:00–07:00, `NIGHT_START`…`NIGHT_END`) and the median first response of those night
  contacts against its day contacts: the golden rescue moments.

A customer with no time zone is counted in the display zone. Rates are 0–100 floats;
medians are seconds (mean of the two middle values for an even count), null without answers.
`local_shares` completes `local_hours` for the heatmap: every hour of each zone, with the
share (0–100) of that zone's contacts in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from queries.metrics.cuts import customer_zones, with_local_hour
from queries.metrics.hours import HOURS, is_night
from queries.metrics.periods import in_period, period_source
from queries.metrics.rates import Rate
from queries.metrics.tallies import FIRST_RESPONSE_S
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations


@dataclass(frozen=True, slots=True)
class ZoneTotals:
    """Over every customer zone: how many zones wrote, the contacts, those in the customer's
    own night and their share (n = conversations), the night median first response
    (n = night contacts answered) and the day one."""

    zones: int
    conversations: int
    night: int
    night_share: Rate
    night_first_response: Rate
    day_first_response_median_s: float | None


@dataclass(frozen=True, slots=True)
class DemandZones:
    """by_hour: (hour, zone, conversations); local_hours: (zone, local_hour, conversations);
    local_shares: (zone, local_hour, conversations, share), 24 hours per zone, the zone with
    most contacts first; nights: (zone, conversations, night, night_share,
    night_first_response_median_s, night_answered, day_first_response_median_s), most
    contacts first; totals: `ZoneTotals`."""

    by_hour: pl.DataFrame
    local_hours: pl.DataFrame
    local_shares: pl.DataFrame
    nights: pl.DataFrame
    totals: ZoneTotals

    @property
    def empty(self) -> bool:
        return self.totals.conversations == 0


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
    for a customer without one (`metrics.cuts.with_local_hour`)."""
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
    totals = contacts.select(night_columns).with_columns(night_share=share).row(0, named=True)
    return DemandZones(
        by_hour, local_hours, hour_shares(local_hours), nights, zone_totals(totals, nights.height)
    )


def zone_totals(row: dict[str, Any], zones: int) -> ZoneTotals:
    """`ZoneTotals` from the one row of night columns over every zone."""
    return ZoneTotals(
        zones=zones,
        conversations=row["conversations"],
        night=row["night"],
        night_share=Rate(row["night_share"], row["conversations"]),
        night_first_response=Rate(row["night_first_response_median_s"], row["night_answered"]),
        day_first_response_median_s=row["day_first_response_median_s"],
    )


def hour_shares(local_hours: pl.DataFrame) -> pl.DataFrame:
    """(zone, local_hour, conversations, share) for every local hour of each zone in
    `local_hours`: share = 100 × the hour's conversations / the zone's; the zones with most
    contacts first (then by name), hours 0–23."""
    totals = (
        local_hours.group_by("zone")
        .agg(pl.col("conversations").sum().alias("total"))
        .sort(["total", "zone"], descending=[True, False])
        .with_row_index("rank")
    )
    hours = pl.DataFrame({"local_hour": HOURS}, schema={"local_hour": pl.Int64})
    return (
        totals.join(hours, how="cross")
        .join(local_hours, on=["zone", "local_hour"], how="left")
        .with_columns(pl.col("conversations").fill_null(0))
        .with_columns(share=100 * pl.col("conversations") / pl.col("total"))
        .sort("rank", "local_hour")
        .select("zone", "local_hour", "conversations", "share")
    )
