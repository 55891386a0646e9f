"""Erlang C staffing (docs/metrics.md, "Coverage"): the agents an hour of demand needs to meet
a service-level target, and the level a roster would reach. Pure functions, stdlib only;
C(N, A) comes from the stable Erlang B recursion, never from factorials."""

from __future__ import annotations

import math


def erlang_b(agents: int, load: float) -> float:
    """Erlang B blocking probability B(N, A) by the stable recursion B_k = A·B / (k + A·B)."""
    if agents < 0 or load < 0:
        raise ValueError(f"agents and load must be ≥ 0, got {agents} and {load}")
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(agents: int, load: float) -> float:
    """Erlang C: the probability that a contact waits, C(N, A) = N·B / (N − A·(1 − B)).

    1 when N ≤ A (the queue never drains); computed from Erlang B, never with factorials.
    """
    if agents <= load:
        return 1.0
    return _erlang_c_from_b(agents, load, erlang_b(agents, load))


def _erlang_c_from_b(agents: int, load: float, blocking: float) -> float:
    return agents * blocking / (agents - load * (1 - blocking))


def erlang_service_level(agents: int, load: float, target_s: float, aht_s: float) -> float:
    """Share answered within `target_s`: 1 − C(N, A)·exp(−(N − A)·T / aht); 0 when N ≤ A."""
    if agents <= load:
        return 0.0
    if aht_s <= 0:
        return 1.0
    waiting = erlang_c(agents, load)
    return 1 - waiting * math.exp(-(agents - load) * target_s / aht_s)


def erlang_agents(load: float, target_s: float, aht_s: float, service_level: float) -> int:
    """N: the smallest integer above the load A whose Erlang C service level reaches the target.

    B(N, A) is carried forward one agent at a time, so a load of thousands costs O(N) steps.
    """
    if not 0 < service_level < 1:
        raise ValueError(f"service level must lie in (0, 1), got {service_level}")
    if load <= 0 or aht_s <= 0:
        return 1
    agents = math.floor(load) + 1
    blocking = erlang_b(agents, load)
    while True:
        waiting = _erlang_c_from_b(agents, load, blocking)
        if 1 - waiting * math.exp(-(agents - load) * target_s / aht_s) >= service_level:
            return agents
        agents += 1
        blocking = load * blocking / (agents + load * blocking)


def required_agents(
    demand: float,
    aht_s: float,
    *,
    target_s: float = 60,
    service_level: float = 0.80,
    shrinkage: float = 0.30,
) -> int:
    """Agents to schedule for `demand` contacts an hour: ceil(N / (1 − shrinkage)); 0 for none."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must lie in [0, 1), got {shrinkage}")
    if demand <= 0:
        return 0
    agents = erlang_agents(demand * aht_s / 3600, target_s, aht_s, service_level)
    # A small tolerance keeps 13 / 0.7 × 0.7 from rounding up past a whole agent.
    return math.ceil(agents / (1 - shrinkage) - 1e-9)


def predicted_service_level(
    demand: float, aht_s: float, scheduled: float, *, target_s: float = 60, shrinkage: float = 0.30
) -> float | None:
    """The service level `scheduled` agents would reach after shrinkage; None without demand.

    Available agents E = scheduled × (1 − shrinkage) may be fractional (half an hour on shift
    counts 0.5), so the level is interpolated linearly between ⌊E⌋ and ⌈E⌉ agents.
    """
    if demand <= 0:
        return None
    load = demand * aht_s / 3600
    available = max(scheduled, 0.0) * (1 - shrinkage)
    low = math.floor(available)
    level_low = erlang_service_level(low, load, target_s, aht_s)
    if available == low:
        return level_low
    level_high = erlang_service_level(low + 1, load, target_s, aht_s)
    return level_low + (available - low) * (level_high - level_low)
