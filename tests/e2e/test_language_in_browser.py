"""Every page of the demo world in Chromium speaks the viewer's language (issue 16): in zh-TW no
渠道, no English month in a chart tick, no raw demo category, team or segment key, no raw
IANA zone name and no bare "$"; in English the demo's English display names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from queries.demo.labels import NAMES
from tests.e2e.conftest import SCREENSHOTS, SCRIPT_DONE, running_server
from tests.pages.test_pages_render import PAGES
from tests.worlds import DEMO_NOW, demo_world_url

pytestmark = pytest.mark.e2e
MONTHS = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|"
    r"June|July|August|September|October|November|December)\b"
)
IANA = re.compile(r"\b(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]\w+")
BARE_DOLLAR = re.compile(r"(?<![A-Z])\$")
RAW_KEYS = ("billing", "login", "shipping", "refund", "bug", "how-to", "Tier 1", "Night Desk",
            "Technical", "consumer", "smb", "enterprise")  # fmt: skip
ZH_NAMES = tuple(zh for _en, zh in NAMES.values())


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e-language")
    url = demo_world_url(tmp_path_factory)
    with running_server(
        url, folder / "server.log", env={"VIGIL_NOW": DEMO_NOW.isoformat()}
    ) as base:
        yield base


def shown_text(browser: Any, base: str, path: str, language: str) -> tuple[str, list[str]]:
    """The page's visible text with its charts' text, and the charts' tick labels."""
    page = browser.new_page(viewport={"width": 1400, "height": 2600})  # the charts in view
    try:
        page.goto(f"{base}/{path}?lang={language}", wait_until="networkidle", timeout=0)
        page.wait_for_selector("svg.main-svg g.trace, svg.main-svg g.hm", timeout=0)
        page.wait_for_selector(SCRIPT_DONE, timeout=0)
        page.wait_for_function(  # every section drawn: no placeholder left
            "!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=0
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path or "overview"
        page.screenshot(path=SCREENSHOTS / f"language-{name}-{language}.png", full_page=True)
        svg = page.locator("svg.main-svg text").all_text_contents()
        ticks = page.locator("svg.main-svg g.xtick text, svg.main-svg g.ytick text")
        text = page.locator('[data-testid="stApp"]').inner_text() + "\n" + "\n".join(svg)
        return text, ticks.all_text_contents()
    finally:
        page.close()


@pytest.mark.parametrize("path", [url for _, url, _title in PAGES])
def test_zh_tw_pages_show_no_raw_or_foreign_words(browser: Any, demo_base: str, path: str) -> None:
    text, ticks = shown_text(browser, demo_base, path, "zh-TW")
    assert "渠道" not in text
    assert [t for t in ticks if MONTHS.search(t)] == []
    raw = [k for k in RAW_KEYS if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)]
    assert raw == []
    assert IANA.findall(text) == []
    assert BARE_DOLLAR.findall(text) == []


def test_english_pages_show_english_names(browser: Any, demo_base: str) -> None:
    seen = ""
    for path in ("csat", "voice", "nps"):
        text, _ticks = shown_text(browser, demo_base, path, "en")
        assert not [zh for zh in ZH_NAMES if zh in text]
        seen += text
    assert {"Billing", "Refund", "How-to"} <= {en for en, _zh in NAMES.values() if en in seen}
