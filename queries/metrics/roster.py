"""The roster maths of 24-hour coverage (docs/metrics.md, "Coverage"): local hours built
DST-correctly, shift seconds spread over them, and the Erlang C staff each hour needs.

DST. The hour (date, hh) is the set of instants whose wall clock in `tz` reads that date and
an hh:mm time, i.e. [aware local hh:00 → UTC, aware local (hh+1):00 → UTC), both ends built
with zoneinfo (fold = 0), exactly as `Filters.bounds_utc` builds the period's edges. So:
- an hour that does not exist (spring forward, e.g. 02:00 in New York on 2024-03-10) is
  empty: it has 0 shift seconds and no conversations, but its date still counts in
  occurrences, so that weekday-hour's averages are diluted by one empty date;
- a repeated hour (fall back, 01:00 in New York on 2024-11-03) lasts two real hours: it
  collects 2 h of overlap per agent and the conversations of both passes.
Demand uses the same boundaries, so a conversation and a shift at the same instant always
land in the same cell.

Speed: shifts are read (starts_at, ends_at only) through `read_frame` and spread over the hour
boundaries with numpy (`searchsorted` + `repeat`), never a Python loop per shift; the only
Python loop is over the period's 24 × days hour boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import sqlalchemy as sa
from sqlalchemy.sql import Select

from queries.metrics.periods import in_period, period_source
from queries.metrics.staffing import predicted_service_level, required_agents
from queries.plumbing.filters import Filters
from queries.plumbing.schema import agents, conversations, shifts

HOURS = 24
WEEK = 7
MICROS = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CELL_SCHEMA = {"weekday": pl.Int64, "hour": pl.Int64, "demand": pl.Float64, "scheduled": pl.Float64}
"""The rows `with_staffing` takes."""
CONTRACT_COLUMNS = ("weekday", "hour", "demand", "scheduled", "required", "gap")
"""The row keys of `vigil coverage --json` (docs/metrics.md), in order."""


@dataclass(frozen=True, slots=True)
class Targets:
    """The service target: `level` of contacts answered within `seconds`, after `shrinkage`.
    With `channels` ((channel, seconds) pairs), each channel has its own target and model
    (`queries.metrics.channel_staffing`); e-mail and social agents work at `occupancy`."""

    seconds: float = 60
    level: float = 0.80
    shrinkage: float = 0.30
    channels: tuple[tuple[str, float], ...] = ()
    occupancy: float = 0.85


def wall_hours(zone: ZoneInfo, first_day: date, first_hour: int, count: int) -> list[datetime]:
    """`count` consecutive wall-clock hours in `zone` from (first_day, first_hour:00), aware
    and fold 0 (see the module doc on DST): consecutive elements bound one local hour."""
    return [
        datetime.combine(
            first_day + timedelta(days=(first_hour + k) // HOURS),
            time((first_hour + k) % HOURS),
            zone,
        )
        for k in range(count)
    ]


def micros(instants: pl.Series | Sequence[datetime]) -> np.ndarray:
    """µs since the epoch of a Datetime column or of aware instants."""
    if isinstance(instants, pl.Series):
        return instants.dt.epoch("us").to_numpy()
    return np.array(
        [(i.astimezone(UTC) - EPOCH) // timedelta(microseconds=1) for i in instants], np.int64
    )


def hour_boundaries(filters: Filters) -> np.ndarray:
    """24 × days + 1 UTC instants (µs since the epoch): local hour k of the period starts at
    element k and ends at element k + 1. A skipped local hour has zero width."""
    return micros(wall_hours(filters.zone, filters.start, 0, HOURS * filters.days + 1))


def occurrences(filters: Filters) -> np.ndarray:
    """The number of dates in [start, end] on each weekday, Monday = 0."""
    weekdays = (filters.start.weekday() + np.arange(filters.days)) % WEEK
    return np.bincount(weekdays, minlength=WEEK)


def cell_index(hour_index: np.ndarray, filters: Filters) -> np.ndarray:
    """Period hour index (day × 24 + hour) → weekday × 24 + hour."""
    weekday = (filters.start.weekday() + hour_index // HOURS) % WEEK
    return weekday * HOURS + hour_index % HOURS


def mean_handle_seconds(handle_seconds: pl.Series) -> float | None:
    """The average handle time (aht_s) of the conversations that have one; None if none has."""
    mean = handle_seconds.drop_nulls().mean()
    return None if mean is None else float(mean)  # type: ignore[arg-type]


def cell_frame(weekday: Any, hour: Any, demand: Any, scheduled: Any) -> pl.DataFrame:
    """The typed (weekday, hour, demand, scheduled) rows that `with_staffing` completes."""
    columns = {"weekday": weekday, "hour": hour, "demand": demand, "scheduled": scheduled}
    return pl.DataFrame(columns, schema=CELL_SCHEMA)


def shifts_select(filters: Filters) -> Select[Any]:
    """Shifts overlapping the period (only their bounds), cut by Filters.teams via agents.team."""
    lo, hi = filters.bounds_utc()
    source: Any = shifts
    terms = [shifts.c.starts_at < hi, shifts.c.ends_at > lo]
    if filters.teams:
        source = shifts.join(agents, agents.c.id == shifts.c.agent_id)
        terms.append(agents.c.team.in_(filters.teams))
    return sa.select(shifts.c.starts_at, shifts.c.ends_at).select_from(source).where(*terms)


def crew_select(filters: Filters) -> Select[Any]:
    """`shifts_select` with each shift's team and site ('' when unset)."""
    lo, hi = filters.bounds_utc()
    terms = [shifts.c.starts_at < hi, shifts.c.ends_at > lo]
    if filters.teams:
        terms.append(agents.c.team.in_(filters.teams))
    team, site = (
        sa.func.coalesce(col, "").label(col.name) for col in (agents.c.team, agents.c.site)
    )
    return (
        sa.select(shifts.c.starts_at, shifts.c.ends_at, team, site)
        .select_from(shifts.join(agents, agents.c.id == shifts.c.agent_id))
        .where(*terms)
    )


