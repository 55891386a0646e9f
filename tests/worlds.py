"""A small demo world, built once per test session and shared by page and browser tests, and
the instant its tests pin the clock to (`VIGIL_NOW`): never the date the suite runs on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from queries.demo import DemoSpec, build_demo
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade

DEMO_SPEC = DemoSpec(
    seed=11, customers=1_500, days=120, conversations=12_000, end=date(2026, 11, 1)
)
DEMO_NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
"""The tests' now, two weeks after the world's last day (2026-11-01): late enough that the
default period's first customers have 30 days of retention to show, early enough that next
week's forecast (the last 4 weeks) still sees contacts."""
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
