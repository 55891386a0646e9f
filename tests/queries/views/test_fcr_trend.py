"""The FCR trend (issue 16): repeat-contact FCR per opened day in the display zone, with its
95 % interval, on the hand-built world of test_fcr.py (both backends).

By hand, New York days: 03-09 r1 (repeat y1, not FCR) and y1 (FCR); 03-10 r2 (repeat y2) and
r4 (FCR); 03-11 r3 (repeat y3). Resolved 2, 2, 1; FCR 50 %, 50 %, 0 %."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from queries.views.fcr import fcr_view
from tests.queries.views.test_fcr import PERIOD, world  # noqa: F401 (the fixture)


def test_fcr_trend_per_day_with_its_interval(world: Engine) -> None:  # noqa: F811
    view = fcr_view(world, PERIOD)
    trend = view.trend
    assert view.grain == "day"
    assert trend["bucket"].to_list() == [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    assert trend["resolved"].to_list() == [2, 2, 1]
    assert trend["fcr"].to_list() == pytest.approx([50.0, 50.0, 0.0])
    for low, value, high in zip(trend["fcr_low"], trend["fcr"], trend["fcr_high"], strict=True):
        assert low <= value <= high
