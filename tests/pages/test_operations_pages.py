"""The operations pages (coverage, next week, time zones, service by hour, surveys): a CSV beside
every chart and table; the survey queue read once."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.i18n import translations
from queries.plumbing.db import make_engine
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.migrate import upgrade
from tests.builders import World
from tests.pages.test_pages_render import ENTRY, data_downloads, open_page
from tests.worlds import DEMO_NOW, demo_world_url


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_DATABASE_URL", demo_world_url(tmp_path_factory))


@pytest.fixture
def pending_invitation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A world with one resolved conversation whose survey is due within the next 24 hours."""
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    engine = make_engine(url)
    upgrade(engine)
    world = World(engine)
    opened = DEMO_NOW - timedelta(hours=1)
    conversation = world.conversation(
        customer_id=world.customer(), opened_at=opened, resolved_at=opened + timedelta(minutes=20)
    )
    world.invitation(
        conversation_id=conversation, status="pending", due_at=opened + timedelta(hours=3)
    )
    engine.dispose()
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)


def assert_every_chart_and_table_has_a_csv(script: str, charts: int, tables: int) -> None:
    app = open_page(script, "en")
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.get("plotly_chart")) == charts
    assert len(app.dataframe) == tables
    assert len(data_downloads(app)) == charts + tables


@pytest.mark.parametrize(
    ("script", "charts", "tables"),
    [
        ("../pages/coverage.py", 2, 2),  # blocks, then every hour
        ("../pages/next_week.py", 2, 2),
        ("../pages/demand_zones.py", 3, 1),
        ("../pages/service_by_hour.py", 3, 1),
        ("../pages/surveys.py", 1, 4),  # the demo's queue is empty: no queue chart
    ],
)
def test_every_chart_and_table_has_a_csv(demo: None, script: str, charts: int, tables: int) -> None:
    assert_every_chart_and_table_has_a_csv(script, charts, tables)


def test_the_survey_queue_chart_has_a_csv(pending_invitation: None) -> None:
    assert_every_chart_and_table_has_a_csv("../pages/surveys.py", 2, 3)  # no failures table


def test_the_survey_queue_is_read_once(
    pending_invitation: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = []
    survey_queue = data.survey_queue

    def counted(*args: object) -> object:
        reads.append(args)
        return survey_queue(*args)

    monkeypatch.setattr(data, "survey_queue", counted)
    app = open_page("../pages/surveys.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    assert len(reads) == 1  # for the tile and the chart
    assert {m.label: m.value for m in app.metric}["Due in the next 24 h"] == "1"


DOWN = ": the database did not answer. Try again in a moment."
SECTION_READS = {  # the cached read that fails -> the sections that say so
    "job_heartbeat": ["Jobs heartbeat"],
    "survey_funnel": ["Survey funnel"],
    "survey_response_rates": ["Response rate"],
    "survey_queue": ["Survey funnel", "Queue: due in the next 24 hours (Taipei)"],
    "survey_failures": ["Failed deliveries"],
}


@pytest.mark.parametrize("read", SECTION_READS)
def test_a_failed_read_blanks_only_its_sections(
    pending_invitation: None, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    def unavailable(*args: object) -> object:
        raise DataUnavailable("the database is down")

    monkeypatch.setattr(data, read, unavailable)
    app = open_page("../pages/surveys.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    assert [w.value for w in app.warning] == [title + DOWN for title in SECTION_READS[read]]
    subheaders = [s.value for s in app.subheader]
    # every section still opens with its title, and the others draw what they read
    assert {"Response rate", "Failed deliveries"} <= set(subheaders)
    assert len(app.get("plotly_chart")) == {"survey_funnel": 1, "survey_queue": 0}.get(read, 2)
    tables = {"survey_funnel": 2, "survey_response_rates": 1, "survey_queue": 2}
    assert len(app.dataframe) == tables.get(read, 3)


@pytest.mark.parametrize(
    ("language", "said"), [("en", "Sending is paused"), ("zh-TW", "寄送已暫停")]
)
def test_a_paused_send_is_shown_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    import sqlalchemy as sa

    from queries.plumbing.schema import job_runs

    url = f"sqlite:///{tmp_path / 'paused.db'}"
    engine = make_engine(url)
    upgrade(engine)
    error = "SendingPaused: sending paused, invitations stay due: 535 5.7.8 refused (login)"
    started = DEMO_NOW - timedelta(minutes=1)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(job_runs),
            [
                {"job": "enqueue", "started_at": started, "finished_at": started,
                 "status": "ok", "processed": 0, "error": None},
                {"job": "send", "started_at": started, "finished_at": started,
                 "status": "failed", "processed": 0, "error": error},
            ],
        )  # fmt: skip
    engine.dispose()
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    app = open_page("../pages/surveys.py", language)
    assert not app.exception, [e.value for e in app.exception]
    (paused,) = [e.value for e in app.error]
    assert said in paused and "535 5.7.8 refused (login)" in paused


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_coverage_into_next_week_forecasts_and_marks_the_hours_to_come(
    demo: None, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """Read on the world's last day (Sunday 2026-11-01, 20:00 in Taipei) over this week and
    next: next week is on the demo's roster but has not happened. Its hours are forecast and
    marked, and the page links the forward view."""
    monkeypatch.setenv("VIGIL_NOW", "2026-11-01T12:00:00Z")
    gettext = translations(language).gettext
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.query_params["period"] = "2026-10-26..2026-11-08"
    app.run()
    app.switch_page("../pages/coverage.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(gettext("Plan ahead in Next 7 days") in str(p.proto) for p in app.get("page_link"))
    note = gettext(
        "Part of this period is still to come: those hours (hollow circles) use the forecast "
        "demand of the same weekday and hour over the last 4 weeks, not the contacts seen so far."
    )
    assert note in [info.value for info in app.info]
    heatmap = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in heatmap["data"]]
    assert gettext("Forecast: hours still to come") in names
    marks = heatmap["data"][names.index(gettext("Forecast: hours still to come"))]
    assert len(marks["x"]) == 168  # next week holds every weekday-hour once, still to come
