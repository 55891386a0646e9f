"""In Chromium, on a real `vigil serve`: a demo world with rows on 9999-12-31 and 0001-01-01
(as an SQL insert leaves them) and hostile `?period=` values (issue 17, findings 1 and 2).
Every page shows the data's last 366 days at most, without an exception. (The old code spent
minutes of CPU on these; no wall-clock limit here: the machine may be loaded.)"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest

from tests.e2e.conftest import running_server
from tests.worlds import DEMO_NOW, demo_world_url

pytestmark = pytest.mark.e2e
ODD_ROWS = """
INSERT INTO conversations (external_id, customer_id, agent_id, channel, opened_at, resolved_at,
    agent_replies, reopened_count)
VALUES ('odd-9999', 1, 1, 'chat', '9999-12-31 23:59:59.000000', '9999-12-31 23:59:59.000000', 0, 0),
       ('odd-0001', 1, 1, 'chat', '0001-01-01 00:00:00.000000', NULL, 0, 0);
INSERT INTO shifts (agent_id, starts_at, ends_at)
VALUES (1, '9999-12-31 22:00:00.000000', '9999-12-31 23:00:00.000000');
INSERT INTO customer_activity (customer_id, occurred_at, kind, amount)
VALUES (1, '9999-12-31 23:00:00.000000', 'order', 1.0);
"""
PERIODS = ("0001-01-01..9999-12-31", "9999-12-31..9999-12-31", "1900-01-01..2999-12-31", "x..y")


@pytest.fixture(scope="module")
def odd_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e-odd-instants")
    copy = folder / "odd.db"
    shutil.copy(demo_world_url(tmp_path_factory).removeprefix("sqlite:///"), copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.executescript(ODD_ROWS)
        conn.commit()
    pinned = {"VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(f"sqlite:///{copy}", folder / "server.log", env=pinned) as base:
        yield base


@pytest.mark.parametrize("path", ["", "coverage", "service-by-hour"])
@pytest.mark.parametrize("period", PERIODS)
def test_hostile_periods_render_the_data(
    browser: Any, odd_url: str, path: str, period: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{odd_url}/{path}?lang=en&period={period}", wait_until="networkidle")
        caption = page.locator('[data-testid="stCaptionContainer"]', has_text="times in")
        caption.first.wait_for(timeout=60_000)
        drawn = page.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"]')
        drawn.first.wait_for(timeout=60_000)
        text = caption.first.inner_text()
        assert "2026" in text and "9999" not in text and "0001" not in text, text
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
    finally:
        page.close()
