"""A team and a category named `<a href="https://attacker.example/login">x</a>` on the CSAT
page of a real `vigil serve` in Chromium: the charts show the markup as text, and no link to
the attacker is drawn (issue 17, finding 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import running_server
from tests.pages.test_hostile_output import LINK, hostile_world
from tests.worlds import DEMO_NOW

LINKS_TO_ATTACKER = """() => [...document.querySelectorAll('.js-plotly-plot a')].filter(a =>
    [a.getAttribute('href'), a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')]
        .some(h => (h || '').includes('attacker'))).length"""
SHOWN_AS_TEXT = """(link) => [...document.querySelectorAll('.js-plotly-plot text')]
    .some(t => t.textContent.includes(link))"""


def test_hostile_names_are_text_in_the_csat_charts(
    browser: Any, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url = hostile_world(tmp_path_factory)
    pinned = {"VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(url, tmp_path / "server.log", env=pinned) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        try:
            page.goto(f"{base}/csat?lang=en", wait_until="networkidle")
            page.wait_for_selector("svg.main-svg g.trace", timeout=60_000)
            # the team and category axes draw the name, as the characters it holds
            page.wait_for_function(SHOWN_AS_TEXT, arg=LINK, timeout=60_000)
            assert page.evaluate(LINKS_TO_ATTACKER) == 0
            assert page.locator('.js-plotly-plot a[href*="attacker"]').count() == 0
        finally:
            page.close()
