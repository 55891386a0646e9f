"""Gap blocks (docs/metrics.md, "Gap blocks"): runs, shift-sized pieces, spare agents nearby
and who is on shift, by hand on short sequences of hours."""

from __future__ import annotations

import numpy as np
import polars as pl

from queries.metrics.gap_blocks import MAX_SHIFT_HOURS, gap_blocks, runs, shift_sized


def hours_of(gaps: list[float]) -> pl.DataFrame:
    n = len(gaps)
    return pl.DataFrame(
        {
            "weekday": [k // 24 for k in range(n)],
            "hour": [k % 24 for k in range(n)],
            "demand": [2.0] * n,
            "gap": gaps,
        }
    )


def test_runs_wrap_only_when_cyclic() -> None:
    flags = np.array([True, True, False, False, True])
    assert runs(flags, cyclic=False) == [(0, 2), (4, 1)]
    assert runs(flags, cyclic=True) == [(4, 3)]  # hour 4, then 0 and 1
    assert runs(np.array([False, False]), cyclic=True) == []
    assert runs(np.array([True, True]), cyclic=True) == [(0, 2)]


def test_a_long_run_is_cut_into_even_shifts() -> None:
    assert shift_sized(0, MAX_SHIFT_HOURS, 168) == [(0, MAX_SHIFT_HOURS)]
    # 20 hours → three pieces of 7, 7 and 6
    assert shift_sized(160, 20, 168) == [(160, 7), (167, 7), (6, 6)]


def test_a_block_adds_its_worst_hour_and_lists_the_spare_nearby() -> None:
    # hours 0–23 of Monday: short 0.5, 2.2, 1.0 at 01–03; spare 1.5, 1.2 at 06–07; 2 at 20
    gaps = [0.0] * 24
    gaps[1:4] = [0.5, 2.2, 1.0]
    gaps[6:8] = [-1.5, -1.2]
    gaps[20] = -2.0
    crew = np.zeros((2, 24))
    crew[0, 1:4] = [1.0, 1.0, 0.5]  # Night · Taipei: mean 2.5 / 3
    blocks = gap_blocks(hours_of(gaps), crew, [("Night", "Taipei"), ("Day", "Dublin")], cyclic=True)
    assert blocks.height == 1
    block = blocks.row(0, named=True)
    assert (block["weekday"], block["hour"], block["hours"], block["add"]) == (0, 1, 3, 3)
    assert block["on_shift"] == [{"team": "Night", "site": "Taipei", "agents": 2.5 / 3}]
    # 06–08 is 2 h after the block, 20:00 is 5 h before it (cyclic): both within reach;
    # 06–08 spares ⌊min(1.5, 1.2)⌋ = 1
    assert block["nearby"] == [
        {"weekday": 0, "hour": 6, "hours": 2, "spare": 1},
        {"weekday": 0, "hour": 20, "hours": 1, "spare": 2},
    ]


def test_blocks_are_ranked_worst_first_and_carry_the_date_of_coming_hours() -> None:
    from datetime import date, timedelta

    gaps = [1.0, 0.0, 0.0, 3.0, 3.0, 0.0]
    hours = hours_of(gaps).with_columns(
        date=pl.Series([date(2026, 12, 5) + timedelta(hours=k) for k in range(6)], dtype=pl.Date)
    )
    blocks = gap_blocks(hours, np.zeros((0, 6)), [], cyclic=False)
    assert blocks["first"].to_list() == [3, 0]
    assert blocks["add"].to_list() == [3, 1]
    assert blocks["on_shift"].to_list() == [[], []]
    assert "date" in blocks.columns
