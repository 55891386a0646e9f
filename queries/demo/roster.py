"""Agents, their teams and sites, and the shift roster with its planted weekend-night gap.

The roster is planned in each site's local time. Taipei covers the day and evening every
day. Weekday nights (Mon–Fri 00:00–07:00 Asia/Taipei) are covered by the Taipei Night Desk
(23:00–07:30, starting Sunday to Thursday) plus the Kraków Night Desk (16:00–24:00
Europe/Warsaw, Sunday to Thursday, i.e. 23:00–07:00 Taipei in winter, 22:00–06:00 in
summer). The planted gap: on Saturday and Sunday 00:00–06:30 Taipei only a small weekend
crew (23:00–07:30, starting Friday and Saturday) is on, about a third of the weekday night
headcount, while customers in the Americas and Europe are awake and writing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from queries.demo.clock import ZoneClock, weekday
from queries.demo.columns import external_ids, labels, utc_column
from queries.demo.people import pick_names
from queries.demo.spec import DAY, HOUR, DemoSpec, Timeline

ALL_WEEK = (0, 1, 2, 3, 4, 5, 6)
MON_TO_FRI = (0, 1, 2, 3, 4)
SUN_TO_THU = (6, 0, 1, 2, 3)
FRI_SAT = (4, 5)
TEAMS = ("Tier 1", "Billing", "Technical", "Night Desk")
SITES = {"Taipei": ("Asia/Taipei", "zh"), "Kraków": ("Europe/Warsaw", "pl")}
AGENTS_PER_DAILY_CONVERSATION = 60 / (150_000 / 365)
MIN_AGENTS = 20
ABSENCE_SHARE = 0.04
LEAVER_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class RosterGroup:
    """Agents of one team and site who work the same shift on the same local weekdays."""

    team: str
    site: str
    start_minute: int
    hours: float
    start_days: tuple[int, ...]
    share: float

    @property
    def rotating(self) -> bool:
        """Seven-day groups rotate two days off per agent; the rest work every listed day."""
        return len(self.start_days) == 7


ROSTER = (
    RosterGroup("Night Desk", "Taipei", 23 * 60, 8.5, SUN_TO_THU, 0.07),
    RosterGroup("Night Desk", "Kraków", 16 * 60, 8, SUN_TO_THU, 0.10),
    RosterGroup("Night Desk", "Taipei", 23 * 60, 8.5, FRI_SAT, 0.05),
    RosterGroup("Tier 1", "Taipei", 6 * 60 + 30, 9, ALL_WEEK, 0.26),
    RosterGroup("Tier 1", "Taipei", 8 * 60 + 30, 9, ALL_WEEK, 0.10),
    RosterGroup("Billing", "Taipei", 9 * 60, 9, MON_TO_FRI, 0.08),
    RosterGroup("Technical", "Taipei", 10 * 60 + 30, 9, MON_TO_FRI, 0.08),
    RosterGroup("Tier 1", "Taipei", 15 * 60 + 30, 9, ALL_WEEK, 0.20),
    RosterGroup("Tier 1", "Kraków", 9 * 60, 8.5, MON_TO_FRI, 0.10),
)


@dataclass(frozen=True, slots=True)
class Staff:
    """One row per agent (index = id - 1): roster group, team index, leaving time."""

    group: np.ndarray
    team: np.ndarray
    leaves_s: np.ndarray

    @property
    def size(self) -> int:
        return int(self.group.size)


def agent_total(spec: DemoSpec) -> int:
    """Scale headcount with daily volume (about 60 agents for 150k conversations a year)."""
    per_day = spec.conversations / spec.days
    return max(MIN_AGENTS, round(per_day * AGENTS_PER_DAILY_CONVERSATION))


def hire(rng: np.random.Generator, spec: DemoSpec, timeline: Timeline) -> Staff:
    """Fill every roster group; a few agents of larger groups leave in the second half."""
    total = agent_total(spec)
    sizes = [max(1, round(group.share * total)) for group in ROSTER]
    group = np.repeat(np.arange(len(ROSTER)), sizes)
    team = np.array([TEAMS.index(g.team) for g in ROSTER])[group]
    big_group = np.array(sizes)[group] >= 5
    leaver = big_group & (rng.random(group.size) < LEAVER_SHARE)
    half = timeline.start_s + (timeline.horizon_s - timeline.start_s) // 2
    leave_at = rng.integers(half, timeline.horizon_s, group.size)
    return Staff(
        group=group, team=team, leaves_s=np.where(leaver, leave_at, np.iinfo(np.int64).max)
    )


def agent_frame(rng: np.random.Generator, staff: Staff) -> pl.DataFrame:
    """The agents table: Chinese names in Taipei, Polish names in Kraków."""
    sites = np.array([g.site for g in ROSTER])[staff.group]
    names = pick_names(rng, np.array([SITES[g.site][1] for g in ROSTER])[staff.group])
    ids = external_ids("A", staff.size, 4)
    return pl.DataFrame(
        {
            "id": np.arange(1, staff.size + 1),
            "external_id": ids,
            "name": names["name"],
            "email": names["handle"] + "." + ids.str.to_lowercase() + "@support.example.com",
            "team": labels(TEAMS, staff.team),
            "site": sites,
            "time_zone": np.array([SITES[g.site][0] for g in ROSTER])[staff.group],
            "active": staff.leaves_s == np.iinfo(np.int64).max,
        }
    )


@dataclass(frozen=True, slots=True)
class Shifts:
    """One row per shift: agent id (1-based) and UTC epoch seconds."""

    agent: np.ndarray
    starts_s: np.ndarray
    ends_s: np.ndarray

    def frame(self) -> pl.DataFrame:
        """The shifts table, in order of start."""
        order = np.lexsort((self.agent, self.starts_s))
        return pl.DataFrame(
            {
                "id": np.arange(1, self.agent.size + 1),
                "agent_id": self.agent[order],
                "starts_at": utc_column(self.starts_s[order]),
                "ends_at": utc_column(self.ends_s[order]),
            }
        )


FUTURE_DAYS = 14
"""The roster also holds the next two weeks' planned shifts (no absences yet), with the same
weekend-night gap, so the forward view (Next 7 days) has a roster to read on first run."""


def plan_shifts(
    rng: np.random.Generator, staff: Staff, timeline: Timeline, clock: ZoneClock
) -> Shifts:
    """Every agent's shifts over the window (plus the night before it), then the planned ones
    starting in the FUTURE_DAYS after it, in UTC. The past is drawn exactly as before the
    future was added: the future pass draws no random numbers (no absences planned)."""
    horizon, until = timeline.horizon_s, timeline.horizon_s + FUTURE_DAYS * DAY
    past = _pattern(staff, clock, np.arange(timeline.start_s // DAY - 1, horizon // DAY + 1), rng)
    future = _pattern(staff, clock, np.arange(horizon // DAY - 1, until // DAY + 1), None)
    worked = (past.starts_s < horizon) & (past.ends_s > timeline.start_s - DAY)
    planned = (future.starts_s >= horizon) & (future.starts_s < until)
    return Shifts(
        *(
            np.concatenate([getattr(past, f)[worked], getattr(future, f)[planned]])
            for f in ("agent", "starts_s", "ends_s")
        )
    )


def _pattern(
    staff: Staff, clock: ZoneClock, days: np.ndarray, rng: np.random.Generator | None
) -> Shifts:
    """Each group's shifts on `days` (epoch days): its weekdays, the rotation's days off,
    absences when `rng` is given, and nothing from the day an agent leaves."""
    agents, starts, ends = [], [], []
    for g, group in enumerate(ROSTER):
        members = np.flatnonzero(staff.group == g)
        if members.size == 0:
            continue
        member, day = (
            a.ravel() for a in np.meshgrid(members, days.astype(np.int64), indexing="ij")
        )
        local_start = day * DAY + group.start_minute * 60
        dow = weekday(local_start)
        works = np.isin(dow, group.start_days)
        if group.rotating:
            rank = member - members[0]
            works &= (dow != (2 * rank) % 7) & (dow != (2 * rank + 1) % 7)
        if rng is not None:
            works &= rng.random(member.size) >= ABSENCE_SHARE
        start = clock.to_utc(clock.index(SITES[group.site][0]), local_start)
        keep = works & (start < staff.leaves_s[member])
        agents.append(member[keep] + 1)
        starts.append(start[keep])
        ends.append(start[keep] + int(group.hours * HOUR))
    return Shifts(np.concatenate(agents), np.concatenate(starts), np.concatenate(ends))
