"""Every page in Chromium on a world of 200,000 conversations, built by `vigil demo` with its
summaries; each page's cold time, from navigation to its last chart drawn, is printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLOCK_SHIFT
from tests.e2e.conftest import ROOT, SCRIPT_DONE, running_server
from tests.pages.test_pages_render import PAGES
from tests.worlds import DEMO_NOW

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SIZE = 200_000
DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(chart => chart.querySelector('svg.main-svg'))
    && !document.querySelector('[data-testid="stSkeleton"]')"""


def build_world(url: str, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "dashboard.cli", "demo", "--conversations", str(SIZE)]
    command += ["--customers", "25000", "--days", "120", "--db", url]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def open_cold(browser: Any, url: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector('[data-testid="stSidebar"]', timeout=120_000)
        page.wait_for_selector(SCRIPT_DONE, timeout=180_000)
        page.wait_for_function(DRAWN, timeout=60_000)
        seconds = time.perf_counter() - started
        assert page.locator('[data-testid="stException"]').count() == 0, url
        assert errors == [], url
        return seconds
    finally:
        page.close()


def test_every_page_opens_on_200k_conversations(
    browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.environ.get(CLOCK_SHIFT):  # its world and server run on VIGIL_NOW, never the wall clock
        pytest.skip("the moved-clock runs cannot change a world pinned to VIGIL_NOW")
    url = f"sqlite:///{tmp_path / 'large.db'}"
    env = {**os.environ, "VIGIL_NOW": DEMO_NOW.isoformat()}
    built = build_world(url, env)
    times: dict[str, float] = {}
    with running_server(
        url, tmp_path / "server.log", env={"VIGIL_NOW": DEMO_NOW.isoformat()}
    ) as base:
        for _script, page_path, _title in PAGES:
            times[page_path or "overview"] = open_cold(browser, f"{base}/{page_path}?lang=en")
    out = ROOT / "artifacts" / "large-world-pages.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"conversations": SIZE, "build_s": built, "cold_s": times}, indent=1))
    with capsys.disabled():
        print(f"\n{SIZE:,} conversations, built in {built:.1f} s; cold page times (Chromium):")
        for name, seconds in times.items():
            print(f"  {name:<20} {seconds:6.2f} s")
    assert len(times) == len(PAGES)
