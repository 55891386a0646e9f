"""Implausible stored instants and hostile URL periods (issue 17, findings 1 and 2): every
page renders, the period is clamped to the data's real range and to MAX_SPAN_DAYS
(docs/architecture.md, "Anatomy of a page"), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import data
from queries.plumbing import db
from queries.plumbing.db import reading
from tests.builders import World, utc
from tests.pages.test_pages_render import ENTRY, PAGES
from tests.queries.plumbing.test_sqlite_time_limit import endless

LAST_DAY = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
FIRST_DAY = datetime(1, 1, 1, tzinfo=UTC)


@pytest.fixture
def hostile_world(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A month of real conversations (2026-10) and rows on 0001-01-01 and 9999-12-31, as an
    SQL insert would leave them; the app's engine is closed after the test."""
    world = World(engine)
    customer, agent = world.customer(), world.agent()
    for day in range(1, 29):
        opened = utc(f"2026-10-{day:02d} 03:00")
        chat = world.conversation(
            customer_id=customer, agent_id=agent, opened_at=opened, resolved_at=opened
        )
        world.response(conversation_id=chat, csat=1 + day % 5, nps=day % 11, comment="ok")
    for instant in (LAST_DAY, FIRST_DAY):
        odd = world.conversation(
            customer_id=customer, agent_id=agent, opened_at=instant, resolved_at=instant
        )
        world.response(conversation_id=odd, csat=5, responded_at=instant)
        hour = timedelta(hours=1)
        starts = instant if instant == FIRST_DAY else instant - hour
        world.shift(agent_id=agent, starts_at=starts, ends_at=starts + hour)
        world.activity(customer_id=customer, occurred_at=instant, kind="order", amount=1.0)
    monkeypatch.setenv("VIGIL_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    yield
    data.engine().dispose()  # before the caches are cleared: no open PostgreSQL connection


def open_with_period(script: str, period: str | None, zone: str | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = "en"
    if period is not None:
        app.query_params["period"] = period
    if zone is not None:
        app.query_params["tz"] = zone
    app.run()
    return app.switch_page(script).run() if script != PAGES[0][0] else app


@pytest.mark.parametrize(("script", "url", "title"), PAGES)
def test_every_page_renders_over_stored_year_1_and_9999(
    hostile_world: None, script: str, url: str, title: str
) -> None:
    app = open_with_period(script, "0001-01-01..9999-12-31")
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == title


PERIODS = {
    None: "Oct 1, 2026 – Oct 28, 2026",  # the default: the last 30 days of data, cut at its start
    "9999-12-31..9999-12-31": "Oct 28, 2026 – Oct 28, 2026",
    "0001-01-01..9999-12-31": "Oct 1, 2026 – Oct 28, 2026",
    "1900-01-01..2999-12-31": "Oct 1, 2026 – Oct 28, 2026",
    "2026-10-03..2026-10-09": "Oct 3, 2026 – Oct 9, 2026",
    "garbage": "Oct 1, 2026 – Oct 28, 2026",
    "2026-10-09..2026-10-03": "Oct 1, 2026 – Oct 28, 2026",
    "2026-10-03.." + "9" * 10_000: "Oct 1, 2026 – Oct 28, 2026",
}


@pytest.mark.parametrize(("period", "shown"), PERIODS.items(), ids=[str(p)[:24] for p in PERIODS])
def test_url_periods_are_clamped_to_the_data(
    hostile_world: None, period: str | None, shown: str
) -> None:
    app = open_with_period(PAGES[0][0], period)
    assert not app.exception, [e.value for e in app.exception]
    assert app.caption[0].value.startswith(f"{shown}, times in ")


def test_a_section_whose_read_times_out_says_so(
    hostile_world: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SQLite or PostgreSQL read past the time limit, in the cost-centre section."""

    def slow_cost(_filters: object) -> None:
        with reading(data.engine()) as conn:
            conn.execute(endless())

    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 300)
    monkeypatch.setattr(data, "overview_cost", slow_cost)
    app = open_with_period(PAGES[0][0], None)
    assert not app.exception, [e.value for e in app.exception]
    assert [w.value for w in app.warning] == [
        "Cost centre and value centre: the query ran past its time limit and was stopped. "
        "Try a shorter period or fewer filters."
    ]
    assert app.get("plotly_chart")  # the sections after it still render