def crew_seconds(rows: pl.DataFrame, edges: np.ndarray) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The (team, site) groups of `crew_select` rows, sorted, and each one's shift seconds in
    each hour [edges[k], edges[k + 1]) (rows in group order)."""
    groups = sorted(set(zip(rows["team"], rows["site"], strict=True)))
    seconds = np.zeros((len(groups), edges.size - 1))
    for g, (team, site) in enumerate(groups):
        mine = rows.filter((pl.col("team") == team) & (pl.col("site") == site))
        seconds[g] = scheduled_seconds(micros(mine["starts_at"]), micros(mine["ends_at"]), edges)
    return groups, seconds


def scheduled_seconds(starts: np.ndarray, ends: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Shift seconds inside each period hour [edges[k], edges[k + 1]), vectorised over shifts.

    starts, ends and edges are µs since the epoch; returns len(edges) − 1 sums in seconds.
    """
    count = edges.size - 1
    first = np.clip(np.searchsorted(edges, starts, side="right") - 1, 0, count)
    last = np.clip(np.searchsorted(edges, ends, side="left"), 0, count)
    spans = np.maximum(last - first, 0)
    shift = np.repeat(np.arange(spans.size), spans)
    offset = np.arange(shift.size) - np.repeat(np.cumsum(spans) - spans, spans)
    bucket = first[shift] + offset
    overlap = np.minimum(ends[shift], edges[bucket + 1]) - np.maximum(starts[shift], edges[bucket])
    seconds = np.bincount(bucket, weights=np.maximum(overlap, 0) / MICROS, minlength=count)
    return seconds[:count]


def demand_select(filters: Filters) -> Select[Any]:
    """The period's conversations (opened_at, channel, handle_seconds), cut by
    channel/team/segment."""
    c = conversations.c
    return (
        sa.select(c.opened_at, c.channel, c.handle_seconds)
        .select_from(period_source(filters))
        .where(*in_period(filters))
    )


def with_staffing(frame: pl.DataFrame, aht_s: float | None, targets: Targets) -> pl.DataFrame:
    """Add required, gap and service_level to (weekday, hour, demand, scheduled) rows."""
    required: list[int | None] = []
    levels: list[float | None] = []
    for demand, scheduled in frame.select("demand", "scheduled").iter_rows():
        if demand <= 0:
            required.append(0)
            levels.append(None)
        elif aht_s is None:
            required.append(None)
            levels.append(None)
        else:
            required.append(
                required_agents(
                    demand,
                    aht_s,
                    target_s=targets.seconds,
                    service_level=targets.level,
                    shrinkage=targets.shrinkage,
                )
            )
            levels.append(
                predicted_service_level(
                    demand, aht_s, scheduled, target_s=targets.seconds, shrinkage=targets.shrinkage
                )
            )
    return (
        frame.with_columns(
            required=pl.Series(required, dtype=pl.Int64),
            service_level=pl.Series(levels, dtype=pl.Float64),
        )
        .with_columns(gap=pl.col("required") - pl.col("scheduled"))
        .select(*CONTRACT_COLUMNS, "service_level")
    )
