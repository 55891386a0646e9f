"""Signed changes on the KPI tiles: an ASCII "-" leads a drop, so st.metric points down."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.i18n import signed, signed_duration
from dashboard.kit.tiles import interval, nps_text, points, seconds


def overview_tiles_script() -> None:
    from dashboard.kit.components import tile_row
    from dashboard.kit.tiles import overview_tiles
    from queries.metrics.changes import Change
    from queries.views.overview import Overview

    rates = ("csat", "fcr", "retention_90d", "response_rate")
    values = {"conversations": 1200, "nps": 12.0, "nps_ci": [-4.0, 28.0]}
    values |= {key: 80.0 for key in rates} | {f"{key}_ci": [70.0, 90.0] for key in rates}
    values["first_response_median_s"] = 95.0
    counts = dict.fromkeys(
        ("csat_n", "nps_n", "resolved", "retention_eligible", "invitations_sent"), 100
    )
    counts["first_response_n"] = 900
    changes = {key: Change(-1.5, 0.01) for key in (*rates, "nps")}
    changes["conversations"] = Change(-1234.0)
    changes["first_response_median_s"] = Change(-40.0)  # faster than the previous period
    data = Overview(counts, values, values, changes, None, {}, {}, None)  # type: ignore[arg-type]
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


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(-1234.56, 1, "-1,234.6"), (3.04, 1, "+3.0"), (0, 0, "+0"), (-12, 0, "-12"), (None, 0, "—")],
)
def test_signed_numbers_lead_with_an_ascii_sign(
    value: float | None, digits: int, text: str
) -> None:
    assert signed(value, digits) == text


@pytest.mark.usefixtures("english")
def test_tile_texts_use_the_ascii_minus() -> None:
    assert seconds(-40.0) == "-40 s" == signed_duration(-40.0)
    assert seconds(65.0) == "+1 min 05 s"
    assert points(-2.25) == "-2.2 pts"
    assert nps_text(-7.0) == "-7"
    assert interval([-4.0, 28.0], signed=True) == "-4 – +28"
    assert "\u2212" not in "".join(
        text or "" for text in (seconds(-1.0), points(-1.0), nps_text(-1.0))
    )
