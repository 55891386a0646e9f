"""Data sources through the real entry, in both languages: empty, then after a real sync of a
SQLite helpdesk and a failed scheduled run (docs/connectors.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translations
from queries.connectors.mapping import load_mapping
from queries.connectors.sql_source import source_engine
from queries.connectors.state import record_failure
from queries.connectors.sync import sync
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from tests.queries.connectors.test_sql_sync import MAPPING, NOW, make_source

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'sources.db'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    monkeypatch.setenv("VIGIL_NOW", "2026-11-01T00:00:00Z")
    return url


def open_page(language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    return app.switch_page("../pages/data_sources.py").run()


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_data_sources_empty_then_synced(url: str, tmp_path: Path, language: str) -> None:
    gettext = translations(language).gettext
    empty = open_page(language)
    assert not empty.exception, [e.value for e in empty.exception]
    assert empty.title[0].value == gettext("Data sources")
    assert empty.info[0].value == gettext("No helpdesk is synced yet.")

    engine = make_engine(url)
    mapping = tmp_path / "desk.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    sync(engine, source_engine(make_source(tmp_path / "desk.db")), load_mapping(mapping), now=NOW)
    record_failure(engine, "zammad", NOW, "source postgresql://reader:***@db/zammad unreachable")
    engine.dispose()

    st.cache_data.clear()  # the page caches for 30 s; the clock is pinned
    app = open_page(language)
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    desk = table.iloc[0].tolist()
    assert desk[:6] == ["desk", "2026-11-01 08:00", gettext("ok"), 4, 4, "2026-10-03 09:00"]
    assert desk[6] == 41700  # 28 days 23 hours: 2026-10-03 01:00Z to 2026-11-01 00:00Z
    zammad = table.iloc[1].tolist()
    assert zammad[2] == gettext("failed") and "unreachable" in zammad[-1]
