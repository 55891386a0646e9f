"""Demo conversation reviews on the example scorecard (docs/metrics.md, "3A scorecard").

About 3 % of the answered, resolved conversations are reviewed at random, and a quarter of
those whose customer gave CSAT 1–2 ("low_csat" sampling). Scores follow the customer's latent
satisfaction and first-contact resolution; empathy is weaker on understaffed nights (the
customer's night, 22–07, with a slow first answer). Its own generator (seed + 15) keeps every
other demo row exactly as it was.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from queries.demo.clock import ZoneClock, hour_of_day
from queries.demo.columns import external_ids, utc_column
from queries.demo.people import ZONES, CustomerPool
from queries.demo.service import Service
from queries.demo.spec import DAY, Timeline
from queries.demo.surveys import TOLERANCE
from queries.demo.traffic import Arrivals
from queries.metrics.reviews import EXAMPLE_SCORECARD, EXAMPLE_SCORECARD_NAME

RANDOM_SHARE = 0.03
LOW_CSAT_SHARE = 0.25
REVIEWERS = ("林雅婷 (QA)", "Daniel Wu (QA)", "AutoQA")
STEPS = np.array([-1.0, -0.2, 0.6])
"""Latent quality thresholds of a 1–4 scale."""


def review_frames(
    seed: int,
    arrivals: Arrivals,
    service: Service,
    feeling: np.ndarray,
    fcr: np.ndarray,
    answers: pl.DataFrame,
    pool: CustomerPool,
    clock: ZoneClock,
    timeline: Timeline,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(qa_reviews, qa_review_scores) frames with their ids."""
    rng = np.random.default_rng(seed + 15)
    n = arrivals.size
    csat = np.zeros(n, dtype=np.int64)
    rated = answers.filter(pl.col("csat").is_not_null())
    csat[rated["conversation_id"].to_numpy() - 1] = rated["csat"].to_numpy()
    low = (csat >= 1) & (csat <= 2)
    reviewable = service.answered & service.resolved
    chosen = reviewable & (rng.random(n) < np.where(low, LOW_CSAT_SHARE, RANDOM_SHARE))
    reviewed_s = service.resolved_s + (DAY * (1 + 4 * rng.random(n))).astype(np.int64)
    chosen &= reviewed_s <= timeline.horizon_s
    picked = np.flatnonzero(chosen)
    zone = np.array([clock.index(z.name) for z in ZONES])[pool.zone[arrivals.customer[picked]]]
    hour = hour_of_day(clock.to_local(zone, arrivals.opened_s[picked]))
    slow = service.wait_s[picked] > 2 * TOLERANCE[arrivals.channel[picked]]
    strained = ((hour >= 22) | (hour < 7)) & slow
    quality = feeling[picked] + 0.8 * fcr[picked] - 0.4
    count = picked.size
    reviews = pl.DataFrame(
        {
            "id": np.arange(1, count + 1),
            "external_id": external_ids("QA", count, 7),
            "conversation_id": picked + 1,
            "reviewer": np.array(REVIEWERS)[rng.integers(0, len(REVIEWERS), count)],
            "reviewed_at": utc_column(reviewed_s[picked]),
            "scorecard": EXAMPLE_SCORECARD_NAME,
            "sampling": np.where(low[picked], "low_csat", "random"),
        }
    )
    parts = []
    for category in EXAMPLE_SCORECARD:
        latent = quality + rng.normal(0, 0.6, count)
        if category.key == "empathy":
            latent -= 1.1 * strained
        if category.scale_max == 1:  # pass/fail: fails mostly where the problem came back
            score = (latent + 1.2 * fcr[picked] > -0.6).astype(np.float64)
        else:
            score = (1 + (latent[:, None] > STEPS).sum(axis=1)).astype(np.float64)
        na = category.na_allowed & (rng.random(count) < 0.12)
        parts.append(
            pl.DataFrame(
                {
                    "review_id": np.arange(1, count + 1),
                    "category": category.key,
                    "score": pl.Series(np.where(na, np.nan, score)).fill_nan(None),
                    "scale_min": float(category.scale_min),
                    "scale_max": float(category.scale_max),
                    "weight": category.weight,
                    "critical": category.critical,
                    "na_allowed": category.na_allowed,
                    "comment": pl.Series([None] * count, dtype=pl.String),
                }
            )
        )
    scores = pl.concat(parts).sort("review_id", maintain_order=True)
    return reviews, scores.with_row_index("id", offset=1).with_columns(pl.col("id").cast(pl.Int64))
