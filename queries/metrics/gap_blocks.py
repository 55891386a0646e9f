"""Gaps a supervisor can act on (docs/metrics.md, "Gap blocks"): understaffed hours merged into
shift-sized blocks, the surplus nearby that could cover them, and who is on shift meanwhile.

Over hours in time order (the 168 weekday-hours of coverage, which wrap from Sunday 23:00 to
Monday 00:00, or the 168 coming hours of Next 7 days, which do not):
- a gap block is a run of consecutive hours with gap > 0; a run longer than `MAX_SHIFT_HOURS`
  is cut into the fewest pieces of equal length (± 1 h) no longer than that; its `add` is
  ⌈max gap⌉, the agents that one extra shift per agent over the block would need;
- a surplus block is a run of hours with at least one spare agent (gap ≤ −1), its `spare`
  ⌊min(−gap)⌋, the agents who could move without opening a gap there;
- `nearby`: the (at most `NEARBY`) surplus blocks within `REACH_HOURS` of a gap block, nearest
  first, the hours a shift could be moved from;
- `on_shift`: the mean agents on shift over the block's hours, by team and site.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

MAX_SHIFT_HOURS = 9
REACH_HOURS = 12
NEARBY = 2
EPSILON = 1e-9
CREW_SCHEMA = {"team": pl.String, "site": pl.String, "agents": pl.Float64}
SPARE_SCHEMA = {"weekday": pl.Int64, "hour": pl.Int64, "hours": pl.Int64, "spare": pl.Int64}
BLOCK_SCHEMA: dict[str, pl.DataType] = {
    "first": pl.Int64(),
    "weekday": pl.Int64(),
    "hour": pl.Int64(),
    "hours": pl.Int64(),
    "add": pl.Int64(),
    "contacts": pl.Float64(),
    "on_shift": pl.List(pl.Struct(CREW_SCHEMA)),
    "nearby": pl.List(pl.Struct(SPARE_SCHEMA)),
}


def empty_blocks() -> pl.DataFrame:
    """No gap block (a view built without a roster)."""
    return pl.DataFrame(schema=BLOCK_SCHEMA)


def runs(flags: np.ndarray, cyclic: bool) -> list[tuple[int, int]]:
    """(first, length) of each run of True; with `cyclic`, a run may wrap past the end."""
    n = flags.size
    if not flags.any():
        return []
    if flags.all():
        return [(0, n)]
    offset = int(np.argmin(flags)) if cyclic else 0  # start the scan on a False hour
    rolled = np.roll(flags, -offset)
    edges = np.diff(np.concatenate([[0], rolled.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [((int(s) + offset) % n, int(e - s)) for s, e in zip(starts, ends, strict=True)]


def shift_sized(first: int, length: int, n: int) -> list[tuple[int, int]]:
    """A run cut into the fewest near-equal pieces of at most MAX_SHIFT_HOURS."""
    pieces = math.ceil(length / MAX_SHIFT_HOURS)
    sizes = [length // pieces + (1 if k < length % pieces else 0) for k in range(pieces)]
    starts = np.cumsum([0, *sizes[:-1]])
    return [((first + int(s)) % n, size) for s, size in zip(starts, sizes, strict=True)]


def _distance(a: tuple[int, int], b: tuple[int, int], n: int, cyclic: bool) -> int:
    """Hours between two blocks (0 when they touch)."""
    a_end, b_end = a[0] + a[1], b[0] + b[1]
    if cyclic:
        return min((b[0] - a_end) % n, (a[0] - b_end) % n)
    return max(b[0] - a_end, a[0] - b_end, 0)


def crew_of(
    block: tuple[int, int], crew: np.ndarray, groups: Sequence[tuple[str, str]]
) -> list[dict[str, object]]:
    n = crew.shape[1] if crew.ndim == 2 else 0
    hours = [(block[0] + k) % n for k in range(block[1])] if n else []
    mean = crew[:, hours].mean(axis=1) if hours and crew.size else np.zeros(len(groups))
    rows = [
        {"team": team, "site": site, "agents": float(m)}
        for (team, site), m in zip(groups, mean, strict=True)
        if m > EPSILON
    ]
    return sorted(rows, key=lambda r: -float(r["agents"]))  # type: ignore[arg-type]


def gap_blocks(
    hours: pl.DataFrame,
    crew: np.ndarray,
    groups: Sequence[tuple[str, str]],
    *,
    cyclic: bool,
) -> pl.DataFrame:
    """The gap blocks of `hours` (rows in time order with weekday, hour, demand, gap and,
    for coming hours, date), worst first: first (row), weekday, hour, hours, date (the first
    hour's, if `hours` has dates), add, contacts (per hour, mean), on_shift (team, site,
    agents) and nearby (weekday, hour, hours, spare). `crew` is agents on shift per group
    (rows in `groups` order, (team, site)) and hour."""
    n = hours.height
    gap = hours["gap"].fill_null(0).to_numpy()
    demand = hours["demand"].to_numpy()
    short = [p for r in runs(gap > 0, cyclic) for p in shift_sized(*r, n)]
    spare = [p for r in runs(gap <= -1, cyclic) for p in shift_sized(*r, n)]
    rows = []
    for block in short:
        index = [(block[0] + k) % n for k in range(block[1])]
        near = sorted(spare, key=lambda s: _distance(block, s, n, cyclic))
        near = [s for s in near if _distance(block, s, n, cyclic) <= REACH_HOURS][:NEARBY]
        rows.append(
            {
                "first": block[0],
                "weekday": int(hours["weekday"][block[0]]),
                "hour": int(hours["hour"][block[0]]),
                "hours": block[1],
                "add": math.ceil(float(gap[index].max()) - EPSILON),
                "contacts": float(demand[index].mean()),
                "on_shift": crew_of(block, crew, groups),
                "nearby": [_spare_row(s, hours, gap) for s in near],
            }
        )
    frame = pl.DataFrame(rows, schema=BLOCK_SCHEMA)
    if "date" in hours.columns:
        frame = frame.with_columns(date=hours["date"].gather(frame["first"]))
    return frame.sort(["add", "hours", "first"], descending=[True, True, False])


def _spare_row(block: tuple[int, int], hours: pl.DataFrame, gap: np.ndarray) -> dict[str, int]:
    index = [(block[0] + k) % hours.height for k in range(block[1])]
    return {
        "weekday": int(hours["weekday"][block[0]]),
        "hour": int(hours["hour"][block[0]]),
        "hours": block[1],
        "spare": math.floor(float((-gap[index]).min()) + EPSILON),
    }
