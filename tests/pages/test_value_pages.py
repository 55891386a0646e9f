"""The value-centre pages on the demo world: a CSV beside every chart and table, English
labels in English tables, detractor comments shown as plain text, and an overview section
that degrades alone."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from streamlit.testing.v1 import AppTest

from dashboard.i18n import babel_locale, translations
from tests.pages.test_pages_render import ENTRY, data_downloads, open_page
from tests.worlds import demo_world_url


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_DATABASE_URL", demo_world_url(tmp_path_factory))


@pytest.mark.parametrize(
    ("script", "charts", "tables"),
    # tables: each page's own, then the drill-down list ("Conversations behind the numbers")
    [("../pages/csat.py", 6, 2), ("../pages/nps.py", 4, 2), ("../pages/fcr.py", 3, 2)],
)
def test_every_chart_and_table_has_a_csv(demo: None, script: str, charts: int, tables: int) -> None:
    app = open_page(script, "en")
    app.toggle(key=f"{Path(script).stem}_drill_on").set_value(True).run()  # list conversations
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.get("plotly_chart")) == charts
    assert len(app.dataframe) == tables
    assert len(data_downloads(app)) == charts + tables


def test_tables_use_the_session_language(demo: None) -> None:
    english = open_page("../pages/fcr.py", "en").dataframe[0].value
    assert set(english["Channel"]) <= {"Chat", "Email", "Phone", "Social"}
    chinese = open_page("../pages/fcr.py", "zh-TW").dataframe[0].value
    assert "管道" in chinese.columns


def test_detractor_comments_are_plain_text(demo: None) -> None:
    app = open_page("../pages/nps.py", "en")
    comments = app.dataframe[0].value
    assert list(comments.columns) == [
        "Opened at", "Conversation", "Channel", "Category", "NPS score", "Comment",
    ]  # fmt: skip
    assert comments["Comment"].str.len().gt(0).all()
    assert [m.value for m in app.markdown if m.allow_html] == []  # nothing rendered as HTML


def test_without_shifts_only_the_cost_centre_degrades(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost centre reads the shifts on its own: without them, its section warns and every
    other section of the overview still renders."""
    copy = tmp_path / "no-shifts.db"
    shutil.copy(demo_world_url(tmp_path_factory).removeprefix("sqlite:///"), copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("DROP TABLE shifts")
        conn.commit()
    monkeypatch.setenv("VIGIL_DATABASE_URL", f"sqlite:///{copy}")
    app = open_page("../pages/overview.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    assert [w.value for w in app.warning] == [
        "Cost centre and value centre: the database did not answer. Try again in a moment."
    ]
    assert len(app.metric) == 10  # every KPI tile, then repurchase and lifetime value
    assert len(app.get("plotly_chart")) == 1  # conversations per day
    headings = [h.value for h in app.subheader]
    assert {"What service is worth", "Conversations per day"} <= set(headings)
    (service_value,) = app.dataframe  # what service is worth; no cost-centre table
    assert service_value.value.columns[0] == "Comparison"


def test_the_overview_shows_both_comparison_tables(demo: None) -> None:
    app = open_page("../pages/overview.py", "en")
    assert not app.exception and not app.warning
    first_columns = [t.value.columns[0] for t in app.dataframe]
    assert first_columns[:2] == ["Cost-centre view", "Value-centre view"]
    cost = app.dataframe[0].value
    assert cost["Cost-centre view"].tolist() == [
        "Conversations",
        "Average handle time (min)",
        "Agent-hours on shift",
        "Contacts per agent-hour",
    ]
    assert len(app.metric) == 10


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_the_retention_tile_reads_the_latest_mature_cohort(demo: None, language: str) -> None:
    """The default period (30 days to 2026-11-01) is too recent for 90-day retention: the tile
    reads 2026-07-18 … 08-16, says so, and one click goes back to the chosen period."""
    gettext = translations(language).gettext
    app = open_page("../pages/overview.py", language)
    assert not app.exception, [e.value for e in app.exception]
    label = gettext("90-day retention")
    [tile] = [m for m in app.metric if m.label == label]
    assert tile.value not in ("—", "")
    captions = " ".join(c.value for c in app.caption)
    cohort = gettext("Cohort {start} – {end}").format(
        start=format_date(date(2026, 7, 18), "medium", locale=babel_locale(language)),
        end=format_date(date(2026, 8, 16), "medium", locale=babel_locale(language)),
    )
    assert cohort in captions
    app.toggle(key="overview_chosen_cohort").set_value(True).run()
    [chosen] = [m for m in app.metric if m.label == label]
    assert chosen.value == "—"  # nobody of the chosen period is 90 days past contact yet


@pytest.mark.parametrize("script", ["../pages/csat.py", "../pages/nps.py"])
def test_days_whose_answers_are_still_arriving_are_drawn_provisional(
    demo: None, script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read on the demo world's last day (20:00 in Taipei), as `make run` reads its world: the
    last days are still collecting answers (90 % arrive within about 2 days), so the trend ends
    on a dotted, hollow run with its legend entry and caption."""
    monkeypatch.setenv("VIGIL_NOW", "2026-11-01T12:00:00Z")
    app = open_page(script, "en")
    assert not app.exception, [e.value for e in app.exception]
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in figure["data"]]
    assert "Answers still arriving" in names
    dotted = figure["data"][names.index("Answers still arriving")]
    assert dotted["line"]["dash"] == "dot"
    markers = next(t for t in figure["data"] if t.get("mode") == "markers")
    symbols = markers["marker"]["symbol"]
    assert symbols[-1] == "circle-open" and symbols[0] == "circle"
    assert any("answers still arriving" in c.value for c in app.caption)


def test_a_period_long_past_has_no_provisional_day(demo: None) -> None:
    app = open_page("../pages/csat.py", "en")  # read 2 weeks after the world's last day
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert "Answers still arriving" not in [trace.get("name") for trace in figure["data"]]


def test_today_is_hatched_when_the_period_holds_it(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The world's last day, read at 20:00 on it with a period ending that day: its bar is
    hatched, not drawn as a full day's volume; the other days are plain."""
    monkeypatch.setenv("VIGIL_NOW", "2026-11-01T12:00:00Z")
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = "en"
    app.query_params["period"] = "2026-10-20..2026-11-01"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    volume = json.loads(app.get("plotly_chart")[-1].proto.spec)  # conversations per day
    for trace in volume["data"]:
        shapes = dict(zip(trace["x"], trace["marker"]["pattern"]["shape"], strict=True))
        assert shapes.pop("2026-11-01") == "/"
        assert set(shapes.values()) == {""}
    assert any("today so far" in c.value for c in app.caption)
