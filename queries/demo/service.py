"""How the centre answers: a fluid queue per hour, first response, handling and resolution.

Load is arrivals per scheduled agent-hour. Agents' effective throughput is calibrated on
the weekday hours (Taipei time) so that most of them run below 80 % occupancy. Hours with
more arrivals than capacity build a backlog, part of which gives up every hour, and the
rest carries into the next hours: waits grow with the staffing gap and spill into the
morning after a thin night.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries.demo.clock import ZoneClock, hour_of_day, weekday
from queries.demo.roster import TEAMS
from queries.demo.spec import DAY, HOUR, Timeline
from queries.demo.staffing import Staffing
from queries.demo.traffic import CATEGORIES, Arrivals

CALIBRATION_QUANTILE = 0.8
CALIBRATION_OCCUPANCY = 0.8
CONGESTION_HOURS = 0.01
GIVE_UP_PER_HOUR = 0.25
"""Share of a waiting backlog that leaves (or is handled elsewhere) each hour."""
# Per channel (chat, email, phone, social): base response median (s) and spread,
# how strongly the queue delays it, handle time median (s).
RESPONSE_MEDIAN = np.array([35.0, 2.5 * HOUR, 25.0, 15 * 60.0])
RESPONSE_SPREAD = np.array([0.6, 0.9, 0.5, 0.8])
QUEUE_FACTOR = np.array([1.0, 2.0, 0.6, 1.3])
HANDLE_MEDIAN = np.array([480.0, 330.0, 390.0, 270.0])
LIVE = np.array([True, False, True, False])
# Per category (CATEGORIES, then none): extra replies, preferred team.
EXTRA_REPLIES = np.array([0.6, 0.35, 0.5, 0.9, 1.5, 0.5, 0.3, 0.4])
PREFERRED_TEAM = np.array(
    [TEAMS.index(t) for t in ("Billing", "Technical", "Tier 1", "Billing", "Technical")]
    + [TEAMS.index("Tier 1")] * 3
)
HARD = np.isin(
    np.arange(len(CATEGORIES) + 1), [CATEGORIES.index("bug"), CATEGORIES.index("refund")]
)
OPEN_TAIL = 0.02
"""The newest share of answered conversations, of which most are still open."""


def weekday_cells(timeline: Timeline, clock: ZoneClock) -> np.ndarray:
    """Each window hour's Taipei (weekday, hour) cell, 0–119 for Mon–Fri; -1 at weekends."""
    taipei = clock.index("Asia/Taipei")
    local = clock.to_local(taipei, timeline.start_s + np.arange(timeline.hours) * HOUR)
    day = weekday(local)
    return np.where(day < 5, day * 24 + hour_of_day(local), -1)


def queue_hours(
    arrivals_per_hour: np.ndarray, scheduled: np.ndarray, cells: np.ndarray
) -> np.ndarray:
    """Expected queueing delay (hours) for a contact arriving mid-hour in each window hour.

    Throughput per agent-hour is set so that 80 % of the weekday (Taipei) hour cells run
    at up to 80 % occupancy; hours with fewer agents per arrival build a backlog.
    """
    weekday = cells >= 0
    demand = np.bincount(cells[weekday], arrivals_per_hour[weekday], minlength=120)
    staffed = np.bincount(cells[weekday], scheduled[weekday], minlength=120)
    load = demand[staffed > 0] / staffed[staffed > 0]
    busiest = float(np.quantile(load, CALIBRATION_QUANTILE)) if load.size else 1.0
    throughput = max(busiest / CALIBRATION_OCCUPANCY, 1e-6)
    capacity = scheduled * throughput
    backlog = _backlog(arrivals_per_hour, capacity)
    ahead = np.maximum(backlog + (arrivals_per_hour - capacity) / 2, 0)
    served = np.concatenate([[0.0], np.cumsum(capacity)]) + 1e-9 * np.arange(capacity.size + 1)
    hour = np.arange(capacity.size)
    target = served[hour] + capacity / 2 + ahead
    drain = np.interp(target, served, np.arange(served.size, dtype=float)) - (hour + 0.5)
    busy = np.minimum(arrivals_per_hour / np.maximum(capacity, 1e-9), 0.95)
    return np.maximum(drain, 0) + CONGESTION_HOURS * busy**2 / (1 - busy)


