"""The overview's pieces: tiles from the typed view (a drop points down) and the cost-centre
and value-centre tables formatted as read."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.panels.overview import cost_value_tables
from queries.metrics.cost import CostCentre
from queries.views.overview import CostCentres, ValueCentre, ValueCentres


def overview_tiles_script() -> None:
    from dashboard.kit.components import tile_row
    from dashboard.panels.overview import overview_tiles
    from queries.metrics.rates import Rate
    from queries.views.overview import Median, Overview

    rate = Rate(80.0, 100, (70.0, 90.0), -1.5, 0.01)
    data = Overview(
        conversations=1200,
        conversations_change=-1234,
        csat=rate,
        nps=Rate(12.0, 100, (-4.0, 28.0), -1.5, 0.01),
        fcr=rate,
        retention_90d=rate,
        response_rate=rate,
        first_response_median_s=Median(95.0, 900, -40.0),  # faster than the previous period
        value_centres=None,  # type: ignore[arg-type]
        volume=None,  # type: ignore[arg-type]
        worth=None,  # type: ignore[arg-type]
        counts={},
    )
    tile_row(overview_tiles(data))


def test_a_faster_median_first_response_shows_a_down_arrow() -> None:
    at = AppTest.from_function(overview_tiles_script)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    metrics = {metric.label: metric for metric in at.metric}
    median = metrics["Median first response"]
    assert median.proto.delta.startswith("-")
    assert median.proto.direction == MetricProto.MetricDirection.DOWN
    for label in ("Conversations", "CSAT", "NPS", "FCR"):
        assert metrics[label].proto.delta.startswith("-"), label
        assert metrics[label].proto.direction == MetricProto.MetricDirection.DOWN, label


def test_the_cost_and_value_tables_read_as_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")
    cost = CostCentres(CostCentre(1234, 450.0, 11.0, 1234 / 11), CostCentre(0, None, 0.0, None))
    value = ValueCentres(ValueCentre(80.0, -12.5, 40.0, None), ValueCentre(None, 3.0, 50.0, 61.24))
    cost_table, value_table = cost_value_tables(value, cost)
    assert cost_table.columns == ["Cost-centre view", "This period", "Previous period"]
    # 450 s = 7.5 min; 1234 / 11 = 112.18 contacts per agent-hour
    assert cost_table.rows() == [
        ("Conversations", "1,234", "0"),
        ("Average handle time (min)", "7.5", "—"),
        ("Agent-hours on shift", "11", "0"),
        ("Contacts per agent-hour", "112.18", "—"),
    ]
    assert value_table.columns == ["Value-centre view", "This period", "Previous period"]
    assert value_table.rows() == [
        ("CSAT (%)", "80.0", "—"),
        ("NPS", "-12.5", "3.0"),
        ("FCR (%)", "40.0", "50.0"),
        ("90-day retention (%)", "—", "61.2"),
    ]
