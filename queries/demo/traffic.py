"""When customers get in touch: local daily and weekly rhythm, channel and contact reason."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries.demo.clock import ZoneClock, hour_of_day, weekday
from queries.demo.people import ZONES, CustomerPool
from queries.demo.spec import HOUR, Timeline

CHANNELS = ("chat", "email", "phone", "social")
CATEGORIES = ("billing", "login", "shipping", "refund", "bug", "account", "how-to")
NO_CATEGORY = len(CATEGORIES)
"""Category code for a conversation without a contact reason (stored as null)."""

# Contact likelihood by local hour 0–23: consumers peak in the evening, businesses by day.
HOURLY = (
    (0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.55, 0.9, 1.2, 1.35, 1.35,
     1.2, 1.25, 1.3, 1.25, 1.2, 1.2, 1.3, 1.45, 1.5, 1.35, 1.0, 0.65),
    (0.08, 0.05, 0.04, 0.04, 0.05, 0.08, 0.2, 0.5, 1.1, 1.7, 1.8, 1.7,
     1.3, 1.6, 1.7, 1.6, 1.4, 1.0, 0.6, 0.45, 0.35, 0.3, 0.2, 0.12),
)  # fmt: skip
WEEKLY = ((1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.85), (1.1, 1.05, 1.05, 1.0, 0.95, 0.25, 0.2))
GROWTH = 0.3
"""Volume grows by this share from the first to the last day."""

# Channel mix (chat, email, phone, social) for: zh-TW consumers, other consumers, smb, enterprise.
CHANNEL_MIX = (
    (0.45, 0.12, 0.18, 0.25),
    (0.38, 0.32, 0.18, 0.12),
    (0.35, 0.35, 0.25, 0.05),
    (0.25, 0.45, 0.28, 0.02),
)
# Contact reasons (CATEGORIES, then none) for consumers and businesses.
CATEGORY_MIX = (
    (0.17, 0.13, 0.18, 0.11, 0.09, 0.12, 0.17, 0.03),
    (0.22, 0.12, 0.06, 0.05, 0.2, 0.13, 0.19, 0.03),
)


@dataclass(slots=True)
class Arrivals:
    """Conversations as they open (arrays indexed alike)."""

    customer: np.ndarray
    opened_s: np.ndarray
    channel: np.ndarray
    category: np.ndarray
    repeat: np.ndarray

    @property
    def size(self) -> int:
        return int(self.customer.size)

    def take(self, index: np.ndarray) -> Arrivals:
        return Arrivals(*(getattr(self, f)[index] for f in self.__slots__))

    @staticmethod
    def join(first: Arrivals, second: Arrivals) -> Arrivals:
        return Arrivals(
            *(np.concatenate([getattr(first, f), getattr(second, f)]) for f in Arrivals.__slots__)
        )


def business(pool: CustomerPool) -> np.ndarray:
    """0 for consumers, 1 for smb and enterprise customers."""
    return (pool.segment > 0).astype(np.int64)


def channel_profile(pool: CustomerPool, customer: np.ndarray) -> np.ndarray:
    """Row of CHANNEL_MIX for each conversation's customer."""
    segment = pool.segment[customer]
    return np.where(segment == 0, np.where(pool.zh[customer], 0, 1), segment + 1)


def categorical(rng: np.random.Generator, table: np.ndarray, row: np.ndarray) -> np.ndarray:
    """One draw per element from the probabilities in `table[row]`."""
    cumulative = np.cumsum(table, axis=1)
    cumulative /= cumulative[:, -1:]
    draw = rng.random(row.size)
    return (draw[:, None] >= cumulative[row]).sum(axis=1).clip(0, table.shape[1] - 1)


def first_contacts(
    rng: np.random.Generator, pool: CustomerPool, count: int, timeline: Timeline, clock: ZoneClock
) -> Arrivals:
    """`count` new contacts: who, when (by their local clock), on which channel, about what."""
    weight = pool.contact_weight
    customer = np.sort(rng.choice(pool.size, size=count, p=weight / weight.sum()))
    opened = np.empty(count, dtype=np.int64)
    hour_mid = timeline.start_s + np.arange(timeline.hours, dtype=np.int64) * HOUR + HOUR // 2
    trend = 1 - GROWTH / 2 + GROWTH * np.arange(timeline.hours) / timeline.hours
    profile = business(pool)[customer]
    zone = pool.zone[customer]
    for z, zone_info in enumerate(ZONES):
        local = clock.to_local(clock.index(zone_info.name), hour_mid)
        for p in (0, 1):
            members = np.flatnonzero((zone == z) & (profile == p))
            if members.size == 0:
                continue
            weights = (
                np.array(HOURLY[p])[hour_of_day(local)]
                * np.array(WEEKLY[p])[weekday(local)]
                * trend
            )
            hour = rng.choice(timeline.hours, size=members.size, p=weights / weights.sum())
            opened[members] = timeline.start_s + hour * HOUR + rng.integers(0, HOUR, members.size)
    return Arrivals(
        customer=customer,
        opened_s=opened,
        channel=categorical(rng, np.array(CHANNEL_MIX), channel_profile(pool, customer)),
        category=categorical(rng, np.array(CATEGORY_MIX), profile),
        repeat=np.zeros(count, dtype=bool),
    )


def repeat_contacts(
    rng: np.random.Generator,
    first: Arrivals,
    trouble: np.ndarray,
    count: int,
    horizon_s: int,
) -> Arrivals:
    """`count` customers coming back about the same thing within a week.

    Parents are drawn without replacement with weight `trouble` (long waits, no answer,
    hard cases), so repeat contacts follow bad experiences.
    """
    count = min(count, first.size)
    keys = np.log(1 - rng.random(first.size)) / np.maximum(trouble, 1e-9)
    parents = np.sort(np.argpartition(-keys, count - 1)[:count]) if count else np.array([], int)
    parent = first.take(parents)
    delay = np.exp(rng.normal(np.log(18 * HOUR), 1.1, count)).clip(600, 6.5 * 24 * HOUR)
    opened = parent.opened_s + delay.astype(np.int64)
    late = opened >= horizon_s
    room = np.maximum(horizon_s - parent.opened_s, 2)
    opened = np.where(
        late, parent.opened_s + (room * rng.uniform(0.2, 0.9, count)).astype(np.int64), opened
    )
    switch = rng.random(count)
    phone, chat = CHANNELS.index("phone"), CHANNELS.index("chat")
    channel = np.where(switch < 0.6, parent.channel, np.where(switch < 0.85, phone, chat))
    return Arrivals(
        customer=parent.customer,
        opened_s=np.minimum(opened, horizon_s - 1),
        channel=channel,
        category=parent.category,
        repeat=np.ones(count, dtype=bool),
    )