def _backlog(arrivals_per_hour: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Contacts waiting at the start of each hour; part of a backlog gives up every hour."""
    backlog = np.zeros(capacity.size)
    waiting = 0.0
    for hour, (arriving, served) in enumerate(
        zip(arrivals_per_hour.tolist(), capacity.tolist(), strict=True)
    ):
        backlog[hour] = waiting
        waiting = max(waiting * (1 - GIVE_UP_PER_HOUR) + arriving - served, 0.0)
    return backlog


def expected_queue(
    arrivals: Arrivals,
    timeline: Timeline,
    staffing: Staffing,
    cells: np.ndarray,
    scale: float = 1.0,
) -> np.ndarray:
    """Queueing delay (hours) at each conversation's arrival hour."""
    hour = timeline.hour_index(arrivals.opened_s)
    per_hour = np.bincount(hour, minlength=timeline.hours) * scale
    return queue_hours(per_hour, staffing.scheduled, cells)[hour]


def trouble(arrivals: Arrivals, queue: np.ndarray) -> np.ndarray:
    """How likely a contact leads to another one about the same thing."""
    tolerance = np.where(LIVE[arrivals.channel], 0.25, 4.0)
    return 0.05 + 0.6 * (1 - np.exp(-queue / tolerance)) + 0.08 * HARD[arrivals.category]


@dataclass(slots=True)
class Service:
    """What the centre did with each conversation (arrays indexed like the arrivals)."""

    agent: np.ndarray
    answered: np.ndarray
    first_response_s: np.ndarray
    resolved: np.ndarray
    resolved_s: np.ndarray
    replies: np.ndarray
    reopened: np.ndarray
    handle_s: np.ndarray
    has_handle: np.ndarray
    wait_s: np.ndarray


def serve(
    rng: np.random.Generator,
    arrivals: Arrivals,
    queue: np.ndarray,
    staffing: Staffing,
    timeline: Timeline,
) -> Service:
    """Answer, hand over to an agent on shift, handle, and resolve (or leave open)."""
    n, channel, category = arrivals.size, arrivals.channel, arrivals.category
    base = np.exp(rng.normal(np.log(RESPONSE_MEDIAN[channel]), RESPONSE_SPREAD[channel]))
    wait = base + QUEUE_FACTOR[channel] * queue * HOUR * np.exp(rng.normal(0, 0.5, n))
    wait_s = np.maximum(wait, 5).astype(np.int64)
    give_up = np.where(
        LIVE[channel],
        0.004 + 0.3 * (1 - np.exp(-queue / 2)),
        0.002 + 0.05 * (1 - np.exp(-queue / 6)),
    )
    abandoned = rng.random(n) < give_up
    first_response = arrivals.opened_s + wait_s
    answered = ~abandoned & (first_response < timeline.horizon_s)
    prefer = rng.random(n) < 0.75
    agent = staffing.pick(rng, first_response, PREFERRED_TEAM[category], prefer)
    replies = 1 + rng.poisson(EXTRA_REPLIES[category] + 0.3 * arrivals.repeat)
    handle = np.exp(rng.normal(np.log(HANDLE_MEDIAN[channel] * (1 + 0.45 * (replies - 1))), 0.45))
    handle_s = handle.astype(np.int64)
    reopen_p = 0.03 + 0.04 * (replies >= 3) + 0.03 * HARD[category]
    reopened = np.where(rng.random(n) < reopen_p, np.where(rng.random(n) < 0.8, 1, 2), 0)
    follow_up = np.where(LIVE[channel], np.log(3 * HOUR), np.log(10 * HOUR))
    first_close = np.where(
        LIVE[channel],
        handle * rng.uniform(1.0, 1.5, n),
        np.exp(rng.normal(np.log(40 * 60), 0.8, n)),
    )
    more = (replies - 1) * np.exp(rng.normal(follow_up, 0.9, n))
    reopen_time = reopened * np.exp(rng.normal(np.log(2 * DAY), 0.7, n))
    resolved_s = first_response + (first_close + more + reopen_time).astype(np.int64)
    auto_closed = arrivals.opened_s + rng.integers(DAY, 2 * DAY, n)
    resolved_s = np.where(answered, resolved_s, auto_closed)
    recent = arrivals.opened_s >= newest_cutoff(arrivals.opened_s, OPEN_TAIL)
    still_open = (recent & answered & (rng.random(n) < 0.6)) | (
        first_response >= timeline.horizon_s
    )
    resolved = (resolved_s < timeline.horizon_s) & ~still_open
    return Service(
        agent=np.where(answered, agent, 0),
        answered=answered,
        first_response_s=first_response,
        resolved=resolved,
        resolved_s=resolved_s,
        replies=np.where(answered, replies, 0),
        reopened=np.where(answered, reopened, 0),
        handle_s=handle_s,
        has_handle=answered & (rng.random(n) >= 0.03),
        wait_s=wait_s,
    )


def newest_cutoff(times: np.ndarray, share: float) -> int:
    """The earliest time among the newest `share` of `times`."""
    count = int(share * times.size)
    if count == 0:
        return int(np.iinfo(np.int64).max)
    return int(np.partition(times, times.size - count)[times.size - count])


def first_contact_resolved(
    arrivals: Arrivals, service: Service, window_days: int = 7
) -> np.ndarray:
    """docs/metrics.md FCR per conversation: resolved, never reopened, no repeat contact."""
    order = np.lexsort((arrivals.opened_s, arrivals.category, arrivals.customer))
    customer, category = arrivals.customer[order], arrivals.category[order]
    opened, resolved_s = arrivals.opened_s[order], service.resolved_s[order]
    same = np.zeros(order.size, dtype=bool)
    same[:-1] = (customer[1:] == customer[:-1]) & (category[1:] == category[:-1])
    next_opened = np.concatenate([opened[1:], [np.iinfo(np.int64).max]])
    repeat = same & (next_opened > opened) & (next_opened <= resolved_s + window_days * DAY)
    fcr = np.empty(order.size, dtype=bool)
    fcr[order] = ~repeat
    return fcr & service.resolved & (service.reopened == 0)
