"""The top of a page (`dashboard.page.page_start`): the period caption, with or without extras."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.pages.test_pages_render import open_page
from tests.worlds import demo_world_url


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_DATABASE_URL", demo_world_url(tmp_path_factory))


def test_retention_states_the_period_and_when_it_was_read(demo: None) -> None:
    app = open_page("../pages/retention.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    first = app.caption[0].value
    assert ", times in " in first and " · as of " in first and first.endswith(" UTC")


def test_next_week_shows_no_period(demo: None) -> None:
    app = open_page("../pages/next_week.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    assert app.caption[0].value.startswith("Forecast:")  # the coming week, not the period


def test_next_week_spans_the_next_7_days_or_next_week_from_monday(demo: None) -> None:
    app = open_page("../pages/next_week.py", "en")
    assert app.title[0].value == "Next 7 days"
    span = app.button_group(key="next_week_span")
    assert span.value == "days"
    span.set_value("week").run()
    assert not app.exception, [e.value for e in app.exception]
    caption = next(c.value for c in app.caption if c.value.startswith("From "))
    found = re.fullmatch(r"From (.+) 00:00 to (.+), times in Taipei", caption)
    assert found, caption
    first, last = (datetime.strptime(d, "%b %d, %Y").date() for d in found.groups())
    assert (first.weekday(), last.weekday(), (last - first).days) == (0, 6, 6)
