"""Voice of the customer: which contact reasons hurt, which hurt more than before, and what
customers wrote.

Per category (contact reason; null kept as its own group) of the period's conversations:
conversations (volume), csat_n (CSAT answers), negative (CSAT ≤ 2) and negative_share =
100 × negative / csat_n with its Wilson 95 % bounds (negative_share_low / _high); the same
for the previous equal-length period (`Filters.previous()`), the change in points and the
pooled two-proportion z-test p-value (`stats.two_proportion_z_test`). Answers belong to
the period of their conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import in_period, period_source
from queries.metrics.rates import Rate
from queries.metrics.stats import two_proportion_z_test, wilson_interval
from queries.metrics.thresholds import NEGATIVE_CSAT
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, survey_responses

COMMENT_LIMIT = 200
BANDS = {"negative": (1, 2), "neutral": (3, 3), "positive": (4, 5)}
"""Score bands of a comment's CSAT (inclusive)."""
REPORT_DAYS = 7
UNCATEGORISED = ""
"""How a filter names the conversations without a category."""


@dataclass(frozen=True, slots=True)
class VoiceTotals:
    """Over every category: conversations, CSAT answers (csat_n), negative answers and their
    share (a `Rate` of csat_n with its Wilson 95 % interval, its change in points against the
    previous period and the pooled z-test p), the previous period's csat_n and share, and how
    many comments were written."""

    conversations: int
    csat_n: int
    negative: int
    negative_share: Rate
    previous_csat_n: int
    previous_negative_share: float | None
    comments: int


@dataclass(frozen=True, slots=True)
class VoiceView:
    """totals: `voice_totals`; categories: `category_table`, rising pain points first;
    comments: `comments` of the period (all, newest first; cap with `recent_comments`);
    week / week_categories / week_comments: the same for the last `REPORT_DAYS` days of the
    period, against the 7 days before."""

    totals: VoiceTotals
    categories: pl.DataFrame
    comments: pl.DataFrame
    week: Filters
    week_categories: pl.DataFrame
    week_comments: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.totals.conversations == 0


def report_week(filters: Filters) -> Filters:
    """The last 7 days of the period (the whole period when it is shorter)."""
    return replace(filters, start=max(filters.start, filters.end - timedelta(days=REPORT_DAYS - 1)))


def category_counts(
    engine: Engine, filters: Filters, windows: dict[str, Filters]
) -> dict[str, pl.DataFrame]:
    """(category, conversations, csat_n, negative) of each window of the period's cuts (the
    windows may overlap), from one grouped read over all of them."""
    c, r = conversations.c, survey_responses.c
    columns: list[Any] = [c.category]
    for name, window in windows.items():
        lo, hi = window.bounds_utc()
        inside = (c.opened_at >= lo) & (c.opened_at < hi)
        columns += [
            sa.func.count(c.id).filter(inside).label(f"{name}:conversations"),
            sa.func.count(r.csat).filter(inside).label(f"{name}:csat_n"),
            sa.func.count(r.csat).filter(inside, r.csat <= NEGATIVE_CSAT).label(f"{name}:negative"),
        ]
    span = replace(filters, start=min(w.start for w in windows.values()))
    stmt = (
        sa.select(*columns)
        .select_from(period_source(span).outerjoin(survey_responses, r.conversation_id == c.id))
        .where(*in_period(span))
        .group_by(c.category)
    )
    counts = read_frame(engine, stmt)
    return {
        name: counts.select(
            "category",
            *(
                pl.col(f"{name}:{count}").cast(pl.Int64).alias(count)
                for count in ("conversations", "csat_n", "negative")
            ),
        ).filter(pl.col("conversations") > 0)
        for name in windows
    }


