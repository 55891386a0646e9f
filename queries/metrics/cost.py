"""The cost-centre view of a period (volume, handle time, productivity) beside its value-centre
view (CSAT, NPS, FCR, retention): the same support operation, read two ways."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.roster import shifts_select
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters


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


def cost_centre(conversations: pl.DataFrame, scheduled_hours: float) -> CostCentre:
    """The `CostCentre` of a `period_conversations` frame with `handle_seconds`."""
    volume = conversations.height
    aht = conversations.get_column("handle_seconds").mean() if volume else None
    return CostCentre(
        volume=volume,
        aht_s=None if aht is None else float(aht),  # type: ignore[arg-type]
        agent_hours=scheduled_hours,
        contacts_per_agent_hour=volume / scheduled_hours if scheduled_hours else None,
    )
