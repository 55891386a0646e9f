"""24-hour coverage (docs/metrics.md, "24-hour coverage"): demand, agents on shift and the
Erlang C staff needed per weekday × hour.

For each weekday (Monday = 0) and local hour 0–23 of the display zone `tz`, over the period's
calendar dates [start, end]:

- occurrences(wd): the dates in [start, end] on that weekday;
- demand: the period's conversations opened in that local weekday and hour ÷ occurrences;
- scheduled: shift seconds overlapping [date hh:00 tz, +1 h) summed over those dates,
  ÷ 3600 ÷ occurrences (half an hour on shift counts 0.5);
- required: ceil(N / (1 − shrinkage)) with N from Erlang C (`metrics.staffing`), 0 without demand;
- gap: required − scheduled (positive = understaffed); service_level: what the scheduled
  agents would reach after shrinkage (`stats.predicted_service_level`), null without demand.

The hour rules (DST) and the staffing maths live in `queries.metrics.roster`. The page's
view (`coverage_view`) adds the gaps to fix and the headline numbers, read in the zone the
page's toggle chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.channel_staffing import (
    channel_counts,
    channel_handle_seconds,
    channel_loads,
    staff_cells,
)
from queries.metrics.forecast import weekday_hour_demand
from queries.metrics.gap_blocks import empty_blocks, gap_blocks
from queries.metrics.roster import (
    CONTRACT_COLUMNS,
    HOURS,
    WEEK,
    Targets,
    cell_frame,
    cell_index,
    crew_seconds,
    crew_select,
    demand_select,
    hour_boundaries,
    mean_handle_seconds,
    micros,
    occurrences,
    scheduled_seconds,
)
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import CHANNELS, agents


@dataclass(frozen=True, slots=True)
class Coverage:
    """aht_s: mean handle seconds (None when no conversation has one); cells: 168 rows of
    weekday, hour, demand, scheduled, required, gap, service_level, forecast (the share of
    the cell's hours still to come, forecast, 0–1), sorted by weekday, hour. required and gap
    are null in every row with demand when aht_s is None. blocks: `gap_blocks.gap_blocks`."""

    aht_s: float | None
    cells: pl.DataFrame
    blocks: pl.DataFrame = field(default_factory=empty_blocks)

    @property
    def empty(self) -> bool:
        """No contact in the period."""
        return float(self.cells["demand"].sum()) == 0

    def as_json(self) -> dict[str, Any]:
        """The §4 JSON object: {"aht_s": …, "rows": [{weekday, hour, demand, …} × 168]}; with
        the per-channel model each row also has "channels": {channel: {demand, required}}."""
        rows = self.cells.select(CONTRACT_COLUMNS).to_dicts()
        if "required_chat" in self.cells.columns:
            for row, cell in zip(rows, self.cells.iter_rows(named=True), strict=True):
                row["channels"] = {
                    c: {"demand": cell[f"demand_{c}"], "required": cell[f"required_{c}"]}
                    for c in CHANNELS
                }
        return {"aht_s": self.aht_s, "rows": rows}


def coverage(
    engine: Engine,
    filters: Filters,
    targets: Targets | None = None,
    now: datetime | None = None,
) -> Coverage:
    """The §4 coverage of the filtered period in `filters.tz`: always 168 cells. With `now`,
    the period's hours not yet over take the forecast demand (`metrics.forecast`) instead of
    the contacts seen so far, and `forecast` is each cell's share of such hours."""
    targets = targets or Targets()
    edges = hour_boundaries(filters)
    demand_rows = read_frame(engine, demand_select(filters))
    shift_rows = read_frame(engine, crew_select(filters))
    cells, hours = WEEK * HOURS, edges.size - 1
    per_hour = np.searchsorted(edges, micros(demand_rows["opened_at"]), side="right") - 1
    hour_cell = cell_index(np.arange(hours), filters)
    seen = channel_counts(demand_rows["channel"], per_hour, hours)
    ahead = np.zeros(hours, dtype=bool)
    aht_s = mean_handle_seconds(demand_rows["handle_seconds"])
    channel_aht = channel_handle_seconds(demand_rows)
    if now is not None and edges[-1] > micros([now])[0]:
        ahead = edges[1:] > micros([now])[0]  # the current hour is not over either
        expected = weekday_hour_demand(engine, filters, now)
        wide = np.diff(edges) > 0  # a skipped (spring-forward) hour expects nobody
        seen = np.where(ahead, np.where(wide, expected.by_channel[:, hour_cell], 0.0), seen)
        aht_s = aht_s if aht_s is not None else expected.aht_s
        channel_aht = {c: a or expected.channel_aht[c] for c, a in channel_aht.items()}
    contacts = np.stack([np.bincount(hour_cell, row, minlength=cells)[:cells] for row in seen])
    forecast_hours = np.bincount(hour_cell, ahead.astype(float), minlength=cells)[:cells]
    seconds = scheduled_seconds(
        micros(shift_rows["starts_at"]), micros(shift_rows["ends_at"]), edges
    )
    on_shift = np.bincount(cell_index(np.arange(seconds.size), filters), seconds, minlength=cells)
    dates = np.repeat(occurrences(filters), HOURS).astype(float)
    safe = np.maximum(dates, 1)
    demand = np.where(dates > 0, contacts / safe, 0.0)
    frame = cell_frame(
        np.arange(cells) // HOURS,
        np.arange(cells) % HOURS,
        np.where(dates > 0, contacts.sum(axis=0) / safe, 0.0),
        np.where(dates > 0, on_shift[:cells] / 3600 / safe, 0.0),
    )
    loads = channel_loads(demand, channel_aht, aht_s)
    staffed = staff_cells(frame, loads, aht_s, targets)
    share = np.where(dates > 0, forecast_hours / safe, 0.0)
    groups, crew = crew_seconds(shift_rows, edges)
    crew_cells = np.array([np.bincount(hour_cell, g, minlength=cells)[:cells] for g in crew])
    crew_cells = crew_cells.reshape(len(groups), cells) / 3600 / safe
    blocks = gap_blocks(staffed, crew_cells, groups, cyclic=True)
    return Coverage(
        aht_s, staffed.with_columns(forecast=pl.Series(share, dtype=pl.Float64)), blocks
    )


def gaps_to_fix(cells: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """Understaffed cells (gap > 0), worst first: weekday, hour, demand, scheduled, required,
    gap (agents missing in that hour on each such date) and service_level."""
    ranked = cells.filter(pl.col("gap") > 0).sort(
        ["gap", "demand", "weekday", "hour"], descending=[True, True, False, False]
    )
    return ranked if limit is None else ranked.head(limit)


def site_zones(engine: Engine) -> tuple[str, ...]:
    """The distinct time zones of the agents' sites, sorted."""
    frame = read_frame(
        engine,
        sa.select(agents.c.time_zone).where(agents.c.time_zone.is_not(None)).distinct(),
    )
    return tuple(sorted(frame["time_zone"].to_list()))


@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """The tiles of a week of cells: contacts per week, understaffed hours per week,
    agent-hours missing per week (the sum of positive gaps) and the lowest predicted service
    level (0–100) among hours with demand (None when there is none)."""

    contacts_per_week: float
    understaffed_hours: int
    agent_hours_missing: float
    lowest_service_level: float | None


def coverage_summary(cells: pl.DataFrame) -> CoverageSummary:
    """The headline numbers of `Coverage.cells`."""
    short = cells.filter(pl.col("gap") > 0)
    lowest = cells["service_level"].min()
    return CoverageSummary(
        contacts_per_week=float(cells["demand"].sum()),
        understaffed_hours=short.height,
        agent_hours_missing=float(short["gap"].sum()),
        lowest_service_level=None if lowest is None else 100 * float(lowest),  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class CoverageView:
    """The 24-hour coverage page: the cells read in `zone`, their `gaps_to_fix` (plus
    service_level_pct, 0–100), the tiles' `summary` and the gap `blocks`."""

    zone: str
    aht_s: float | None
    cells: pl.DataFrame
    gaps: pl.DataFrame
    summary: CoverageSummary
    blocks: pl.DataFrame = field(default_factory=empty_blocks)

    @property
    def empty(self) -> bool:
        """No contact in the period: nothing to staff for."""
        return self.summary.contacts_per_week == 0

    @property
    def reaches_ahead(self) -> bool:
        """Some hours of the period are still to come (their demand is forecast)."""
        return bool((self.cells["forecast"] > 0).any())

    @classmethod
    def of(cls, zone: str, result: Coverage) -> CoverageView:
        gaps = gaps_to_fix(result.cells).with_columns(
            service_level_pct=100 * pl.col("service_level")
        )
        summary = coverage_summary(result.cells)
        return cls(zone, result.aht_s, result.cells, gaps, summary, result.blocks)


def coverage_view(
    engine: Engine,
    filters: Filters,
    zone: str | None = None,
    targets: Targets | None = None,
    now: datetime | None = None,
) -> CoverageView:
    """The page's view: the same dates and cuts read in `zone` (default `filters.tz`); hours
    after `now` are forecast."""
    zone = zone or filters.tz
    return CoverageView.of(zone, coverage(engine, replace(filters, tz=zone), targets, now))