def commented(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(external_id, channel, category, opened_at, csat, comment, responded_at) of the period's
    answers with a comment."""
    c, r = conversations.c, survey_responses.c
    stmt = (
        sa.select(c.external_id, c.channel, c.category, c.opened_at, r.csat, r.comment)
        .add_columns(r.responded_at)
        .select_from(survey_responses.join(period_source(filters), r.conversation_id == c.id))
        .where(*in_period(filters), r.comment.is_not(None))
    )
    return read_frame(engine, stmt)


def between(rows: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    lo, hi = filters.bounds_utc()
    return rows.filter(pl.col("opened_at") >= lo, pl.col("opened_at") < hi)


def category_table(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """One row per category of `now` (`category_counts` frames of two periods): category,
    conversations, csat_n, negative, negative_share, negative_share_low, negative_share_high,
    previous_conversations, previous_csat_n, previous_negative, previous_negative_share,
    change (points), p_value. Rising first: change descending (nulls last), then
    negative_share descending, then category."""
    previous = before.rename({k: f"previous_{k}" for k in ("conversations", "csat_n", "negative")})
    table = now.join(previous, on="category", how="left", nulls_equal=True)
    table = table.with_columns(
        pl.col(f"previous_{k}").fill_null(0) for k in ("conversations", "csat_n", "negative")
    )
    rows = []
    for row in table.iter_rows(named=True):
        low, high = wilson_interval(row["negative"], row["csat_n"]) or (None, None)
        test = two_proportion_z_test(
            row["negative"], row["csat_n"], row["previous_negative"], row["previous_csat_n"]
        )
        share = _share(row["negative"], row["csat_n"])
        before_share = _share(row["previous_negative"], row["previous_csat_n"])
        change = None if share is None or before_share is None else share - before_share
        rows.append((low, high, before_share, change, None if test is None else test.p_value))
    extra = pl.DataFrame(
        rows,
        schema=[
            "negative_share_low",
            "negative_share_high",
            "previous_negative_share",
            "change",
            "p_value",
        ],
        orient="row",
    ).cast(pl.Float64)
    return (
        table.hstack(extra)
        .with_columns(negative_share=100 * pl.col("negative") / pl.col("csat_n").replace(0, None))
        .select(*CATEGORY_COLUMNS)
        .sort(
            ["change", "negative_share", "category"],
            descending=[True, True, False],
            nulls_last=True,
        )
    )


CATEGORY_COLUMNS = (
    "category",
    "conversations",
    "csat_n",
    "negative",
    "negative_share",
    "negative_share_low",
    "negative_share_high",
    "previous_conversations",
    "previous_csat_n",
    "previous_negative",
    "previous_negative_share",
    "change",
    "p_value",
)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def comments(rows: pl.DataFrame, tz: str) -> pl.DataFrame:
    """(external_id, responded_at, channel, category, csat, band, comment) of the answers with
    a non-blank comment, newest answer first; times in `tz`; band from `BANDS` (null
    without a CSAT score)."""
    band = pl.lit(None, pl.String)
    for name, (low, high) in BANDS.items():
        band = pl.when(pl.col("csat").is_between(low, high)).then(pl.lit(name)).otherwise(band)
    return (
        rows.filter(pl.col("comment").str.strip_chars().str.len_chars() > 0)
        .sort(["responded_at", "external_id"], descending=[True, False])
        .select(
            "external_id",
            pl.col("responded_at").dt.convert_time_zone(tz),
            "channel",
            "category",
            pl.col("csat").cast(pl.Int64),
            band.alias("band"),
            "comment",
        )
    )


def recent_comments(
    frame: pl.DataFrame,
    categories: list[str] | None = None,
    bands: list[str] | None = None,
    limit: int = COMMENT_LIMIT,
) -> pl.DataFrame:
    """The newest `limit` rows of a `comments` frame, keeping only the given categories
    (`UNCATEGORISED` is the null category) and score bands; an empty filter keeps everything."""
    if categories:
        keep = pl.col("category").fill_null(UNCATEGORISED).is_in(categories)
        frame = frame.filter(keep)
    if bands:
        frame = frame.filter(pl.col("band").is_in(bands))
    return frame.head(limit)


def voice_view(engine: Engine, filters: Filters) -> VoiceView:
    """Everything the voice-of-the-customer page shows: one grouped read of the counts of both
    periods and both weeks, one read of the period's comments."""
    week = report_week(filters)
    windows = {"now": filters, "before": filters.previous()}
    windows |= {"week": week, "week before": week.previous()}
    counts = category_counts(engine, filters, windows)
    written = commented(engine, filters)
    categories = category_table(counts["now"], counts["before"])
    said = comments(written, filters.tz)
    return VoiceView(
        totals=voice_totals(categories, said),
        categories=categories,
        comments=said,
        week=week,
        week_categories=category_table(counts["week"], counts["week before"]),
        week_comments=comments(between(written, week), filters.tz),
    )


def voice_totals(categories: pl.DataFrame, said: pl.DataFrame) -> VoiceTotals:
    """`VoiceTotals` of a `category_table` and its `comments`."""
    sums = categories.select(
        pl.col("conversations", "csat_n", "negative", "previous_csat_n", "previous_negative").sum()
    ).row(0, named=True)
    n, negative = int(sums["csat_n"] or 0), int(sums["negative"] or 0)
    before_n, before = int(sums["previous_csat_n"] or 0), int(sums["previous_negative"] or 0)
    share, before_share = _share(negative, n), _share(before, before_n)
    test = two_proportion_z_test(negative, n, before, before_n)
    change = None if share is None or before_share is None else share - before_share
    return VoiceTotals(
        conversations=int(sums["conversations"] or 0),
        csat_n=n,
        negative=negative,
        negative_share=Rate(
            share, n, wilson_interval(negative, n), change, None if test is None else test.p_value
        ),
        previous_csat_n=before_n,
        previous_negative_share=before_share,
        comments=said.height,
    )
