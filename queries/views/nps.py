"""The NPS page's data (docs/metrics.md `nps`): trend with the §3 interval, the promoter /
passive / detractor mix per bucket, NPS by segment and channel, and detractor comments.

nps = 100 × (promoters − detractors) / answers; promoters score 9–10, detractors 0–6 and
passives 7–8. Counts come from `metrics.tally_by` (signed Int64), rates from `metrics.rates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from queries.metrics.cuts import Grain, group_rates, trend_grain, with_bucket
from queries.metrics.periods import in_period, period_conversations, period_source
from queries.metrics.rates import Rate, rate_from
from queries.metrics.tallies import rates, tally
from queries.metrics.thresholds import DETRACTOR_NPS
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, survey_responses

NPS_COUNTS = ("nps_n", "promoters", "detractors")
NPS_COLUMNS = ("id", "channel", "segment", "opened_at", "nps")
MIX = ("promoter_share", "passive_share", "detractor_share")


@dataclass(frozen=True, slots=True)
class NpsView:
    """nps: the period's NPS with n and interval; promoters, passives, detractors: counts, and
    their shares of the answers (percent, n = the answers). trend (bucket), by_segment (segment)
    and by_channel (channel) have `nps_mix` columns. comments: `detractor_comments`."""

    grain: Grain
    nps: Rate
    promoters: int
    passives: int
    detractors: int
    promoter_share: Rate
    passive_share: Rate
    detractor_share: Rate
    trend: pl.DataFrame
    by_segment: pl.DataFrame
    by_channel: pl.DataFrame
    comments: pl.DataFrame

    @property
    def empty(self) -> bool:
        """Nobody answered the NPS question in the period."""
        return self.nps.n == 0


def nps_view(engine: Engine, filters: Filters) -> NpsView:
    """Everything the NPS page shows: one read of the period plus the detractors' comments."""
    answered = period_conversations(engine, filters, NPS_COLUMNS, answered="nps")
    return summarise_nps(answered, detractor_comments(engine, filters), filters)


def summarise_nps(conversations: pl.DataFrame, comments: pl.DataFrame, filters: Filters) -> NpsView:
    """`NpsView` (pure) from `period_conversations` with `NPS_COLUMNS` (all of the period's, or
    only those answered) and a `detractor_comments` frame."""
    grain = trend_grain(filters)
    counts = tally(conversations, names=NPS_COUNTS)
    n, promoters, detractors = (int(counts[key]) for key in NPS_COUNTS)
    passives = n - promoters - detractors

    def share(count: int) -> Rate:
        return Rate(None if n == 0 else 100 * count / n, n)

    answered = conversations.filter(pl.col("nps").is_not_null())
    return NpsView(
        grain=grain,
        nps=rate_from(rates(counts), counts, "nps"),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        promoter_share=share(promoters),
        passive_share=share(passives),
        detractor_share=share(detractors),
        trend=nps_mix(with_bucket(answered, filters.tz, grain), "bucket"),
        by_segment=nps_mix(answered, "segment"),
        by_channel=nps_mix(answered, "channel"),
        comments=comments,
    )


def nps_mix(conversations: pl.DataFrame, by: str) -> pl.DataFrame:
    """(by, nps_n, promoters, passives, detractors, promoter_share, passive_share,
    detractor_share, nps, nps_low, nps_high) per group; shares in percent of nps_n."""
    grouped = group_rates(conversations, by, NPS_COUNTS, ("nps",))
    n = pl.col("nps_n")
    share = {
        name: pl.when(n > 0).then(100 * pl.col(count) / n)
        for name, count in zip(MIX, ("promoters", "passives", "detractors"), strict=True)
    }
    passives = (n - pl.col("promoters") - pl.col("detractors")).alias("passives")
    return (
        grouped.with_columns(passives)
        .with_columns(**share)
        .select(by, *NPS_COUNTS[:2], "passives", "detractors", *MIX, "nps", "nps_low", "nps_high")
    )


def _comments_select(filters: Filters) -> Select[Any]:
    c, r = conversations.c, survey_responses.c
    return (
        sa.select(
            c.external_id,
            c.opened_at,
            c.channel,
            c.category,
            r.nps,
            r.csat,
            r.comment,
        )
        .select_from(period_source(filters).join(survey_responses, r.conversation_id == c.id))
        .where(
            *in_period(filters),
            r.nps <= DETRACTOR_NPS,
            r.comment.is_not(None),
            sa.func.trim(r.comment) != "",
        )
    )


def detractor_comments(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(external_id, opened_at, channel, category, nps, csat, comment) of the period's
    detractors (NPS 0–6) who left a comment, newest first; opened_at in the display zone."""
    frame = read_frame(engine, _comments_select(filters))
    return frame.with_columns(pl.col("opened_at").dt.convert_time_zone(filters.tz)).sort(
        ["opened_at", "external_id"], descending=[True, False]
    )
