"""A daily executive digest draws its one day hour by hour in the display zone (issue #16: a
one-day period gets hours, not a single wide bar)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.plumbing.filters import Filters
from queries.reports import document as doc
from queries.reports.digest import executive
from tests.builders import World, utc


@pytest.mark.parametrize(("language", "title"), [("en", "Taipei"), ("zh-TW", "台北")])
def test_a_daily_digest_has_the_hours_of_its_day(engine: Engine, language: str, title: str) -> None:
    world = World(engine)
    customer = world.customer()
    for opened, channel in (("2026-11-13 16:30", "chat"), ("2026-11-14 01:10", "email")):
        world.conversation(customer_id=customer, opened_at=utc(opened), channel=channel)
    day = Filters(date(2026, 11, 14), date(2026, 11, 14), "Asia/Taipei")
    digest = executive(engine, day, language, utc("2026-11-15 00:00"))
    (chart,) = [p for p in digest.document.parts if isinstance(p, doc.Chart)]
    assert title in chart.title
    axis = chart.figure["layout"]["xaxis"]
    assert axis["type"] == "category" and len(axis["tickvals"]) == 24
    bars = {trace["name"]: trace["x"] for trace in chart.figure["data"]}
    assert bars == {"chat": ["2026-11-14T00:00+08:00"], "email": ["2026-11-14T09:00+08:00"]}
    week = Filters(date(2026, 11, 8), date(2026, 11, 14), "Asia/Taipei")
    (daily,) = [
        p
        for p in executive(engine, week, language, utc("2026-11-15 00:00")).document.parts
        if isinstance(p, doc.Chart)
    ]
    assert "type" not in daily.figure["layout"].get("xaxis", {})  # a week stays daily
