"""Open every page in headless Chromium, in both languages, on the demo world and on no data."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.i18n import translations
from tests.e2e.conftest import SCREENSHOTS
from tests.pages.test_pages_render import PAGES

pytestmark = pytest.mark.e2e
LANGUAGES = ("zh-TW", "en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("page_path", "title"), [(url, title) for _, url, title in PAGES])
def test_page_renders_in_chromium(
    browser: Any, dashboard_url: tuple[str, str], page_path: str, title: str, language: str
) -> None:
    base, world = dashboard_url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/{page_path}?lang={language}", wait_until="networkidle")
        page.wait_for_selector('[data-testid="stSidebar"]', timeout=30_000)
        if world == "demo":
            # bars and lines draw g.trace; a heatmap draws g.hm (the coverage page)
            page.wait_for_selector("svg.main-svg g.trace, svg.main-svg g.hm", timeout=30_000)
        else:
            page.wait_for_selector('[data-testid="stAlert"]', timeout=30_000)
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = page_path or "overview"
        page.screenshot(path=SCREENSHOTS / f"{name}-{world}-{language}.png", full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        heading = translations(language).gettext(title)
        assert page.get_by_role("heading", name=heading).count() >= 1
        assert page.get_by_text("Page not found").count() == 0
        assert errors == []
    finally:
        page.close()
