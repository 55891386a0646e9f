"""Staffing per channel against its own target (docs/metrics.md, "Per-channel targets").

Over a cyclic sequence of hours (the 168 weekday-hours of coverage, or the 168 coming hours of
Next 7 days, which repeat weekly), each channel c with demand d_c (contacts an hour) and handle
time aht_c needs, before shrinkage:
- real-time (chat, phone): its contacts wait on the line, answered within T_c or not (Erlang C);
- deferred (e-mail, social): the workload W_c = d_c × aht_c seconds arriving in the hour may be
  worked evenly over the w = max(1, ⌊T_c / 3600⌋) hours that follow it, at an occupancy ρ, so
  hour h needs (W_c(h) + … + W_c(h − w + 1)) / (w × 3600 × ρ) agents (`deferred_need`).
Agents are blended: the real-time channels form one queue (load A = Σ d_c × aht_c / 3600,
answered first come first served), whose N is the fewest agents above A for which the
contacts' share answered within their own channel's target,
Σ_c (d_c / Σ d) × (1 − C(N, A)·exp(−(N − A)·T_c / aht)), reaches the service level (`LiveQueue`).
The hour's required is ⌈(N + Σ deferred need) / (1 − shrinkage)⌉. The breakdown gives each
channel its part of that need before rounding (a real-time channel N × its share of A), so
the parts add up to the unrounded total. The predicted service level is the real-time
queue's with the agents left after shrinkage and the deferred need.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from queries.metrics.roster import Targets, with_staffing
from queries.metrics.staffing import erlang_c
from queries.metrics.targets import model_of
from queries.plumbing.schema import CHANNELS

HOUR_S = 3600
EPSILON = 1e-9  # keeps 13 / 0.7 × 0.7 from rounding up past a whole agent


@dataclass(frozen=True, slots=True)
class ChannelLoad:
    """One channel's demand per hour (contacts, in the sequence's order) and handle time."""

    channel: str
    demand: np.ndarray
    aht_s: float | None


def channel_counts(channels: pl.Series, slot: np.ndarray, size: int) -> np.ndarray:
    """Contacts per channel (rows in `CHANNELS` order) and slot 0…size − 1; slots outside
    that range are dropped."""
    codes = channels.replace_strict(
        {c: i for i, c in enumerate(CHANNELS)}, return_dtype=pl.Int64
    ).to_numpy()
    keep = (slot >= 0) & (slot < size)
    flat = np.bincount(codes[keep] * size + slot[keep], minlength=len(CHANNELS) * size)
    return flat.reshape(len(CHANNELS), size).astype(float)


def channel_handle_seconds(frame: pl.DataFrame) -> dict[str, float | None]:
    """The mean handle_seconds of each channel's conversations that have one."""
    means = frame.group_by("channel").agg(pl.col("handle_seconds").mean())
    found = dict(zip(means["channel"], means["handle_seconds"], strict=True))
    return {c: None if found.get(c) is None else float(found[c]) for c in CHANNELS}


def channel_loads(
    demand: np.ndarray, aht: Mapping[str, float | None], fallback_aht_s: float | None
) -> list[ChannelLoad]:
    """`ChannelLoad`s from `channel_counts`-shaped demand; a channel without handle times
    takes `fallback_aht_s` (every channel's mean)."""
    return [
        ChannelLoad(c, demand[i], aht.get(c) if aht.get(c) is not None else fallback_aht_s)
        for i, c in enumerate(CHANNELS)
    ]


