"""Next 7 days: a stated demand forecast for 168 coming hours against the shifts on the roster.

Let `now` (an aware instant; the page passes the current hour) read h0:mm on date D in the
display zone `tz`. The coming hours are 168 local hours (date, hh), each weekday-hour once:
- span "days" (the next 7 days): from (D, h0);
- span "week" (next week): from the next Monday 00:00 after D, to Sunday 24:00.

- demand of (date, hh): the mean number of conversations opened in the same weekday and local
  hour over the N (`weeks`) × 168 history hours just before (D, h0), i.e. its N most recent
  occurrences. A week without contacts in that hour counts 0, so the divisor is always N, and
  no history hour lies in the future. For span "days" that is (date − 7·i days, hh), i = 1…N;
- aht_s: mean handle_seconds of those history conversations;
- scheduled: shift seconds overlapping [date hh:00 tz, +1 h) ÷ 3600 (one date, so no average);
- required, gap, service_level: `channel_staffing.staff_cells` with the same `Targets`.
Hours are `roster.wall_hours`, as in `roster.hour_boundaries`: a skipped local hour (spring
forward) has zero width, holds no shift time and forecasts 0 contacts; a repeated hour lasts two.
Filters: tz, channels, teams and segments apply (teams also cut shifts); start/end do not.
The page's view (`NextWeekView`) carries the hours, the gaps still to fix and the tiles' summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.channel_staffing import channel_loads, staff_cells
from queries.metrics.forecast import DEFAULT_WEEKS, weekday_hour_demand
from queries.metrics.gap_blocks import empty_blocks, gap_blocks
from queries.metrics.roster import (
    HOURS,
    WEEK,
    Targets,
    cell_frame,
    crew_seconds,
    crew_select,
    micros,
    scheduled_seconds,
    wall_hours,
)
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters

SLOTS = WEEK * HOURS
Span = Literal["days", "week"]
SPANS: tuple[Span, ...] = ("days", "week")


def coming_start(local: datetime, span: Span) -> tuple[date, int]:
    """The first coming hour: this hour ("days") or the next Monday 00:00 ("week")."""
    if span == "days":
        return local.date(), local.hour
    return local.date() + timedelta(days=WEEK - local.weekday()), 0


@dataclass(frozen=True, slots=True)
class ForecastSummary:
    """Over the coming week: expected contacts, agent-hours required and on shift, and the
    understaffed hours and agent-hours missing (the sum of positive gaps)."""

    contacts: float
    agent_hours_required: float
    agent_hours_scheduled: float
    understaffed_hours: int
    agent_hours_missing: float


@dataclass(frozen=True, slots=True)
class NextWeekView:
    """weeks: N; first: the first hour (local, aware); aht_s: None without handle times;
    hours: 168 rows in time order: date, weekday (Monday = 0), hour, demand, scheduled,
    required, gap, service_level; gaps: `gaps_still_to_fix`; summary: `forecast_summary`;
    blocks: `gap_blocks.gap_blocks` of the hours."""

    weeks: int
    first: datetime
    aht_s: float | None
    hours: pl.DataFrame
    gaps: pl.DataFrame
    summary: ForecastSummary
    blocks: pl.DataFrame = field(default_factory=empty_blocks)

    @classmethod
    def of(
        cls,
        weeks: int,
        first: datetime,
        aht_s: float | None,
        hours: pl.DataFrame,
        blocks: pl.DataFrame | None = None,
    ) -> NextWeekView:
        gaps, summary = gaps_still_to_fix(hours), forecast_summary(hours)
        return cls(
            weeks, first, aht_s, hours, gaps, summary, empty_blocks() if blocks is None else blocks
        )

    @property
    def has_shifts(self) -> bool:
        """Whether any shift is on the roster for the coming week."""
        return self.summary.agent_hours_scheduled > 0

    @property
    def last_date(self) -> date:
        """The local date of the last coming hour."""
        last: date = self.hours["date"][-1]
        return last

    @property
    def empty(self) -> bool:
        """Neither a contact to expect nor a shift on the roster: nothing to plan."""
        return self.summary.contacts == 0 and not self.has_shifts


def forecast(
    engine: Engine,
    filters: Filters,
    now: datetime,
    weeks: int = DEFAULT_WEEKS,
    targets: Targets | None = None,
    span: Span = "days",
) -> NextWeekView:
    """The 168 coming hours of `span` from `now` (see the module doc)."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(filters.zone)
    first_day, first_hour = coming_start(local, span)
    expected = weekday_hour_demand(engine, filters, now, weeks)
    slots = wall_hours(filters.zone, first_day, first_hour, SLOTS + 1)
    coming = micros(slots)
    exists = np.diff(coming) > 0
    slot_cell = np.array([s.weekday() * HOURS + s.hour for s in slots[:SLOTS]])
    by_channel = np.where(exists, expected.by_channel[:, slot_cell], 0.0)

    on_roster = replace(filters, start=first_day, end=first_day + timedelta(WEEK))
    roster = read_frame(engine, crew_select(on_roster))
    seconds = scheduled_seconds(micros(roster["starts_at"]), micros(roster["ends_at"]), coming)
    groups, crew = crew_seconds(roster, coming)
    slots = slots[:SLOTS]
    frame = cell_frame(
        [s.weekday() for s in slots],
        [s.hour for s in slots],
        np.where(exists, expected.demand[slot_cell], 0.0),
        seconds / 3600,
    )
    loads = channel_loads(by_channel, expected.channel_aht, expected.aht_s)
    staffed = staff_cells(frame, loads, expected.aht_s, targets or Targets())
    dates = pl.Series("date", [s.date() for s in slots], dtype=pl.Date)
    hours = staffed.select(pl.lit(dates).alias("date"), pl.all())
    blocks = gap_blocks(hours, crew / 3600, groups, cyclic=False)
    return NextWeekView.of(weeks, slots[0], expected.aht_s, hours, blocks)


def gaps_still_to_fix(hours: pl.DataFrame) -> pl.DataFrame:
    """The understaffed coming hours (gap > 0) in time order, with the `Forecast.hours` columns;
    gap is the agents missing in that hour."""
    return hours.filter(pl.col("gap") > 0)


def forecast_summary(hours: pl.DataFrame) -> ForecastSummary:
    """The `ForecastSummary` of `NextWeekView.hours`."""
    short = hours.filter(pl.col("gap") > 0)
    return ForecastSummary(
        contacts=float(hours["demand"].sum()),
        agent_hours_required=float(hours["required"].fill_null(0).sum()),
        agent_hours_scheduled=float(hours["scheduled"].sum()),
        understaffed_hours=short.height,
        agent_hours_missing=float(short["gap"].sum()),
    )
