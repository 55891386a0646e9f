"""The demo's conversation reviews (queries/demo/reviews.py): a few percent of conversations,
more of those with low CSAT, scores that follow CSAT and FCR, and weaker empathy on
understaffed nights; every other demo row is unchanged (tests/queries/test_cli_golden.py)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.metrics.evidence import scorecard_inputs
from queries.metrics.reviews import review_totals
from queries.plumbing.db import make_engine
from queries.plumbing.filters import Filters
from tests.worlds import demo_world_url


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, pl.DataFrame]:
    engine = make_engine(demo_world_url(tmp_path_factory))
    inputs = scorecard_inputs(engine, Filters(date(2026, 7, 1), date(2026, 11, 1), "UTC"))
    engine.dispose()
    conversations = inputs.conversations.rename({"id": "conversation_id"})
    return conversations, inputs.scores.join(conversations, on="conversation_id")


def test_a_few_percent_are_reviewed_and_more_of_the_low_csat(
    demo: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    conversations, scores = demo
    reviewed = scores["conversation_id"].n_unique()
    assert 0.02 < reviewed / conversations.height < 0.08
    low = conversations.filter(pl.col("csat") <= 2)
    low_reviewed = scores.filter(pl.col("csat") <= 2)["conversation_id"].n_unique()
    assert low_reviewed / low.height > 3 * reviewed / conversations.height


def test_review_scores_follow_csat_and_fcr(demo: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    conversations, scores = demo
    totals = review_totals(scores).join(
        conversations.select("conversation_id", "csat", "reopened_count", "repeat_contact"),
        on="conversation_id",
    )
    by_csat = totals.group_by(pl.col("csat") >= 4).agg(pl.col("review_score").mean())
    means = dict(zip(by_csat["csat"], by_csat["review_score"], strict=True))
    assert means[True] > means[False] + 30
    solved = (pl.col("reopened_count") == 0) & ~pl.col("repeat_contact")
    by_fcr = totals.group_by(solved.alias("fcr")).agg(pl.col("review_score").mean())
    fcr_means = dict(zip(by_fcr["fcr"], by_fcr["review_score"], strict=True))
    assert fcr_means[True] > fcr_means[False]


def test_empathy_is_weaker_at_night(demo: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    _, scores = demo
    empathy = scores.filter(pl.col("category") == "empathy")
    night = (pl.col("local_hour") >= 22) | (pl.col("local_hour") < 7)
    means = empathy.group_by(night.alias("night")).agg(pl.col("category_score").mean())
    by_night = dict(zip(means["night"], means["category_score"], strict=True))
    assert by_night[True] < by_night[False]
