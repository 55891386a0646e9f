"""The retention and voice-of-the-customer pages on the demo world: a CSV beside every chart
and table, the outcome rule stated, the report downloadable, comments as plain text."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from queries.plumbing.errors import DataUnavailable
from tests.pages.test_pages_render import ENTRY, data_downloads
from tests.worlds import demo_world_url


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_DATABASE_URL", demo_world_url(tmp_path_factory))


def open_page(script: str, language: str, period: str | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    if period:
        app.query_params["period"] = period
    app.run()
    return app.switch_page(script).run()


@pytest.mark.parametrize(
    ("script", "charts", "tables", "other_downloads"),
    [("../pages/retention.py", 6, 2, 0), ("../pages/voice.py", 2, 3, 1)],  # voice: + drill-down
)
def test_every_chart_and_table_has_a_csv(
    demo: None, script: str, charts: int, tables: int, other_downloads: int
) -> None:
    app = open_page(script, "en")
    if script.endswith("voice.py"):
        app.toggle(key="voice_drill_on").set_value(True).run()  # list conversations
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.get("plotly_chart")) == charts
    assert len(app.dataframe) == tables
    assert len(data_downloads(app)) == charts + tables + other_downloads


def test_retention_with_every_horizon(demo: None) -> None:
    # the demo world ends 2026-11-01; July's first contacts are 90 days old by now
    app = open_page("../pages/retention.py", "en", "2026-07-10..2026-07-31")
    assert not app.exception, [e.value for e in app.exception]
    values = {m.label: m.value for m in app.metric}
    assert values["90-day retention"].endswith("%")
    assert not any("too recent" in info.value for info in app.info)
    said = " ".join(c.value for c in app.caption)
    assert "outcome of their first conversation in the period" in said
    assert any("still buying after 90 days" in m.value for m in app.markdown)


def test_a_period_too_recent_reads_the_mature_cohort_and_can_go_back(demo: None) -> None:
    """Read at 2026-11-15, 10-20 … 11-01 is too recent for 90 days: the page reads 07-18 …
    08-16 and names it; the toggle goes back to the period, which says it is too recent."""
    app = open_page("../pages/retention.py", "zh-TW", "2026-10-20..2026-11-01")
    assert not app.exception, [e.value for e in app.exception]
    assert any("客群：2026年7月18日 至 2026年8月16日" in c.value for c in app.caption)
    assert not any("90 天" in info.value for info in app.info)
    app.toggle(key="retention_chosen_cohort").set_value(True).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("90 天" in info.value for info in app.info)


def test_voice_comments_are_plain_text(demo: None) -> None:
    app = open_page("../pages/voice.py", "en")
    comments = app.dataframe[1].value
    assert list(comments.columns) == [
        "Answered at", "Conversation", "Channel", "Category", "CSAT score", "Comment",
    ]  # fmt: skip
    assert 0 < len(comments) <= 200
    assert [m.value for m in app.markdown if m.allow_html] == []
    app.multiselect(key="voice_bands").select("negative").run()
    assert set(app.dataframe[1].value["CSAT score"]) <= {1, 2}


def test_a_failed_drilldown_read_blanks_only_its_section(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(*_args: object) -> None:
        raise DataUnavailable("the database did not answer")

    monkeypatch.setattr(data, "drill_choices", unavailable)
    app = open_page("../pages/voice.py", "en")
    app.toggle(key="voice_drill_on").set_value(True).run()
    assert not app.exception, [e.value for e in app.exception]
    assert [w.value for w in app.warning] == [
        "Conversations behind the numbers: the database did not answer. Try again in a moment."
    ]
    assert len(app.get("plotly_chart")) == 2  # the rest of the page is still there
    assert len(app.dataframe) == 2  # pain points and comments, no conversation list
    assert [m.label for m in app.metric][:2] == ["Conversations", "CSAT answers"]
