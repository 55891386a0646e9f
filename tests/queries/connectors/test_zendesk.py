"""The Zendesk preset against a loopback Zendesk (zendesk_server.py): cursor pages, a 429
with Retry-After, a deleted ticket, a ticket reopened and solved again, good/bad ratings kept
with their scale; a second sync writes nothing; bad credentials write nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from jobs.sync import sync_source
from queries.connectors.sql_source import SourceUnavailable
from queries.connectors.zendesk import sync_zendesk
from queries.connectors.zendesk_api import ZendeskApi
from queries.metrics.tallies import compute_metrics
from queries.plumbing.filters import Filters
from queries.plumbing.settings import SyncSource
from queries.views.csat import csat_view
from tests.queries.connectors.zendesk_server import (
    EMAIL,
    TOKEN,
    Zendesk,
    metrics,
    rating,
    ticket,
    user,
    zendesk_server,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
# fmt: off
T101 = ticket(
    101, 31, 11, "open", "line", "2026-10-10T01:00:00Z", "2026-10-10T01:05:00Z", ["billing"]
)
T102 = ticket(102, 32, None, "deleted", "web", "2026-10-10T02:00:00Z", "2026-10-12T00:00:00Z", [])
T103 = ticket(103, 32, 11, "solved", "email", "2026-10-11T02:00:00Z", "2026-10-13T05:00:00Z", [])
# fmt: on


def world() -> Zendesk:
    return Zendesk(
        users=[
            [
                user(11, "Kai", "agent", "kai@example.tw", "Asia/Taipei", "zh-tw", group=20),
                user(31, "林小姐", "end-user", "lin@example.tw", "Asia/Taipei", "zh-tw"),
            ],
            [user(32, "Ann", "end-user", "ann@example.com", "America/Los_Angeles", "en-US")],
        ],
        tickets=[
            (
                [T101, T102],
                [metrics(101, 1, 0, 300, None, "2026-10-10T01:00:00Z")],
            ),
            (  # reopened once, solved again on the 13th
                [T103],
                [metrics(103, 3, 1, 3600, "2026-10-13T05:00:00Z", "2026-10-11T02:00:00Z")],
            ),
        ],
        ratings=[
            [rating(1, 101, "offered", "2026-10-10T03:00:00Z", None)],
            [
                rating(2, 103, "good", "2026-10-13T06:00:00Z", "謝謝"),
                rating(3, 102, "bad", "2026-10-12T00:00:00Z", "deleted ticket"),
            ],
        ],
        throttle_once={"/api/v2/incremental/tickets/cursor.json"},
    )


@pytest.fixture
def served() -> Iterator[tuple[Zendesk, str]]:
    state = world()
    with zendesk_server(state) as base:
        yield state, base


def api(base: str, waits: list[float], token: str = TOKEN) -> ZendeskApi:
    return ZendeskApi(base, EMAIL, token, sleep=waits.append)


def rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_zendesk_sync_follows_cursors_waits_out_429_and_maps_tickets(
    engine: Engine, served: tuple[Zendesk, str]
) -> None:
    state, base = served
    waits: list[float] = []
    report = sync_zendesk(engine, api(base, waits), now=NOW)
    assert waits == [2.0]  # the 429's Retry-After, then the same request again
    assert sum("cursor=tickets-1" in path for path in state.requests) == 1  # page 2 by cursor
    assert (report["customers"].read, report["agents"].read) == (2, 1)
    assert report["conversations"].read == 2  # the deleted ticket is not a conversation
    assert report["survey_responses"].read == 1  # offered is no answer; 102 was deleted
    assert "the 1–5 CSAT distribution" in str(report)

    agents = rows(engine, "SELECT external_id, team, time_zone FROM agents")
    assert agents == [("zd:11", "Night Desk", "Asia/Taipei")]
    customers = rows(engine, "SELECT external_id, locale, time_zone FROM customers ORDER BY 1")
    assert customers == [
        ("zd:31", "zh-TW", "Asia/Taipei"),
        ("zd:32", "en-US", "America/Los_Angeles"),
    ]
    conversations = rows(
        engine,
        "SELECT external_id, channel, channel_detail, category, agent_replies, reopened_count"
        " FROM conversations ORDER BY 1",
    )
    assert conversations == [
        ("zd:101", "chat", "line", "billing", 1, 0),
        ("zd:103", "email", "email", None, 3, 1),
    ]
    with engine.connect() as conn:
        times = conn.execute(
            sa.text("SELECT first_response_at, resolved_at FROM conversations ORDER BY external_id")
        ).all()
        answer = conn.execute(sa.text("SELECT csat, csat_scale, comment FROM survey_responses"))
        assert tuple(answer.one()) == (5, "good_bad", "謝謝")
    assert [str(t[0])[:16].replace("T", " ") for t in times] == [
        "2026-10-10 01:05",
        "2026-10-11 03:00",
    ]
    assert times[0][1] is None and str(times[1][1])[:16].replace("T", " ") == "2026-10-13 05:00"

    filters = Filters(date(2026, 10, 1), date(2026, 10, 31), "UTC")
    kpis = compute_metrics(engine, filters, as_of=NOW)
    assert (kpis["conversations"], kpis["responses"], kpis["csat"]) == (2, 1, 100.0)
    assert kpis["fcr"] == 0.0  # the one resolved ticket was reopened
    view = csat_view(engine, filters)
    assert view.binary_answers == 1 and view.distribution["responses"].sum() == 0

    again = sync_zendesk(engine, api(base, []), now=NOW)
    assert again.written == 0
    assert again["conversations"].read == 0  # the stored cursor is at the end of the stream


def test_bad_credentials_are_unavailable_name_no_token_and_write_nothing(
    engine: Engine, served: tuple[Zendesk, str]
) -> None:
    _, base = served
    with pytest.raises(SourceUnavailable) as caught:
        sync_zendesk(engine, api(base, [], token="wrong-token"), now=NOW)
    assert "refused the credentials (401)" in str(caught.value)
    assert "wrong-token" not in str(caught.value)
    assert rows(engine, "SELECT count(*) FROM customers") == [(0,)]


def test_vigil_sync_source_zendesk_on_the_command_line(
    engine: Engine, served: tuple[Zendesk, str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    state, base = served
    state.throttle_once.clear()
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    db = engine.url.render_as_string(hide_password=False)
    args = ["sync", "--db", db, "--source", "zendesk", "--base-url", base, "--email", EMAIL]
    assert main([*args, "--token-env", "ZD_TOKEN"]) == 0
    out = capsys.readouterr().out
    assert "synced zendesk" in out and "stays empty for this source" in out
    assert main([*args, "--token-env", "NO_SUCH_VAR"]) == 2
    assert "NO_SUCH_VAR is not set" in capsys.readouterr().err


def test_a_scheduled_zendesk_source_syncs_under_its_own_name(
    engine: Engine, served: tuple[Zendesk, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, base = served
    state.throttle_once.clear()
    monkeypatch.setenv("ZD_TOKEN", TOKEN)
    source = SyncSource(
        name="zendesk-tw", preset="zendesk", token_env="ZD_TOKEN",
        params={"base_url": base, "email": EMAIL},
    )  # fmt: skip
    assert sync_source(engine, source, NOW) == {"read": 6, "written": 6}
    assert rows(engine, "SELECT name, vigil_surveys FROM sync_sources") == [("zendesk-tw", False)]
    assert rows(engine, "SELECT DISTINCT sync_source FROM conversations") == [("zendesk-tw",)]
