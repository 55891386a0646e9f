"""Coverage and Service by hour agree for e-mail under the per-channel targets, on SQLite and
PostgreSQL (docs/metrics.md, "Per-channel targets").

The world: Monday 2024-01-01 in Taipei, four e-mails opened at 09:10, each 900 s of handling.
Their work, 4 × 900 = 3600 s, may be spread over the 4 hours of the e-mail target (09–12):
3600 / (4 × 3600 × 0.85) = 0.2941 agents an hour, ⌈0.2941 / 0.7⌉ = 1 after shrinkage.
The one-queue model of §4 instead asks Erlang C for 80 % within 60 s: A = 4 × 900 / 3600 = 1,
N = 3 (C(3, 1) = 1/11, 1 − e^(−2·60/900)/11 = 0.92; N = 2 reaches only 0.69), ⌈3 / 0.7⌉ = 5.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.metrics.roster import Targets
from queries.metrics.targets import channel_targets
from queries.plumbing.filters import Filters
from queries.views.coverage import coverage
from queries.views.service_by_hour import service_hours
from tests.builders import World, at

TPE = "Asia/Taipei"
WEEK = Filters(date(2024, 1, 1), date(2024, 1, 7), TPE)
PER_CHANNEL = Targets(channels=tuple(channel_targets().items()))


def monday(cells: pl.DataFrame, hour: int) -> dict[str, Any]:
    return cells.filter((pl.col("weekday") == 0) & (pl.col("hour") == hour)).row(0, named=True)


def e_mails(engine: Engine, answered_after: timedelta, on_shift: bool) -> None:
    world = World(engine)
    agent = world.agent(team="mail", time_zone=TPE)
    customer = world.customer()
    if on_shift:
        world.shift(
            agent_id=agent,
            starts_at=at("2024-01-01 09:00", TPE),
            ends_at=at("2024-01-01 13:00", TPE),
        )
    opened = at("2024-01-01 09:10", TPE)
    for _ in range(4):
        world.conversation(
            customer_id=customer,
            agent_id=agent,
            channel="email",
            opened_at=opened,
            first_response_at=opened + answered_after,
            resolved_at=opened + answered_after + timedelta(hours=1),
            handle_seconds=900,
        )


def test_e_mail_answered_within_its_target_on_a_staffed_morning(engine: Engine) -> None:
    e_mails(engine, answered_after=timedelta(hours=2), on_shift=True)
    cells = coverage(engine, WEEK, PER_CHANNEL).cells
    for hour in (9, 10, 11, 12):
        cell = monday(cells, hour)
        assert cell["required_email"] == pytest.approx(3600 / (4 * 3600 * 0.85) / 0.7)
        assert (cell["required"], cell["scheduled"], cell["gap"]) == (1, 1.0, 0.0)
    assert cells.filter(pl.col("gap") > 0).is_empty()  # nothing understaffed…
    service = service_hours(engine, WEEK, channel_targets())
    row = service.by_channel.filter((pl.col("channel") == "email") & (pl.col("hour") == 9))
    assert row["service_level"].to_list() == [100.0]  # …and every e-mail within 4 h

    one_queue = monday(coverage(engine, WEEK, Targets()).cells, 9)
    assert (one_queue["required"], one_queue["gap"]) == (5, 4.0)  # the 60 s model's verdict
    assert service_hours(engine, WEEK, 60).by_hour["service_level"][9] == 0.0


def test_e_mail_past_its_target_on_an_empty_morning(engine: Engine) -> None:
    e_mails(engine, answered_after=timedelta(hours=6), on_shift=False)
    cells = coverage(engine, WEEK, PER_CHANNEL).cells
    short = cells.filter(pl.col("gap") > 0)
    assert short.select("weekday", "hour").rows() == [(0, 9), (0, 10), (0, 11), (0, 12)]
    assert short["gap"].to_list() == [1.0] * 4  # understaffed…
    service = service_hours(engine, WEEK, channel_targets())
    assert service.by_hour["service_level"][9] == 0.0  # …and no e-mail within 4 h
    assert service.target_s is None
    assert service.targets["email"] == 14_400


def test_the_command_line_prints_the_per_channel_model_on_request(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from dashboard.cli.commands import main

    e_mails(engine, answered_after=timedelta(hours=2), on_shift=True)
    url = engine.url.render_as_string(hide_password=False)
    span = ["coverage", "--start", "2024-01-01", "--end", "2024-01-07", "--tz", TPE, "--json"]
    assert main([*span, "--db", url]) == 0
    plain = json.loads(capsys.readouterr().out)["rows"][9]
    assert (plain["required"], "channels" in plain) == (5, False)  # §4 by default
    assert main([*span, "--per-channel", "--db", url]) == 0
    row = json.loads(capsys.readouterr().out)["rows"][9]
    assert row["required"] == 1
    assert row["channels"]["email"] == {"demand": 4.0, "required": pytest.approx(0.4202, 1e-3)}
