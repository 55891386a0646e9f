"""Conversation reviews (QA) as scores (docs/metrics.md, "3A scorecard").

- category score = (selected − scale_min) / (scale_max − scale_min) × 100; N/A (no score) is
  left out of everything;
- review score = the weight-averaged category score of its scored categories; a failed
  critical category (its category score below `CRITICAL_PASS`) sets the review to 0;
- IQS (internal quality score) = the mean of the review scores.

A review belongs to the period of its conversation (the period rule of docs/metrics.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import in_period, period_source
from queries.metrics.stats import Z95
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, qa_review_scores, qa_reviews

CRITICAL_PASS = 50.0
"""A critical category passes at a category score of 50 or more: on pass/fail (0–1) the pass,
on 1–3 the middle, on 1–4 the upper half."""
NEGATIVE_TONE = 50.0
"""A review's tone is negative below this category score."""


@dataclass(frozen=True, slots=True)
class Category:
    """One category of a scorecard: its key, English and zh-TW names, scale and weight."""

    key: str
    en: str
    zh_tw: str
    scale_min: int
    scale_max: int
    weight: float
    critical: bool = False
    na_allowed: bool = False


EXAMPLE_SCORECARD_NAME = "example-v1"
EXAMPLE_SCORECARD = (
    Category("empathy", "Empathy", "同理心", 1, 4, 2.0),
    Category("tone", "Tone", "語氣", 1, 4, 1.0),
    Category("greeting_closing", "Greeting and closing", "問候與結語", 1, 4, 0.5, na_allowed=True),
    Category("correct_solution", "Correct solution", "解決方案正確", 0, 1, 3.0, critical=True),
    Category("process_knowledge", "Process knowledge", "流程知識", 1, 4, 1.5),
    Category(
        "next_issue_avoidance", "Next-issue avoidance", "預防下一個問題", 1, 4, 1.0, na_allowed=True
    ),
)
"""The scorecard Vigil ships (docs/metrics.md, "3A scorecard"); the demo's reviews use it."""
CATEGORY_NAMES = {c.key: {"en": c.en, "zh-TW": c.zh_tw} for c in EXAMPLE_SCORECARD}

REVIEW_COLUMNS = (
    "review_id",
    "review",
    "conversation_id",
    "conversation",
    "agent_id",
    "reviewer",
    "reviewed_at",
    "sampling",
    "category",
    "score",
    "scale_min",
    "scale_max",
    "weight",
    "critical",
)


def period_review_scores(engine: Engine, filters: Filters) -> pl.DataFrame:
    """One row per scored category of the reviews of the filtered period's conversations
    (`REVIEW_COLUMNS`), with `category_score` (0–100, null for N/A)."""
    r, s, v = qa_reviews.c, qa_review_scores.c, conversations.c
    source = (
        period_source(filters)
        .join(qa_reviews, r.conversation_id == v.id)
        .join(qa_review_scores, s.review_id == r.id)
    )
    query = (
        sa.select(
            r.id.label("review_id"),
            r.external_id.label("review"),
            v.id.label("conversation_id"),
            v.external_id.label("conversation"),
            v.agent_id,
            r.reviewer,
            r.reviewed_at,
            r.sampling,
            s.category,
            s.score,
            s.scale_min,
            s.scale_max,
            s.weight,
            s.critical,
        )
        .select_from(source)
        .where(*in_period(filters))
    )
    return with_category_scores(read_frame(engine, query))


def with_category_scores(frame: pl.DataFrame) -> pl.DataFrame:
    """Add `category_score`: (score − min) / (max − min) × 100, null when N/A."""
    low, high = pl.col("scale_min"), pl.col("scale_max")
    score = (pl.col("score").cast(pl.Float64) - low) / (high - low) * 100
    return frame.with_columns(category_score=score)


def review_totals(scores: pl.DataFrame) -> pl.DataFrame:
    """One row per review: review_id, conversation_id, agent_id, sampling, `review_score`
    (0–100; null when every category is N/A or weighs 0) and `critical_fail`."""
    scored = pl.col("category_score").is_not_null() & (pl.col("weight") > 0)
    weighted = pl.when(scored).then(pl.col("category_score") * pl.col("weight"))
    failed = pl.col("critical") & (pl.col("category_score") < CRITICAL_PASS)
    totals = scores.group_by("review_id").agg(
        pl.col("review").first(),
        pl.col("conversation_id").first(),
        pl.col("conversation").first(),
        pl.col("agent_id").first(),
        pl.col("sampling").first(),
        pl.col("reviewer").first(),
        weighted.sum().alias("points"),
        pl.when(scored).then(pl.col("weight")).sum().alias("weights"),
        failed.fill_null(False).any().alias("critical_fail"),
    )
    average = pl.when(pl.col("weights") > 0).then(pl.col("points") / pl.col("weights"))
    review_score = pl.when(pl.col("critical_fail")).then(0.0).otherwise(average)
    return (
        totals.with_columns(review_score=review_score).drop("points", "weights").sort("review_id")
    )


@dataclass(frozen=True, slots=True)
class Mean:
    """A mean score (0–100) with its n, standard error and normal 95 % interval."""

    value: float | None
    n: int
    se: float | None = None

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.value is None or self.se is None:
            return None
        half = Z95 * self.se
        return max(self.value - half, 0.0), min(self.value + half, 100.0)


def mean_of(values: pl.Series) -> Mean:
    """The mean of the non-null values, with se = s / √n (s the sample deviation, n − 1)."""
    clean = values.drop_nulls().cast(pl.Float64)
    n = clean.len()
    if n == 0:
        return Mean(None, 0)
    mean = float(clean.mean())  # type: ignore[arg-type]
    spread = float(clean.std()) if n > 1 else 0.0  # type: ignore[arg-type]
    return Mean(mean, n, spread / math.sqrt(n) if n > 1 else None)


def iqs(reviews: pl.DataFrame) -> Mean:
    """The internal quality score: the mean review score of `review_totals`."""
    return mean_of(reviews["review_score"])


def category_mean(scores: pl.DataFrame, key: str) -> Mean:
    """The mean category score of one category over the reviews that scored it."""
    return mean_of(scores.filter(pl.col("category") == key)["category_score"])


def negative_tone_conversations(scores: pl.DataFrame) -> pl.Series:
    """The conversation ids whose review scored tone below `NEGATIVE_TONE`."""
    tone = scores.filter(
        (pl.col("category") == "tone") & (pl.col("category_score") < NEGATIVE_TONE)
    )
    return tone["conversation_id"].unique()
