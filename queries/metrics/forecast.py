"""The demand forecast of an hour that has not happened yet (docs/metrics.md, "Next 7 days"):
the mean number of conversations opened in the same weekday and local hour over the N weeks
× 168 wall hours just before the current hour, a week without contacts counting 0.

Coverage uses it for the hours of its period after now, so a week reaching into the future is
planned against expected contacts, never against the zero contacts of hours still to come.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.roster import (
    HOURS,
    WEEK,
    demand_select,
    mean_handle_seconds,
    micros,
    wall_hours,
)
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters

SLOTS = WEEK * HOURS
DEFAULT_WEEKS = 4


@dataclass(frozen=True, slots=True)
class WeekdayHours:
    """demand: 168 expected contacts, indexed weekday × 24 + hour (Monday = 0); aht_s: the
    mean handle time of the history's conversations (None without one)."""

    demand: np.ndarray
    aht_s: float | None


def weekday_hour_demand(
    engine: Engine, filters: Filters, now: datetime, weeks: int = DEFAULT_WEEKS
) -> WeekdayHours:
    """The forecast of each weekday-hour from the `weeks` × 168 hours before now's hour, with
    the channel, team and segment cuts of `filters` (its dates play no part)."""
    local = now.astimezone(filters.zone)
    today, h0 = local.date(), local.hour
    first = today - timedelta(days=WEEK * weeks)
    starts = wall_hours(filters.zone, first, h0, SLOTS * weeks + 1)
    edges = micros(starts)
    contacts = read_frame(engine, demand_select(replace(filters, start=first, end=today)))
    index = np.searchsorted(edges, micros(contacts["opened_at"]), "right") - 1
    inside = (index >= 0) & (index < SLOTS * weeks)
    cells = np.array([s.weekday() * HOURS + s.hour for s in starts[:-1]])
    counts = np.bincount(cells[index[inside]], minlength=SLOTS)
    aht_s = mean_handle_seconds(contacts.filter(pl.Series(inside))["handle_seconds"])
    return WeekdayHours(counts / weeks, aht_s)
