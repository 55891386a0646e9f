"""The §3 metric set: counts (tallies) in Polars, then rates and intervals from the counts.

Layers, each reusable by the KPI pages without new SQL:
1. `load_period` reads the period's conversations (`periods`), flags repeat contacts
   (`fcr`) and builds the retention cohort (`retention`): narrow selects through `read_frame`.
2. `tally` / `tally_by` turn those frames into counts: one row, or one row per group
   (channel, team, local hour…) through the same Polars expressions.
3. `rates` turns one row of counts into the §3 dict; `summarise` = `rates(tally(…))`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.periods import period_conversations
from queries.metrics.repeats import with_repeat_contacts
from queries.metrics.retention import (
    RETENTION_DAYS,
    activity_window,
    cohort_starts,
    flag_retention,
)
from queries.metrics.stats import nps_interval, nps_score, wilson_interval
from queries.metrics.thresholds import DETRACTOR_NPS, PROMOTER_NPS, SATISFIED_CSAT
from queries.metrics.value import HORIZONS, flag_value, value_tally
from queries.plumbing.filters import Filters

METRIC_KEYS = (
    "conversations",
    "responses",
    "csat",
    "csat_ci",
    "nps",
    "nps_ci",
    "fcr",
    "fcr_one_touch",
    "fcr_survey",
    "retention_90d",
    "repurchase_90d",
    "clv_365d",
    "first_response_median_s",
    "response_rate",
)
"""The §3 keys, in contract order."""

SAMPLE_SIZE = {
    "csat": "csat_n",
    "csat_ci": "csat_n",
    "nps": "nps_n",
    "nps_ci": "nps_n",
    "fcr": "resolved",
    "fcr_one_touch": "resolved",
    "fcr_survey": "survey_resolved_n",
    "retention_90d": "retention_eligible",
    "repurchase_90d": "repurchase_eligible",
    "clv_365d": "clv_eligible",
    "first_response_median_s": "first_response_n",
    "response_rate": "invitations_sent",
}
"""For each §3 rate, the `tally` key holding its n (the denominator shown beside a tile)."""


FIRST_RESPONSE_S = (
    pl.col("first_response_at") - pl.col("opened_at")
).dt.total_microseconds() / 1_000_000
"""Seconds from opened_at to the first response (Float64; null without one)."""

RESOLVED = pl.col("resolved_at").is_not_null()
COUNT_CONDITIONS: dict[str, pl.Expr] = {
    "responses": pl.col("responded_at").is_not_null(),
    "csat_n": pl.col("csat").is_not_null(),
    "csat_satisfied": pl.col("csat") >= SATISFIED_CSAT,
    "nps_n": pl.col("nps").is_not_null(),
    "promoters": pl.col("nps") >= PROMOTER_NPS,
    "detractors": pl.col("nps") <= DETRACTOR_NPS,
    "resolved": RESOLVED,
    "resolved_first_contact": RESOLVED
    & (pl.col("reopened_count") == 0)
    & ~pl.col("repeat_contact"),
    "resolved_one_touch": RESOLVED & (pl.col("agent_replies") <= 1),
    "survey_resolved_n": pl.col("survey_resolved").is_not_null(),
    "survey_resolved_yes": pl.col("survey_resolved"),
    "first_response_n": pl.col("first_response_at").is_not_null(),
    "link_responses": pl.col("response_source") == "link",
    "invitations_sent": pl.col("invitation_status") == "sent",
}
"""The §3 count conditions: each `tally` count but `conversations` (every row) and the
median counts the conversations (with `repeat_contact`) where its condition is true; a null
condition is not counted. The one definition of these conditions (drill-down, value)."""


@dataclass(frozen=True, slots=True)
class Period:
    """The frames behind the §3 metrics of one filtered period.

    conversations: `period_conversations` plus `next_opened_at` and `repeat_contact`.
    retention: `flag_retention` (customer_id, t0, eligible, retained).
    value: `flag_value` (repurchase and CLV of the same cohort).
    """

    conversations: pl.DataFrame
    retention: pl.DataFrame
    value: pl.DataFrame


def load_period(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> Period:
    """Read everything the §3 metrics of `filters` need, as of the instant `as_of`."""
    frame = period_conversations(engine, filters)
    frame = with_repeat_contacts(engine, frame, filters, fcr_window_days)
    starts = cohort_starts(frame)  # one activity read decides retention, repurchase and CLV
    activity = activity_window(
        engine, starts, as_of, (RETENTION_DAYS, *HORIZONS), amount=True, kind=True
    )
    retention = flag_retention(starts, activity, as_of, RETENTION_DAYS)
    return Period(frame, retention, flag_value(starts, activity, as_of))


def compute_metrics(
    engine: Engine, filters: Filters, *, as_of: datetime, fcr_window_days: int = 7
) -> dict[str, Any]:
    """The §3 metrics, exactly `METRIC_KEYS` in order; JSON-ready (None where undefined)."""
    period = load_period(engine, filters, as_of=as_of, fcr_window_days=fcr_window_days)
    return summarise(period.conversations, period.retention, period.value)


def _count(condition: pl.Expr) -> pl.Expr:
    # sum() of a boolean is unsigned; Int64 keeps differences such as NPS signed.
    return condition.sum().cast(pl.Int64)


RATE_COUNTS: dict[str, tuple[str, ...]] = {
    "csat": ("csat_n", "csat_satisfied"),
    "nps": ("nps_n", "promoters", "detractors"),
    "fcr": ("resolved", "resolved_first_contact"),
    "fcr_one_touch": ("resolved", "resolved_one_touch"),
    "fcr_survey": ("survey_resolved_n", "survey_resolved_yes"),
    "first_response_median_s": ("first_response_n", "first_response_median_s"),
    "response_rate": ("link_responses", "invitations_sent"),
}
"""The `tally` keys each §3 rate is computed from: a page that shows only CSAT counts only
those, so its frame needs only the `csat` column."""


def tally_expressions(names: Collection[str] | None = None) -> list[pl.Expr]:
    """Aggregations over conversations (with `repeat_contact`) giving the counts `rates` needs;
    only those in `names` when given, so a narrow frame needs only the columns they read."""
    expressions = {
        "conversations": pl.len().cast(pl.Int64),
        **{name: _count(condition) for name, condition in COUNT_CONDITIONS.items()},
        "first_response_median_s": FIRST_RESPONSE_S.median(),
    }
    return [
        expression.alias(name)
        for name, expression in expressions.items()
        if names is None or name in names
    ]


def counts_for(values: Iterable[str], extra: Iterable[str] = ()) -> set[str]:
    """The `tally` keys behind the §3 rates `values`, plus `extra` keys."""
    return {*extra, *(name for value in values for name in RATE_COUNTS.get(value, ()))}


def tally(
    conversations: pl.DataFrame,
    retention: pl.DataFrame | None = None,
    names: Collection[str] | None = None,
    value: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """One dict of counts (the n behind every rate; only `names` when given); retention,
    repurchase and CLV counts are 0 without their frames."""
    counts = conversations.select(tally_expressions(names)).row(0, named=True)
    return counts | retention_tally(retention) | value_tally(value)


def tally_by(
    conversations: pl.DataFrame, by: str | Sequence[str], names: Collection[str] | None = None
) -> pl.DataFrame:
    """One row of counts (only `names` when given) per group, sorted by the group columns;
    pass a row to `rates`."""
    keys = [by] if isinstance(by, str) else list(by)
    return conversations.group_by(keys).agg(tally_expressions(names)).sort(keys, nulls_last=True)


def retention_tally(retention: pl.DataFrame | None) -> dict[str, int]:
    """retention_eligible and retention_retained from a `flag_retention` frame."""
    if retention is None:
        return {"retention_eligible": 0, "retention_retained": 0}
    counts = retention.select(
        retention_eligible=_count(pl.col("eligible")),
        retention_retained=_count(pl.col("retained")),
    )
    return counts.row(0, named=True)


def rates(counts: Mapping[str, Any]) -> dict[str, Any]:
    """The §3 dict from one row of counts; a rate whose counts are missing (a narrow `tally`)
    is None, as is retention_90d without retention counts."""
    counts = _MISSING | dict(counts)
    csat = _percent(counts["csat_satisfied"], counts["csat_n"])
    csat_ci = wilson_interval(counts["csat_satisfied"], counts["csat_n"])
    nps_ci = nps_interval(counts["promoters"], counts["detractors"], counts["nps_n"])
    return {
        "conversations": counts["conversations"],
        "responses": counts["responses"],
        "csat": csat,
        "csat_ci": None if csat_ci is None else list(csat_ci),
        "nps": nps_score(counts["promoters"], counts["detractors"], counts["nps_n"]),
        "nps_ci": None if nps_ci is None else list(nps_ci),
        "fcr": _percent(counts["resolved_first_contact"], counts["resolved"]),
        "fcr_one_touch": _percent(counts["resolved_one_touch"], counts["resolved"]),
        "fcr_survey": _percent(counts["survey_resolved_yes"], counts["survey_resolved_n"]),
        "retention_90d": _percent(
            counts.get("retention_retained", 0), counts.get("retention_eligible", 0)
        ),
        "repurchase_90d": _percent(
            counts.get("repurchase_customers", 0), counts.get("repurchase_eligible", 0)
        ),
        "clv_365d": _mean(counts.get("clv_revenue", 0.0), counts.get("clv_eligible", 0)),
        "first_response_median_s": counts["first_response_median_s"],
        "response_rate": _percent(counts["link_responses"], counts["invitations_sent"]),
    }


_MISSING: dict[str, Any] = {
    name: None if name == "first_response_median_s" else 0
    for name in ("conversations", "responses", *chain.from_iterable(RATE_COUNTS.values()))
}
"""What `rates` assumes for a count a narrow `tally` left out: its rate comes out None."""


def summarise(
    conversations: pl.DataFrame,
    retention: pl.DataFrame | None = None,
    value: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """The §3 dict of a conversations frame (with `repeat_contact`), a retention frame and a
    repurchase-and-CLV frame."""
    return rates(tally(conversations, retention, value=value))


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def _mean(total: float, n: int) -> float | None:
    return None if n == 0 else total / n
