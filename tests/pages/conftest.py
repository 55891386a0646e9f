"""AppTest through the real entry, against a real SQLite file; caches cleared per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from tests.worlds import DEMO_NOW, demo_world_url


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(params=["empty", "demo"])
def world(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """Point the app at an empty migrated database or at the shared demo world."""
    if request.param == "demo":
        url = demo_world_url(tmp_path_factory)
    else:
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    return str(request.param)


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read now from `queries.clock`: pin it to the demo world's end."""
    monkeypatch.setenv("VIGIL_NOW", DEMO_NOW.isoformat())


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page tests run as the demo's admin unless a test signs someone in."""
    monkeypatch.setenv("VIGIL_DEMO", "true")
