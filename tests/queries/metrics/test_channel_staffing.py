"""The per-channel staffing models (docs/metrics.md, "Per-channel targets"), checked by hand.

Erlang C values below come from the textbook formula with factorials,
C(N, A) = (A^N / N! · N / (N − A)) / (Σ_{k<N} A^k / k! + A^N / N! · N / (N − A)), for A = 10:
C(13) = 0.2853 and C(14) = 0.1741, so with aht = 360 s
- chat alone at 60 s: 1 − 0.2853·e^(−3·60/360) = 0.827 ≥ 0.8 at N = 13 (0.678 at 12);
- phone alone at 20 s: 1 − 0.2853·e^(−3·20/360) = 0.7585 < 0.8 at 13, 0.8606 at 14;
- half and half: (0.827 + 0.7585) / 2 = 0.7927 < 0.8 at 13, (0.9106 + 0.8606) / 2 = 0.8856 at 14.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from queries.metrics.channel_staffing import (
    ChannelLoad,
    LiveQueue,
    deferred_need,
    live_queue,
    with_channel_staffing,
)
from queries.metrics.roster import cell_frame
from queries.metrics.targets import DEFAULT_TARGETS, channel_targets


def test_the_default_targets_are_the_documented_ones() -> None:
    assert DEFAULT_TARGETS == {"chat": 60, "phone": 20, "social": 3600, "email": 14_400}
    assert channel_targets({"email": 7200})["email"] == 7200
    assert channel_targets({"email": 7200})["chat"] == 60


@pytest.mark.parametrize(
    ("mix", "agents"),
    [
        (((1.0, 60.0),), 13),
        (((1.0, 20.0),), 14),
        (((0.5, 60.0), (0.5, 20.0)), 14),
    ],
)
def test_the_real_time_queue_meets_each_channels_own_target(
    mix: tuple[tuple[float, float], ...], agents: int
) -> None:
    queue = LiveQueue(load=10.0, aht_s=360.0, mix=mix)
    assert queue.agents(0.8) == agents
    assert queue.level(agents) >= 0.8 > queue.level(agents - 1)


def test_the_blended_level_is_the_demand_weighted_share_within_target() -> None:
    queue = LiveQueue(load=10.0, aht_s=360.0, mix=((0.5, 60.0), (0.5, 20.0)))
    assert queue.level(13) == pytest.approx(0.7927, abs=1e-4)
    assert queue.level(14) == pytest.approx(0.8856, abs=1e-4)
    # 13.5 agents: half-way between the two
    assert queue.level_with(13.5) == pytest.approx((0.7927 + 0.8856) / 2, abs=1e-4)


def test_an_hours_e_mail_is_worked_over_the_hours_of_its_target() -> None:
    # 3 e-mails × 600 s = 1800 s of work in hour 0; a 4 h target spreads it over hours 0–3:
    # 1800 / (4 × 3600 × 0.85) = 0.1471 agents in each, nothing in hour 4
    work = np.array([1800.0, 0, 0, 0, 0, 0])
    need = deferred_need(work, target_s=4 * 3600, occupancy=0.85)
    assert need[:4] == pytest.approx([0.1471] * 4, abs=1e-4)
    assert need[4:].tolist() == [0, 0]
    assert need.sum() * 3600 * 0.85 == pytest.approx(1800)  # all the work, once


def test_a_target_under_an_hour_is_worked_within_its_own_hour() -> None:
    need = deferred_need(np.array([3600.0, 0]), target_s=1800, occupancy=1.0)
    assert need.tolist() == [1.0, 0.0]


def test_the_backlog_wraps_from_the_weeks_last_hour_to_its_first() -> None:
    need = deferred_need(np.array([0, 0, 7200.0]), target_s=2 * 3600, occupancy=1.0)
    assert need.tolist() == [1.0, 0.0, 1.0]  # hour 2's work carries into hour 0


def loads(**demand: list[float]) -> list[ChannelLoad]:
    aht = {"chat": 360.0, "phone": 360.0, "email": 600.0, "social": 600.0}
    size = len(next(iter(demand.values())))
    return [
        ChannelLoad(c, np.array(demand.get(c, [0.0] * size), dtype=float), aht[c])
        for c in ("chat", "email", "phone", "social")
    ]


def test_hours_add_each_channels_part_then_round_once() -> None:
    hours = loads(chat=[100, 0, 0, 0, 0], email=[3, 0, 0, 0, 0])
    frame = cell_frame([0] * 5, [0, 1, 2, 3, 4], [103, 0, 0, 0, 0], [20, 0, 0, 0, 0])
    staffed = with_channel_staffing(
        frame, hours, channel_targets(), level=0.8, shrinkage=0.3, occupancy=0.85
    )
    # hour 0: chat 13 + e-mail 0.1471 → ⌈13.1471 / 0.7⌉ = ⌈18.78⌉ = 19; gap 19 − 20 = −1
    # hours 1–3: the e-mail backlog only → ⌈0.1471 / 0.7⌉ = 1; hour 4: nothing left
    assert staffed["required"].to_list() == [19, 1, 1, 1, 0]
    assert staffed["gap"].to_list() == [-1, 1, 1, 1, 0]
    assert staffed["required_chat"][0] == pytest.approx(13 / 0.7)
    assert staffed["required_email"].to_list() == pytest.approx([0.1471 / 0.7] * 4 + [0], abs=1e-4)
    parts = staffed.select(pl.sum_horizontal(pl.col("^required_.*$")))
    assert parts.to_series()[0] == pytest.approx(13.1471 / 0.7, abs=1e-3)
    # the real-time level with 20 × 0.7 − 0.1471 = 13.853 agents; none without live demand
    assert staffed["service_level"][0] == pytest.approx(
        LiveQueue(10.0, 360.0, ((1.0, 60.0),)).level_with(14 - 0.1471 * 1), abs=1e-3
    )
    assert staffed["service_level"][1] is None


def test_no_live_queue_without_real_time_contacts() -> None:
    assert live_queue(loads(email=[5.0]), channel_targets(), 0) is None


def test_required_is_unknown_without_any_handle_time() -> None:
    blind = [ChannelLoad(c, np.array([2.0]), None) for c in ("chat", "email", "phone", "social")]
    frame = cell_frame([0], [0], [8.0], [1.0])
    staffed = with_channel_staffing(
        frame, blind, channel_targets(), level=0.8, shrinkage=0.3, occupancy=0.85
    )
    assert staffed["required"].to_list() == [None]
