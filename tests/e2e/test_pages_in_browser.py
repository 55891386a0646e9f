"""Open every page in headless Chromium, in both languages, on the demo world and on no data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.pages.test_pages_render import PAGES

pytestmark = pytest.mark.e2e
LANGUAGES = ("zh-TW", "en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_path", [url for _, url, _ in PAGES])
def test_page_renders_in_chromium(
    browser: Any, dashboard_url: tuple[str, str], page_path: str, language: str
) -> None:
    base, world = dashboard_url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/{page_path}?lang={language}", wait_until="networkidle")
        page.wait_for_selector('[data-testid="stSidebar"]', timeout=30_000)
        if world == "demo":
            page.wait_for_selector("svg.main-svg g.trace", timeout=30_000)
        else:
            page.wait_for_selector('[data-testid="stAlert"]', timeout=30_000)
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{page_path}-{world}-{language}.png", full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
    finally:
        page.close()
