"""Every page renders through the entry with AppTest, in both languages, on no data and demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translations

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
# (script relative to the entry, URL path ("" is the default page), English title)
PAGES = [
    ("../pages/overview.py", "", "Overview"),
    ("../pages/csat.py", "csat", "CSAT"),
    ("../pages/nps.py", "nps", "NPS"),
    ("../pages/fcr.py", "fcr", "FCR"),
    ("../pages/retention.py", "retention", "Retention and value"),
    ("../pages/voice.py", "voice", "Voice of the customer"),
    ("../pages/coverage.py", "coverage", "24-hour coverage"),
    ("../pages/demand_zones.py", "demand-zones", "Time zones of demand"),
    ("../pages/service_by_hour.py", "service-by-hour", "Service by hour"),
    ("../pages/next_week.py", "next-week", "Next week"),
    ("../pages/surveys.py", "surveys", "Survey operations"),
]
LANGUAGES = ("zh-TW", "en")


def open_page(script: str, language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    return app.switch_page(script).run()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("script", "url", "title"), PAGES)
def test_page_renders(world: str, script: str, url: str, title: str, language: str) -> None:
    app = open_page(script, language)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == translations(language).gettext(title)
    if world == "demo":
        assert app.get("plotly_chart"), "no chart on the demo world"
        assert app.metric, "no KPI tiles on the demo world"
    else:
        assert any("vigil demo" in info.value for info in app.info), "no friendly empty state"


def test_language_switch_translates_the_sidebar(world: str) -> None:
    chinese = open_page(PAGES[0][0], "zh-TW")
    english = open_page(PAGES[0][0], "en")
    assert chinese.sidebar.multiselect[0].label == translations("zh-TW").gettext("Channel")
    assert english.sidebar.multiselect[0].label == "Channel"
    assert chinese.sidebar.multiselect[0].label == "渠道"
