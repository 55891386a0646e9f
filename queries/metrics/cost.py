"""The cost-centre view of a period (volume, handle time, productivity) beside its value-centre
view (CSAT, NPS, FCR, retention): the same support operation, read two ways."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import in_period, period_source
from queries.metrics.roster import shifts_select
from queries.plumbing.db import read_frame, reading
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations


@dataclass(frozen=True, slots=True)
class CostCentre:
    """A period read as a cost: volume, mean handle time (None when no handle time is known),
    scheduled agent-hours and contacts per agent-hour (None without scheduled hours)."""

    volume: int
    aht_s: float | None
    agent_hours: float
    contacts_per_agent_hour: float | None

    @property
    def aht_min(self) -> float | None:
        return None if self.aht_s is None else self.aht_s / 60


def agent_hours(engine: Engine, filters: Filters) -> float:
    """Scheduled agent-hours inside the period: each shift clipped to [start, end+1) in tz."""
    lo, hi = filters.bounds_utc()
    frame = read_frame(engine, shifts_select(filters))
    if frame.is_empty():
        return 0.0
    clipped = pl.min_horizontal("ends_at", pl.lit(hi)) - pl.max_horizontal("starts_at", pl.lit(lo))
    seconds = frame.select(clipped.dt.total_microseconds().sum()).item() / 1_000_000
    return float(seconds) / 3600


def cost_centre(engine: Engine, filters: Filters) -> CostCentre:
    """The filtered period's `CostCentre`. Volume and mean handle time are aggregated in SQL
    (COUNT and AVG: one small row, never the period's rows); the unknown handle times are
    left out of the mean, as AVG does."""
    c = conversations.c
    stmt = (
        sa.select(sa.func.count().label("volume"), sa.func.avg(c.handle_seconds).label("aht_s"))
        .select_from(period_source(filters))
        .where(*in_period(filters))
    )
    with reading(engine) as conn:
        volume, aht = conn.execute(stmt).one()
    hours = agent_hours(engine, filters)
    return CostCentre(
        volume=int(volume),
        aht_s=None if aht is None else float(aht),
        agent_hours=hours,
        contacts_per_agent_hour=volume / hours if hours else None,
    )
