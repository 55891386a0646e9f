"""The FCR page's data (docs/metrics.md `fcr`, `fcr_one_touch`, `fcr_survey`): the three flavours,
by channel and by category, and the list of resolved conversations that came back.

The repeat-contact rule and its window live in `metrics.repeats`; rates in `metrics.rates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.cuts import Grain, group_rates, kpi_conversations, trend_grain, with_bucket
from queries.metrics.rates import Rate, rate_from
from queries.metrics.stats import wilson_interval
from queries.metrics.tallies import counts_for, rates, tally
from queries.plumbing.filters import Filters

FCR_COUNTS = (
    "resolved",
    "resolved_first_contact",
    "resolved_one_touch",
    "survey_resolved_n",
    "survey_resolved_yes",
)
FCR_COLUMNS = (
    *("id", "external_id", "customer_id", "channel", "category", "opened_at", "resolved_at"),
    *("agent_replies", "reopened_count", "survey_resolved"),
)
FLAVOURS = ("fcr", "fcr_one_touch", "fcr_survey")
"""repeat-contact FCR, one-touch FCR, survey FCR (the customer's own answer)."""


@dataclass(frozen=True, slots=True)
class FcrView:
    """The `FCR_COUNTS` of the period and the three `FLAVOURS` as rates (n: resolved, or the
    survey answers for fcr_survey); by_channel (channel) and by_category (category): the group
    column, `FCR_COUNTS`, `FLAVOURS`; trend: the same per `bucket` of `grain` (opened day or
    week in the display zone), with each flavour's 95 % interval; repeats: `repeat_list`."""

    window_days: int
    resolved: int
    resolved_first_contact: int
    resolved_one_touch: int
    survey_resolved_n: int
    survey_resolved_yes: int
    fcr: Rate
    fcr_one_touch: Rate
    fcr_survey: Rate
    by_channel: pl.DataFrame
    by_category: pl.DataFrame
    repeats: pl.DataFrame
    grain: Grain = "day"
    trend: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def empty(self) -> bool:
        """Nothing was resolved in the period."""
        return self.resolved == 0


def fcr_view(engine: Engine, filters: Filters, window_days: int = 7) -> FcrView:
    """Everything the FCR page shows, from one read of the period with its repeat contacts."""
    frame = kpi_conversations(engine, filters, window_days, FCR_COLUMNS)
    return summarise_fcr(frame, filters, window_days)


def summarise_fcr(conversations: pl.DataFrame, filters: Filters, window_days: int) -> FcrView:
    """`FcrView` from a `kpi_conversations` frame with `FCR_COLUMNS` (pure)."""
    counts = tally(conversations, names=counts_for(FLAVOURS, FCR_COUNTS))
    values = rates(counts)
    return FcrView(
        window_days=window_days,
        resolved=counts["resolved"],
        resolved_first_contact=counts["resolved_first_contact"],
        resolved_one_touch=counts["resolved_one_touch"],
        survey_resolved_n=counts["survey_resolved_n"],
        survey_resolved_yes=counts["survey_resolved_yes"],
        fcr=rate_from(values, counts, "fcr"),
        fcr_one_touch=rate_from(values, counts, "fcr_one_touch"),
        fcr_survey=rate_from(values, counts, "fcr_survey"),
        by_channel=fcr_by(conversations, "channel"),
        by_category=fcr_by(conversations, "category"),
        repeats=repeat_list(conversations, filters.tz),
        grain=trend_grain(filters),
        trend=with_interval(
            fcr_by(with_bucket(conversations, filters.tz, trend_grain(filters)), "bucket")
        ),
    )


def with_interval(groups: pl.DataFrame) -> pl.DataFrame:
    """`groups` with fcr_low / fcr_high: the Wilson 95 % interval of repeat-contact FCR
    (resolved_first_contact of resolved; docs/metrics.md)."""
    bounds = [
        wilson_interval(k, n) or (None, None)
        for k, n in zip(groups["resolved_first_contact"], groups["resolved"], strict=True)
    ]
    return groups.with_columns(
        fcr_low=pl.Series([b[0] for b in bounds], dtype=pl.Float64),
        fcr_high=pl.Series([b[1] for b in bounds], dtype=pl.Float64),
    )


def fcr_by(conversations: pl.DataFrame, by: str) -> pl.DataFrame:
    """(by, FCR_COUNTS…, fcr, fcr_one_touch, fcr_survey) per group."""
    return group_rates(conversations, by, FCR_COUNTS, FLAVOURS)


def repeat_list(conversations: pl.DataFrame, tz: str) -> pl.DataFrame:
    """The resolved conversations with a repeat contact, latest resolution first:
    (external_id, channel, category, opened_at, resolved_at, next_opened_at,
    hours_to_next_contact). Times are in `tz`. hours_to_next_contact is
    (next_opened_at − resolved_at) in hours; negative when the customer wrote again before
    the first conversation was resolved."""
    local = [
        pl.col(name).dt.convert_time_zone(tz)
        for name in ("opened_at", "resolved_at", "next_opened_at")
    ]
    hours = (pl.col("next_opened_at") - pl.col("resolved_at")).dt.total_microseconds() / 3.6e9
    return (
        conversations.filter(pl.col("repeat_contact"))
        .with_columns(hours_to_next_contact=hours.cast(pl.Float64))
        .with_columns(local)
        .sort(["resolved_at", "external_id"], descending=[True, False])
        .select(
            "external_id",
            "channel",
            "category",
            "opened_at",
            "resolved_at",
            "next_opened_at",
            "hours_to_next_contact",
        )
    )
