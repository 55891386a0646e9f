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

from queries.metrics.channel_staffing import channel_counts, channel_handle_seconds
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
    mean handle time of the history's conversations (None without one); by_channel: the same
    per channel (rows in `CHANNELS` order) and channel_aht: each channel's mean handle time."""

    demand: np.ndarray
    aht_s: float | None
    by_channel: np.ndarray
    channel_aht: dict[str, float | None]


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
    slot = np.where(inside, cells[np.clip(index, 0, cells.size - 1)], -1)
    by_channel = channel_counts(contacts["channel"], slot, SLOTS) / weeks
    history = contacts.filter(pl.Series(inside))
    aht_s = mean_handle_seconds(history["handle_seconds"])
    return WeekdayHours(by_channel.sum(axis=0), aht_s, by_channel, channel_handle_seconds(history))
