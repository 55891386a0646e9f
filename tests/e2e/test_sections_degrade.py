"""In Chromium: a section of a page degrades alone. Without the `shifts` table, the overview's
"Cost centre and value centre" section shows its warning, while the KPI tiles and the daily
volume chart still render."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest

from dashboard.i18n import translations
from tests.e2e.conftest import SCREENSHOTS, running_server
from tests.worlds import DEMO_NOW, demo_world_url

pytestmark = pytest.mark.e2e
TILES = 10  # the overview's KPI tiles, then repurchase and lifetime value


@pytest.fixture(scope="module")
def no_shifts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vigil serve` on a copy of the demo world whose `shifts` table was dropped."""
    folder = tmp_path_factory.mktemp("e2e-no-shifts")
    copy = folder / "no-shifts.db"
    shutil.copy(demo_world_url(tmp_path_factory).removeprefix("sqlite:///"), copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("DROP TABLE shifts")
        conn.commit()
    pinned = {"VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(f"sqlite:///{copy}", folder / "server.log", env=pinned) as base:
        yield base


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_without_shifts_only_the_cost_centre_section_warns(
    browser: Any, no_shifts_url: str, language: str
) -> None:
    from playwright.sync_api import expect

    gettext = translations(language).gettext
    template = gettext("{what}: the database did not answer. Try again in a moment.")
    warning_text = template.format(what=gettext("Cost centre and value centre"))
    any_warning = template.split("{what}")[1]  # what every section's warning says
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{no_shifts_url}/?lang={language}", wait_until="networkidle")
        warning = page.locator('[data-testid="stAlert"]', has_text=warning_text)
        warning.wait_for(timeout=60_000)
        chart = page.locator(".st-key-conversations-per-day_chart svg.main-svg g.trace")
        chart.first.wait_for(timeout=60_000)  # the section after the failed one still draws
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(TILES, timeout=30_000)
        expect(warning).to_have_count(1)
        alerts = page.locator('[data-testid="stAlert"]', has_text=any_warning)
        expect(alerts).to_have_count(1)  # no other section warns
        heading = page.get_by_role("heading", name=gettext("Conversations per day"))
        expect(heading).to_have_count(1)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"overview-no-shifts-{language}.png", full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
    finally:
        page.close()
