"""In Chromium: clicking the Email bar of "CSAT by channel" lists the conversations behind it,
as many as the bar's n; clicking one channel's segment of a stacked day bar of the overview
lists only that channel's conversations of that day, as many as the segment's value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from babel.dates import format_date

from queries.plumbing.translations import babel_locale
from tests.e2e.conftest import SCREENSHOTS, running_server
from tests.worlds import demo_world_url

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("e2e-drilldown") / "server.log"
    with running_server(demo_world_url(tmp_path_factory), log) as base:
        yield base


@pytest.mark.parametrize(("language", "email"), [("en", "Email"), ("zh-TW", "電子郵件")])
def test_clicking_a_bar_lists_its_conversations(
    browser: Any, demo_url: str, language: str, email: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 3600})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{demo_url}/csat?lang={language}", wait_until="networkidle")
        chart = page.locator(".st-key-csat-by-channel_chart")
        chart.locator("svg.main-svg g.trace").first.wait_for(timeout=60_000)
        tick = chart.locator("g.ytick text", has_text=email).first
        n = int(re.sub(r"\D", "", (tick.text_content() or "").split("n=")[1]))
        row = tick.bounding_box()["y"] + tick.bounding_box()["height"] / 2
        bars = [bar.bounding_box() for bar in chart.locator("g.trace.bars g.point path").all()]
        box = min(bars, key=lambda bar: abs(bar["y"] + bar["height"] / 2 - row))  # its bar
        # Plotly's drag layer lies over the bars: click the bar's place, as a person does
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        total = f"{n:,}"
        said = page.get_by_text(re.compile(rf"\b{re.escape(total)} (conversations|筆對話)"))
        said.first.wait_for(timeout=30_000)
        channel = page.locator(".st-key-csat_drill_channel")
        channel.wait_for(timeout=30_000)
        shown = channel.locator("input").first  # the selectbox shows its value in its input
        assert email in (shown.input_value() + (shown.get_attribute("aria-label") or ""))
        tables = page.locator('[data-testid="stDataFrame"]')  # by agent, then the list
        tables.nth(1).wait_for(timeout=30_000)  # the caption can draw before its table
        assert tables.count() == 2 and tables.last.is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"csat-drilldown-{language}.png", full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
    finally:
        page.close()


SEGMENT = """chart => {
  const plot = chart.querySelector(".js-plotly-plot");
  const curve = plot.data.findIndex(trace => trace.customdata && trace.customdata[0] === "chat");
  const trace = plot.data[curve];
  const index = Math.floor(trace.x.length / 2);  // a full day in the middle of the period
  return {curve, index, day: String(trace.x[index]).slice(0, 10), value: trace.y[index]};
}"""


@pytest.mark.parametrize(("language", "chat"), [("en", "Chat"), ("zh-TW", "線上交談")])
def test_clicking_a_segment_of_a_day_bar_lists_that_channel_that_day(
    browser: Any, demo_url: str, language: str, chat: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 3600})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{demo_url}/?lang={language}", wait_until="networkidle")
        chart = page.locator(".st-key-conversations-per-day_chart")
        chart.locator("svg.main-svg g.trace.bars").first.wait_for(timeout=60_000)
        segment = chart.element_handle().evaluate(SEGMENT)  # type: ignore[union-attr]
        assert segment["curve"] >= 0 and segment["value"] > 0
        trace = chart.locator("g.trace.bars").nth(segment["curve"])
        box = trace.locator("g.point path").nth(segment["index"]).bounding_box()
        assert box is not None and box["height"] > 2  # a segment one can click
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        total = f"{segment['value']:,}"
        said = page.get_by_text(re.compile(rf"\b{re.escape(total)} (conversations|筆對話)"))
        said.first.wait_for(timeout=30_000)
        clicked_day = format_date(
            date.fromisoformat(segment["day"]), "medium", babel_locale(language)
        )
        for key, expected in (("and_channel", chat), ("day", clicked_day)):
            shown = page.locator(f".st-key-overview_drill_{key} input").first
            assert expected in (shown.input_value() + (shown.get_attribute("aria-label") or ""))
        page.locator('[data-testid="stDataFrame"]').last.wait_for(timeout=30_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"overview-day-channel-drilldown-{language}.png"
        page.screenshot(path=path, full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
    finally:
        page.close()
