"""A small demo world, built once per test session and shared by page and browser tests."""

from __future__ import annotations

from datetime import date

import pytest

from queries.db import make_engine
from queries.demo import DemoSpec, build_demo
from queries.migrate import upgrade

DEMO_SPEC = DemoSpec(
    seed=11, customers=1_500, days=120, conversations=12_000, end=date(2026, 11, 1)
)
_built: dict[str, str] = {}


def demo_world_url(factory: pytest.TempPathFactory) -> str:
    """The SQLite URL of the shared demo world (built on first use)."""
    if "url" not in _built:
        path = factory.mktemp("demo-world") / "demo.db"
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        upgrade(engine)
        build_demo(engine, DEMO_SPEC)
        engine.dispose()
        _built["url"] = url
    return _built["url"]
