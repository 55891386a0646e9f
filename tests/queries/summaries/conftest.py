"""The summaries' small demo world, built on each backend and refreshed once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine

from queries.demo import DemoSpec, build_demo
from queries.summaries.build import refresh

SPEC = DemoSpec(seed=5, customers=400, days=45, conversations=2_500, end=date(2026, 11, 20))
NOW = datetime(2026, 11, 25, tzinfo=UTC)


@pytest.fixture
def world(engine: Engine) -> Engine:
    build_demo(engine, SPEC)
    refresh(engine, NOW, 7)
    return engine
