"""The CSAT page's data (docs/metrics.md `csat`): trend, cuts, the 1–5 distribution, local hours.

Every rate is `metrics.rates` over `metrics.tally_by` counts (via `metrics.cuts.group_rates`):
csat = 100 × #(csat ≥ 4) / #(csat not null), with its Wilson 95 % bounds csat_low/csat_high.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.cuts import (
    Grain,
    agent_names,
    customer_zones,
    group_rates,
    trend_grain,
    with_bucket,
    with_local_hour,
)
from queries.metrics.hours import HOURS, is_night
from queries.metrics.periods import period_conversations, period_count
from queries.metrics.rates import Rate, rate_from, rate_row
from queries.metrics.tallies import rates, tally
from queries.plumbing.filters import Filters

CSAT_COUNTS = ("csat_n", "csat_satisfied")
CSAT_COLUMNS = (
    *("id", "customer_id", "agent_id", "channel", "category", "team", "opened_at", "csat"),
    "channel_detail",
    "csat_scale",
)
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class CsatView:
    """conversations: the period's count; csat: its rate with n and interval, and the same for
    the customers' local night and day.
    Each cut has its group column(s) then csat_n, csat_satisfied, csat, csat_low, csat_high:
    trend (bucket), by_channel (channel), by_team (team), by_agent (agent_id, agent),
    by_category (category), by_local_hour (local_hour 0–23, every hour present).
    distribution: score 1–5, responses, share (0–100; null when nobody answered).
    by_channel_detail (channel, channel_detail): the source's own channels (LINE, WhatsApp, …)
    of synced conversations; empty when no conversation has one (docs/connectors.md).
    binary_answers: good/bad ratings (csat_scale good_bad), counted in csat (good as 4–5) but
    not in distribution."""

    grain: Grain
    conversations: int
    csat: Rate
    night: Rate
    day: Rate
    trend: pl.DataFrame
    by_channel: pl.DataFrame
    by_team: pl.DataFrame
    by_agent: pl.DataFrame
    by_category: pl.DataFrame
    distribution: pl.DataFrame
    by_local_hour: pl.DataFrame
    by_channel_detail: pl.DataFrame = field(default_factory=pl.DataFrame)
    binary_answers: int = 0  # good/bad ratings: in CSAT %, not in the 1–5 distribution

    @property
    def empty(self) -> bool:
        return self.conversations == 0


def csat_view(engine: Engine, filters: Filters) -> CsatView:
    """Everything the CSAT page shows: the period's CSAT answers and its conversation count."""
    return summarise_csat(
        period_conversations(engine, filters, CSAT_COLUMNS, answered="csat"),
        period_count(engine, filters),
        customer_zones(engine),
        agent_names(engine),
        filters,
    )


def summarise_csat(
    conversations: pl.DataFrame,
    total: int,
    zones: pl.DataFrame,
    agents: pl.DataFrame,
    filters: Filters,
) -> CsatView:
    """`CsatView` (pure) from `period_conversations` with `CSAT_COLUMNS` (all of the period's,
    or only those answered), the period's `total` conversations, and `customer_zones` and
    `agent_names` frames."""
    grain = trend_grain(filters)
    counts = tally(conversations, names=CSAT_COUNTS)
    answered = conversations.filter(pl.col("csat").is_not_null())
    local = with_local_hour(answered, zones, filters.tz)
    night, day = night_and_day(local)
    by_agent = csat_by(answered, "agent_id").join(agents, on="agent_id", how="left")
    return CsatView(
        grain=grain,
        conversations=total,
        csat=rate_from(rates(counts), counts, "csat"),
        night=night,
        day=day,
        trend=csat_by(with_bucket(answered, filters.tz, grain), "bucket"),
        by_channel=csat_by(answered, "channel"),
        by_team=csat_by(answered, "team"),
        by_agent=by_agent.select("agent_id", "agent", *by_agent.columns[1:-1]),
        by_category=csat_by(answered, "category"),
        distribution=csat_distribution(_five_point(answered)),
        by_local_hour=csat_by_local_hour(local),
        by_channel_detail=_by_detail(answered),
        binary_answers=answered.height - _five_point(answered).height,
    )


def _five_point(answered: pl.DataFrame) -> pl.DataFrame:
    """The answers on the 1–5 scale: a good/bad rating has no place in that distribution."""
    if "csat_scale" not in answered.columns:
        return answered
    return answered.filter(pl.col("csat_scale").is_null())


def _by_detail(answered: pl.DataFrame) -> pl.DataFrame:
    if "channel_detail" not in answered.columns:
        return pl.DataFrame()
    detailed = answered.filter(pl.col("channel_detail").is_not_null())
    return group_rates(detailed, ["channel", "channel_detail"], CSAT_COUNTS, ("csat",))


def csat_by(conversations: pl.DataFrame, by: str) -> pl.DataFrame:
    """(by, csat_n, csat_satisfied, csat, csat_low, csat_high) per group."""
    return group_rates(conversations, by, CSAT_COUNTS, ("csat",))


def csat_distribution(conversations: pl.DataFrame) -> pl.DataFrame:
    """(score, responses, share): every score 1–5, share of the answers in percent."""
    counted = (
        conversations.filter(pl.col("csat").is_not_null())
        .group_by(score=pl.col("csat").cast(pl.Int64))
        .agg(responses=pl.len().cast(pl.Int64))
    )
    total = int(counted.get_column("responses").sum())
    return (
        pl.DataFrame({"score": SCORES}, schema={"score": pl.Int64})
        .join(counted, on="score", how="left")
        .with_columns(pl.col("responses").fill_null(0))
        .with_columns(share=pl.when(total > 0).then(100 * pl.col("responses") / total))
    )


def csat_by_local_hour(local: pl.DataFrame) -> pl.DataFrame:
    """CSAT per hour (0–23) of contact in the customer's own time zone, from a frame with
    `local_hour` (`metrics.cuts.with_local_hour`); hours without answers have csat_n 0 and
    null rates."""
    hours = pl.DataFrame({"local_hour": HOURS}, schema={"local_hour": pl.Int64})
    return hours.join(csat_by(local, "local_hour"), on="local_hour", how="left").with_columns(
        pl.col(CSAT_COUNTS).fill_null(0)
    )


def night_and_day(local: pl.DataFrame) -> tuple[Rate, Rate]:
    """CSAT in the customers' local night and by day, from a frame with `local_hour`
    (`metrics.cuts.with_local_hour`)."""
    flagged = local.with_columns(night=is_night(pl.col("local_hour")))
    rows = {row["night"]: row for row in csat_by(flagged, "night").iter_rows(named=True)}
    none = {"csat_n": 0, "csat": None}
    night, day = (rate_row(rows.get(key, none), "csat", "csat_n") for key in (True, False))
    return night, day
