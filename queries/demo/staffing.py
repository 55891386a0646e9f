"""Who is on shift when: scheduled agent-hours per hour, and agents per half-hour slot."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries.demo.roster import TEAMS, Shifts, Staff
from queries.demo.spec import HOUR, Timeline

SLOT = HOUR // 2
"""Shifts start and end on the half hour (UTC) at both sites, so slots are exact."""


@dataclass(frozen=True, slots=True)
class Staffing:
    """Agent-hours on shift per window hour (partial hours pro rata), and who is on shift."""

    start_s: int
    scheduled: np.ndarray
    offsets: np.ndarray
    agents: np.ndarray
    team_offsets: np.ndarray
    team_agents: np.ndarray

    def pick(
        self, rng: np.random.Generator, at_s: np.ndarray, team: np.ndarray, prefer: np.ndarray
    ) -> np.ndarray:
        """An agent on shift at each instant: from `team` where `prefer` and one is there.

        An instant with nobody on shift borrows the next staffed slot (or the last one).
        """
        slot = self._staffed(np.clip((at_s - self.start_s) // SLOT, 0, self.offsets.size - 2))
        key = slot * len(TEAMS) + team
        team_count = self.team_offsets[key + 1] - self.team_offsets[key]
        count = self.offsets[slot + 1] - self.offsets[slot]
        draw = rng.random(slot.size)
        in_team = np.minimum(
            self.team_offsets[key] + (draw * team_count).astype(np.int64),
            self.team_agents.size - 1,
        )
        anyone = self.offsets[slot] + (draw * count).astype(np.int64)
        return np.where(prefer & (team_count > 0), self.team_agents[in_team], self.agents[anyone])

    def _staffed(self, slot: np.ndarray) -> np.ndarray:
        staffed = np.flatnonzero(np.diff(self.offsets) > 0)
        return staffed[np.minimum(np.searchsorted(staffed, slot), staffed.size - 1)]


def _spread(
    starts_s: np.ndarray, ends_s: np.ndarray, origin: int, width: int, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shift, bucket, seconds) for every bucket of `width` seconds each shift overlaps."""
    first = np.clip((starts_s - origin) // width, 0, count)
    last = np.clip(-(-(ends_s - origin) // width), 0, count)
    spans = np.maximum(last - first, 0)
    shift = np.repeat(np.arange(spans.size), spans)
    bucket = first[shift] + np.arange(shift.size) - np.repeat(np.cumsum(spans) - spans, spans)
    bucket_start = origin + bucket * width
    seconds = np.minimum(ends_s[shift], bucket_start + width) - np.maximum(
        starts_s[shift], bucket_start
    )
    return shift, bucket, seconds


def _lookup(keys: np.ndarray, agent: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR offsets and agents sorted by key (then agent id) for keys 0 … size-1."""
    order = np.lexsort((agent, keys))
    return np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=size))]), agent[order]


def hourly_staffing(shifts: Shifts, staff: Staff, timeline: Timeline) -> Staffing:
    """Spread each shift over the window hours and half-hour slots it overlaps."""
    hours = timeline.hours
    _, hour, seconds = _spread(shifts.starts_s, shifts.ends_s, timeline.start_s, HOUR, hours)
    scheduled = np.bincount(hour, weights=seconds / HOUR, minlength=hours)
    shift, slot, _ = _spread(shifts.starts_s, shifts.ends_s, timeline.start_s, SLOT, 2 * hours)
    agent = shifts.agent[shift]
    offsets, agents = _lookup(slot, agent, 2 * hours)
    team_key = slot * len(TEAMS) + staff.team[agent - 1]
    team_offsets, team_agents = _lookup(team_key, agent, 2 * hours * len(TEAMS))
    return Staffing(timeline.start_s, scheduled, offsets, agents, team_offsets, team_agents)
