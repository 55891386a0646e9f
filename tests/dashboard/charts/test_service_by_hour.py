"""The service-by-hour chart builders as pure functions: frames in, figures out."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.charts.palette import SERIES_COLORS, faded
from dashboard.charts.rates import hour_rates
from dashboard.charts.service_by_hour import first_response_by_hour, service_level_by_channel
from queries.metrics.hours import night_hours
from queries.views.service_by_hour import summarise_service
from tests.builders import at

HOURS = list(range(24))


def by_hour() -> pl.DataFrame:
    """Hour 9: median 90 s, p90 138 s, CSAT 2/3 on n = 3; hour 1: CSAT 30/40 on n = 40."""
    frame = pl.DataFrame({"hour": HOURS}).with_columns(
        first_response_median_s=pl.when(pl.col("hour") == 9).then(90.0),
        first_response_p90_s=pl.when(pl.col("hour") == 9).then(138.0),
        first_response_n=pl.when(pl.col("hour") == 9).then(3).otherwise(0),
        csat=pl.when(pl.col("hour") == 9).then(200 / 3).when(pl.col("hour") == 1).then(75.0),
        csat_n=pl.when(pl.col("hour") == 9).then(3).when(pl.col("hour") == 1).then(40).otherwise(0),
    )
    return frame.with_columns(
        csat_low=pl.col("csat") - 10, csat_high=(pl.col("csat") + 5).clip(upper_bound=100)
    )


def test_first_response_in_minutes() -> None:
    figure = first_response_by_hour(
        by_hour(), {"median": "Median", "p90": "p90"}, x_title="Hour", y_title="min"
    )
    median, p90 = figure.data
    assert (median.type, p90.type) == ("bar", "scatter")
    assert list(median.x) == HOURS
    assert median.y[9] == pytest.approx(1.5)  # 90 s
    assert p90.y[9] == pytest.approx(2.3)  # 138 s
    assert median.y[0] is None
    assert len(figure.layout.shapes) == 2  # the night shaded: 0–6 and 22–23


def test_csat_bars_grey_below_30_with_intervals() -> None:
    figure = hour_rates(
        by_hour(), x="hour", value="csat", n="csat_n", night_hours=night_hours(),
        x_title="Hour", y_title="%",
    )  # fmt: skip
    (bars,) = figure.data
    assert bars.y[9] == pytest.approx(200 / 3)
    assert bars.marker.color[9] == faded(SERIES_COLORS[0])  # n = 3
    assert bars.marker.color[1] == SERIES_COLORS[0]  # n = 40
    assert bars.error_y.array[1] == pytest.approx(5)
    assert bars.error_y.arrayminus[1] == pytest.approx(10)


def test_service_level_one_line_per_channel_and_target() -> None:
    conversations = pl.DataFrame(
        {
            "channel": ["chat", "chat", "email"],
            "opened_at": [at("2024-01-01 09:00", "UTC")] * 3,
            "first_response_at": [
                at("2024-01-01 09:00:30", "UTC"),
                at("2024-01-01 09:05", "UTC"),
                None,
            ],
        }
    ).with_columns(
        pl.col("opened_at", "first_response_at").cast(pl.Datetime("us", "UTC")),
        **{
            name: pl.lit(None, pl.Int64)
            for name in ("csat", "nps", "agent_replies", "reopened_count")
        },
        **{name: pl.lit(None, pl.String) for name in ("response_source", "invitation_status")},
        responded_at=pl.lit(None, pl.Datetime("us", "UTC")),
        resolved_at=pl.lit(None, pl.Datetime("us", "UTC")),
        survey_resolved=pl.lit(None, pl.Boolean),
    )
    channels = summarise_service(conversations, "UTC", 60).by_channel
    figure = service_level_by_channel(
        channels, {"chat": "Chat"}, 80, "Target", x_title="Hour", y_title="%"
    )
    chat, email = figure.data
    assert (chat.name, email.name) == ("Chat", "email")  # unknown labels fall back to the key
    assert chat.y[9] == pytest.approx(50)  # 30 s in, 5 min out
    assert email.y[9] == pytest.approx(0)
    assert chat.y[8] is None
    assert [s.y0 for s in figure.layout.shapes if s.type == "line"] == [80]
