"""What service is worth, as read: the value-of-service sentences and table from a typed
`RetentionView`, built by hand (pure: no database).

Four customers, first contacted 2024-01-10 12:00Z, 140 days later (every horizon reached):
  1  CSAT positive, FCR yes, retained, revenue 10
  2  CSAT negative, FCR no,  not retained
  3  CSAT positive, FCR yes, retained, revenue 20
  4  CSAT negative, FCR no,  retained
At every horizon: FCR yes 2/2 = 100 %, no 1/2 = 50 %: +50 points; Newcombe from the Wilson
intervals [34.24, 100] and [9.45, 90.55]: low = 50 − √(65.76² + 40.55²) = −27.3, high =
50 + √(0² + 40.55²) = 90.5 (Wald gave −19.3 to +119.3); CSAT the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from dashboard import i18n
from dashboard.kit.worth import value_sentences, value_table
from queries.metrics.horizons import HORIZONS
from queries.metrics.worth import RetentionView, summarise_retention

SMALL = " :gray[Small sample: fewer than 30 customers in a group, read with care.]"
T0 = datetime(2024, 1, 10, 12, tzinfo=UTC)


PEOPLE = [(1, "positive", "yes", True, 10.0), (2, "negative", "no", False, 0.0),
          (3, "positive", "yes", True, 20.0), (4, "negative", "no", True, 0.0)]  # fmt: skip


def worth_view(
    people: list[tuple[int, str, str, bool, float]] = PEOPLE, days: int = 140
) -> RetentionView:
    """`summarise_retention` of customers (id, CSAT bucket, FCR, retained, revenue) first
    contacted at T0, `days` later: eligible at the horizons up to `days`, the same at each."""
    columns: dict[str, list[object]] = {
        "customer_id": [p[0] for p in people],
        "t0": [T0] * len(people),
        "conversation_id": [10 + p[0] for p in people],
        "csat_bucket": [p[1] for p in people],
        "fcr": [p[2] for p in people],
    }
    for d in HORIZONS:
        eligible = d <= days
        columns[f"eligible_{d}"] = [eligible] * len(people)
        columns[f"retained_{d}"] = [p[3] if eligible else None for p in people]
        columns[f"revenue_{d}"] = [p[4] if eligible else None for p in people]
    types: dict[str, Any] = {f"revenue_{d}": pl.Float64 for d in HORIZONS}
    types |= {f"retained_{d}": pl.Boolean for d in HORIZONS}
    customers = pl.DataFrame(columns, schema_overrides=types)
    return summarise_retention(customers, "UTC", T0 + timedelta(days=days))


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "en")


@pytest.mark.usefixtures("english")
def test_one_sentence_per_comparison() -> None:
    assert value_sentences(worth_view()) == [
        "Resolved at first contact: **100.0%** still buying after 90 days, against **50.0%** "
        "when not (+50.0 points, 95% CI -27.3 to +90.5; n = 2 and 2)." + SMALL,
        "CSAT 4–5: **100.0%** still buying after 90 days, against **50.0%** after CSAT 1–2 "
        "(+50.0 points, 95% CI -27.3 to +90.5; n = 2 and 2)." + SMALL,
    ]


def test_the_sentences_are_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: "zh-TW")
    sentences = value_sentences(worth_view())
    assert len(sentences) == 2
    assert all("100.0%" in s and "50.0%" in s and "+50.0" in s for s in sentences)
    assert "still buying" not in " ".join(sentences)


@pytest.mark.usefixtures("english")
def test_no_sentence_where_a_side_has_nobody() -> None:
    better_only = worth_view([p for p in PEOPLE if p[2] == "yes"])  # customers 1 and 3
    assert [c.difference for c in better_only.comparisons] == [None, None]
    assert [c.worse_retention.n for c in better_only.comparisons] == [0, 0]
    assert value_sentences(better_only) == []


@pytest.mark.usefixtures("english")
def test_value_table_headers_and_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dashboard.kit.worth.currency", lambda: "TWD")
    table = value_table(worth_view().value)
    assert table.columns[:6] == [
        "Comparison", "Better service", "Customers (better)", "Worse service",
        "Customers (worse)", "Days",
    ]  # fmt: skip
    assert "Revenue (TWD) difference, 95% low" in table.columns
    first = table.row(0, named=True)
    assert (first["Comparison"], first["Better service"], first["Worse service"]) == (
        "First-contact resolution",
        "Resolved at first contact",
        "Not resolved at first contact",
    )
    assert (first["Retention (better)"], first["Retention difference"]) == (100.0, 50.0)
    assert first["Retention difference, 95% low"] == pytest.approx(-27.3)
    assert first["Retention difference, 95% high"] == pytest.approx(90.5)
    assert first["Revenue (TWD) (better)"] == 15.0  # (10 + 20) / 2
