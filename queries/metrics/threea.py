"""The 3A components from the period's frames (docs/metrics.md, "3A scorecard").

Inputs: the period's conversations (`cuts.kpi_conversations` with `local_hour` and
`local_weekday` of the customer, `with_local_time`), their review scores
(`reviews.period_review_scores`), the negative survey comments and, for the floor as a whole,
the 168 coverage cells. The service columns and the channel and floor measures are here,
all pure; the pillars of the period and of each group: `threea_groups`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from queries.metrics.hours import is_night
from queries.metrics.pillars import Component, share

WEEK_HOURS = 168
WAIT_S = (pl.col("first_response_at") - pl.col("opened_at")).dt.total_microseconds() / 1e6


@dataclass(frozen=True, slots=True)
class Inputs:
    """conversations: one row per conversation (see the module); scores: one row per scored
    review category; comments: conversation_id, comment of the answers with CSAT ≤ 2; cells:
    the coverage cells (weekday, hour, gap) or None for a part of the floor."""

    conversations: pl.DataFrame
    scores: pl.DataFrame
    comments: pl.DataFrame
    cells: pl.DataFrame | None = None


def with_local_time(
    conversations: pl.DataFrame, zones: pl.DataFrame, default_tz: str
) -> pl.DataFrame:
    """Add `local_hour` (0–23) and `local_weekday` (Monday 0) of opened_at in the customer's
    own zone (`zones`: customer_id, time_zone), `default_tz` without one; DST-correct."""
    frame = conversations.join(zones, on="customer_id", how="left").with_columns(
        pl.col("time_zone").fill_null(default_tz)
    )
    parts = []
    for (zone,), part in frame.group_by("time_zone", maintain_order=True):
        local = pl.col("opened_at").dt.convert_time_zone(str(zone))
        parts.append(
            part.with_columns(
                local_hour=local.dt.hour().cast(pl.Int64),
                local_weekday=(local.dt.weekday() - 1).cast(pl.Int64),
            )
        )
    if not parts:
        return frame.with_columns(
            local_hour=pl.lit(None, pl.Int64), local_weekday=pl.lit(None, pl.Int64)
        )
    return pl.concat(parts).sort("id")


def with_service(conversations: pl.DataFrame, targets: Mapping[str, int]) -> pl.DataFrame:
    """Add `sl_eligible` (answered, or resolved with no first response: a missed contact) and
    `sl_within` (first response within its channel's target) and `off_hours` (the customer's
    night 22–07 or their Saturday and Sunday)."""
    target = pl.col("channel").replace_strict(dict(targets), default=None, return_dtype=pl.Float64)
    answered = pl.col("first_response_at").is_not_null()
    unanswered = ~answered & pl.col("resolved_at").is_not_null()
    off = is_night(pl.col("local_hour")) | (pl.col("local_weekday") >= 5)
    return conversations.with_columns(
        sl_eligible=answered | unanswered,
        sl_within=(answered & (target >= WAIT_S)).fill_null(False),
        off_hours=off.fill_null(False),
        unanswered=unanswered,
    )


def _count(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return int(frame.select(condition.fill_null(False).sum().cast(pl.Int64)).item())


def service_level(frame: pl.DataFrame, key: str, total: int) -> Component:
    """The share of eligible conversations answered within their channel's target."""
    eligible = frame.filter(pl.col("sl_eligible"))
    return share(key, _count(eligible, pl.col("sl_within")), eligible.height, total)


def service_by_channel(frame: pl.DataFrame, targets: Mapping[str, int]) -> list[Component]:
    """`service_level` of each channel with conversations, keyed by the channel."""
    total = frame.height
    channels = sorted(set(frame["channel"].to_list()))
    return [
        service_level(frame.filter(pl.col("channel") == channel), channel, total)
        for channel in channels
    ]


def hours_covered(cells: pl.DataFrame | None) -> Component:
    """The share of the week's 168 weekday-hours with no coverage gap (gap ≤ 0); unmeasured
    without cells or when no gap is known (no handle time)."""
    if cells is None or cells["gap"].null_count() == cells.height:
        return Component("hours_covered", None, 0)
    known = cells.filter(pl.col("gap").is_not_null())
    covered = _count(known, pl.col("gap") <= 0)
    return Component("hours_covered", 100 * covered / known.height, known.height)


def staffed_hours(frame: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Per channel: the weekday-hours of `tz` in which it sent a first response (`hours`,
    of 168) and whether that is every hour (`every_hour`): the evidence that someone worked
    the channel then, since a shift carries no channel."""
    local = pl.col("first_response_at").dt.convert_time_zone(tz)
    cells = frame.filter(pl.col("first_response_at").is_not_null()).select(
        "channel", cell=(local.dt.weekday() - 1) * 24 + local.dt.hour().cast(pl.Int32)
    )
    hours = cells.group_by("channel").agg(hours=pl.col("cell").n_unique().cast(pl.Int64))
    return hours.with_columns(every_hour=pl.col("hours") == WEEK_HOURS).sort("channel")
