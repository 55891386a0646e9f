"""Service by hour (docs/metrics.md, "24-hour coverage"): first response and CSAT by local hour,
night against day.

Over the filtered period's conversations, per hour 0–23 of the display zone `tz`:
- first_response_median_s: the §3 median (`tallies.tally_by`), mean of the two middle values;
- first_response_p90_s: the 90th percentile of (first_response_at − opened_at), linear
  interpolation between closest ranks (numpy's default), over answered conversations;
- service_level: 100 × #(answered within its channel's target) / #(conversations), the
  targets per channel (`queries.metrics.targets`) or one for all. Every conversation
  counts in the denominator, so one never answered is one missed (as a queue would count it);
- csat, csat_low, csat_high: §3 CSAT and its Wilson interval through `tallies.rates`, so the
  page shows the same CSAT as the value-centre tiles.
Night is 22:00–07:00 of the display zone (`NIGHT_START`…`NIGHT_END`, as on the time-zone
page, but here on the centre's clock: the hours the roster covers thinly).

All rates are 0–100 floats, null where the denominator is 0; seconds are floats.
`night_day` is typed (`NightDay`): each side's share of the period's contacts and its rates,
the night's carrying their change against the day (night − day).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.changes import Change
from queries.metrics.cuts import group_rates
from queries.metrics.hours import is_night
from queries.metrics.periods import period_conversations
from queries.metrics.rates import Rate, rate_row
from queries.metrics.tallies import FIRST_RESPONSE_S
from queries.plumbing.filters import Filters
from queries.plumbing.schema import CHANNELS

HOURS = 24
P90 = 0.9
HOUR_COLUMNS = {
    "conversations": pl.Int64,
    "first_response_n": pl.Int64,
    "first_response_median_s": pl.Float64,
    "first_response_p90_s": pl.Float64,
    "in_target": pl.Int64,
    "service_level": pl.Float64,
    "csat_n": pl.Int64,
    "csat_satisfied": pl.Int64,
    "csat": pl.Float64,
    "csat_low": pl.Float64,
    "csat_high": pl.Float64,
}
"""The measures of every row, after its group columns."""
HOUR_COUNTS = ("conversations", "first_response_n", "csat_n", "csat_satisfied")
HOUR_RATES = ("first_response_median_s", "csat")
SERVICE_COLUMNS = ("channel", "opened_at", "first_response_at", "csat")


@dataclass(frozen=True, slots=True)
class ServiceSide:
    """Night or day over the period: its conversations and their share of the period's
    (n = every conversation); the median first response (n = answered) and its p90; the
    service level (n = conversations) and CSAT (n = answers, Wilson interval)."""

    conversations: int
    share: Rate
    first_response: Rate
    first_response_p90_s: float | None
    service_level: Rate
    csat: Rate


@dataclass(frozen=True, slots=True)
class NightDay:
    """The night (22:00–07:00 of the display zone), its rates' change = night − day, and
    the day."""

    night: ServiceSide
    day: ServiceSide


@dataclass(frozen=True, slots=True)
class ServiceHours:
    """by_hour: hour (0–23, every hour) and `HOUR_COLUMNS`; by_channel: channel, hour (every
    hour per channel that wrote) and `HOUR_COLUMNS`; night_day: `NightDay`; targets: each
    channel's answer-within seconds of service_level; target_level: the service-level target,
    0–100."""

    by_hour: pl.DataFrame
    by_channel: pl.DataFrame
    night_day: NightDay
    targets: Mapping[str, float]
    target_level: float

    @property
    def target_s(self) -> float | None:
        """The one target every channel shares, None when they differ."""
        values = set(self.targets.values())
        return values.pop() if len(values) == 1 else None

    @property
    def empty(self) -> bool:
        """No conversation in the period."""
        return int(self.by_hour["conversations"].sum()) == 0


Target = float | Mapping[str, float]
"""One answer-within target in seconds for every channel, or one per channel."""


def per_channel(target_s: Target) -> dict[str, float]:
    if isinstance(target_s, Mapping):
        return {c: float(target_s[c]) for c in CHANNELS}
    return dict.fromkeys(CHANNELS, float(target_s))


def service_hours(
    engine: Engine, filters: Filters, target_s: Target, target_level: float = 0.80
) -> ServiceHours:
    """Service by display-zone hour over the filtered period (one read of the period);
    `target_level` is the service-level target as a share (0–1)."""
    frame = period_conversations(engine, filters, SERVICE_COLUMNS)
    return summarise_service(frame, filters.tz, target_s, target_level)


def with_service_columns(conversations: pl.DataFrame, tz: str, target_s: Target) -> pl.DataFrame:
    """Add hour (in `tz`), night, first_response_s and in_target to `period_conversations`."""
    hour = pl.col("opened_at").dt.convert_time_zone(tz).dt.hour().cast(pl.Int64)
    target = pl.col("channel").replace_strict(per_channel(target_s), return_dtype=pl.Float64)
    return conversations.with_columns(hour=hour, first_response_s=FIRST_RESPONSE_S).with_columns(
        night=is_night(pl.col("hour")),
        in_target=pl.col("first_response_s").le(target).fill_null(False),
    )


def service_by(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """One row per group of a `with_service_columns` frame: the group columns and
    `HOUR_COLUMNS` (counts, median and CSAT from `cuts.group_rates`), sorted by the
    group columns."""
    keys = list(by)
    rated = group_rates(frame, keys, HOUR_COUNTS, HOUR_RATES)
    extra = frame.group_by(keys).agg(
        first_response_p90_s=pl.col("first_response_s").quantile(P90, interpolation="linear"),
        in_target=pl.col("in_target").sum().cast(pl.Int64),
    )
    conversations = pl.col("conversations")
    level = pl.when(conversations > 0).then(100 * pl.col("in_target") / conversations)
    return (
        rated.join(extra, on=keys, how="left", maintain_order="left")
        .with_columns(service_level=level)
        .select(*keys, *HOUR_COLUMNS)
    )


def _every_hour(rows: pl.DataFrame, grid: pl.DataFrame) -> pl.DataFrame:
    """Left-join `rows` onto `grid` (all hours), counts 0 and rates null where nobody wrote."""
    counts = [name for name, dtype in HOUR_COLUMNS.items() if dtype == pl.Int64]
    return (
        grid.join(rows, on=grid.columns, how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .sort(grid.columns)
    )


def _side(row: dict[str, Any], total: int) -> ServiceSide:
    return ServiceSide(
        conversations=row["conversations"],
        share=Rate(100 * row["conversations"] / total if total else None, total),
        first_response=Rate(row["first_response_median_s"], row["first_response_n"]),
        first_response_p90_s=row["first_response_p90_s"],
        service_level=Rate(row["service_level"], row["conversations"]),
        csat=rate_row(row, "csat", "csat_n"),
    )


def _against(night: Rate, day: Rate) -> Rate:
    """`night` with its change against `day` (no test: p-value None)."""
    if night.value is None or day.value is None:
        return night
    return night.compared(Change(night.value - day.value))


def night_and_day(rows: pl.DataFrame) -> NightDay:
    """`NightDay` from the two rows (night True, False) of `service_by(frame, ["night"])`."""
    by_side = {row["night"]: row for row in rows.iter_rows(named=True)}
    total = sum(row["conversations"] for row in by_side.values())
    night, day = _side(by_side[True], total), _side(by_side[False], total)
    night = replace(
        night,
        first_response=_against(night.first_response, day.first_response),
        service_level=_against(night.service_level, day.service_level),
        csat=_against(night.csat, day.csat),
    )
    return NightDay(night, day)


def summarise_service(
    conversations: pl.DataFrame, tz: str, target_s: Target, target_level: float = 0.80
) -> ServiceHours:
    """`ServiceHours` from a `period_conversations` frame (pure; testable without a database)."""
    frame = with_service_columns(conversations, tz, target_s)
    hours = pl.DataFrame({"hour": range(HOURS)}, schema={"hour": pl.Int64})
    channels = frame.select(pl.col("channel").unique().sort()).join(hours, how="cross")
    nights = pl.DataFrame({"night": [True, False]})
    return ServiceHours(
        by_hour=_every_hour(service_by(frame, ["hour"]), hours),
        by_channel=_every_hour(service_by(frame, ["channel", "hour"]), channels),
        night_day=night_and_day(_every_hour(service_by(frame, ["night"]), nights)),
        targets=per_channel(target_s),
        target_level=100 * target_level,
    )