def deferred_need(work_s: np.ndarray, target_s: float, occupancy: float) -> np.ndarray:
    """Agents per hour (before shrinkage) so that each hour's `work_s`, worked evenly over
    the ⌊target / 1 h⌋ hours from its arrival (at least one), is done within the target."""
    window = min(max(1, int(target_s // HOUR_S)), work_s.size)  # a week holds 168 hours
    arrived = sum(np.roll(work_s, k) for k in range(window))
    return np.asarray(arrived, dtype=float) / (window * HOUR_S * occupancy)


@dataclass(frozen=True, slots=True)
class LiveQueue:
    """One hour's real-time contacts in one queue: load A (Erlang), their mean handle time,
    and each channel's (share of the contacts, target seconds)."""

    load: float
    aht_s: float
    mix: tuple[tuple[float, float], ...]

    def level(self, agents: int) -> float:
        """The contacts' share answered within their own channel's target with `agents`."""
        if agents <= self.load:
            return 0.0
        waiting = erlang_c(agents, self.load)
        slack = (agents - self.load) / self.aht_s
        return sum(w * (1 - waiting * math.exp(-slack * t)) for w, t in self.mix)

    def agents(self, service_level: float) -> int:
        """N: the fewest agents above the load whose `level` reaches `service_level`."""
        agents = math.floor(self.load) + 1
        while self.level(agents) < service_level:
            agents += 1
        return agents

    def level_with(self, available: float) -> float:
        """`level` with fractional agents, interpolated between ⌊E⌋ and ⌈E⌉."""
        low = math.floor(available)
        return self.level(low) + (available - low) * (self.level(low + 1) - self.level(low))


def live_queue(
    loads: Sequence[ChannelLoad], targets: Mapping[str, float], hour: int
) -> LiveQueue | None:
    """Hour `hour`'s real-time channels as one queue; None without real-time demand."""
    live = [
        load
        for load in loads
        if model_of(load.channel) == "erlang" and load.demand[hour] > 0 and load.aht_s
    ]
    contacts = sum(load.demand[hour] for load in live)
    if contacts <= 0:
        return None
    work = sum(load.demand[hour] * (load.aht_s or 0) for load in live)
    mix = tuple((load.demand[hour] / contacts, targets[load.channel]) for load in live)
    return LiveQueue(work / HOUR_S, work / contacts, mix)


def with_channel_staffing(
    frame: pl.DataFrame,
    loads: Sequence[ChannelLoad],
    targets: Mapping[str, float],
    *,
    level: float,
    shrinkage: float,
    occupancy: float,
) -> pl.DataFrame:
    """(weekday, hour, demand, scheduled) rows in `loads`' order → the §4 columns with the
    per-channel model, service_level, and demand_<channel>, required_<channel> (agents, the
    channel's part of the need after shrinkage, fractional) columns. required is null in the
    hours with demand when no channel has a handle time."""
    hours = frame.height
    deferred = {
        load.channel: deferred_need(load.demand * load.aht_s, targets[load.channel], occupancy)
        if load.aht_s is not None
        else np.zeros(hours)
        for load in loads
        if model_of(load.channel) == "workload"
    }
    backlog = np.zeros(hours) + sum(deferred.values())
    part = {load.channel: np.zeros(hours) for load in loads}
    required: list[int | None] = []
    levels: list[float | None] = []
    known = any(load.aht_s is not None for load in loads)
    for h, (demand, scheduled) in enumerate(frame.select("demand", "scheduled").iter_rows()):
        queue = live_queue(loads, targets, h)
        live = 0 if queue is None else queue.agents(level)
        for load in loads:
            if queue is not None and model_of(load.channel) == "erlang" and load.aht_s:
                part[load.channel][h] = live * load.demand[h] * load.aht_s / HOUR_S / queue.load
        need = live + backlog[h]
        required.append(
            math.ceil(need / (1 - shrinkage) - EPSILON) if known or not demand else None
        )
        available = max(0.0, scheduled * (1 - shrinkage) - backlog[h])
        levels.append(None if queue is None else queue.level_with(available))
    part |= deferred
    extra = {f"demand_{load.channel}": pl.Series(load.demand, dtype=pl.Float64) for load in loads}
    extra |= {
        f"required_{c}": pl.Series(n / (1 - shrinkage), dtype=pl.Float64) for c, n in part.items()
    }
    return frame.with_columns(
        required=pl.Series(required, dtype=pl.Int64),
        service_level=pl.Series(levels, dtype=pl.Float64),
        **extra,
    ).with_columns(gap=pl.col("required") - pl.col("scheduled"))


def staff_cells(
    frame: pl.DataFrame, loads: Sequence[ChannelLoad], aht_s: float | None, targets: Targets
) -> pl.DataFrame:
    """The one-queue model of §4 (`roster.with_staffing`) when `targets` has no per-channel
    seconds, else `with_channel_staffing`."""
    if not targets.channels:
        return with_staffing(frame, aht_s, targets)
    return with_channel_staffing(
        frame,
        loads,
        dict(targets.channels),
        level=targets.level,
        shrinkage=targets.shrinkage,
        occupancy=targets.occupancy,
    )


def per_channel_columns() -> list[str]:
    """The breakdown columns `with_channel_staffing` adds, in `CHANNELS` order."""
    return [f"{kind}_{c}" for c in CHANNELS for kind in ("demand", "required")]
