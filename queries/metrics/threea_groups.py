"""The three pillars of the period and of each team, agent, hour or trend bucket, from one
grouped pass over each frame (docs/metrics.md, "3A scorecard").

A pillar's components are counts, means and shares of its group's rows (`queries.threea`
names the inputs), so every group's components come from one `group_by` per frame and only
`combine` runs per group: a pillar per group computed on a filtered frame cost some fifty
frame operations per team, agent or hour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl

from queries.metrics.pillars import REVIEW_BASED, Component, Pillar, combine, mean_component, share
from queries.metrics.reviews import Mean, negative_tone_conversations
from queries.metrics.scripted import mentions_scripted
from queries.metrics.threea import WEEK_HOURS, Inputs, hours_covered, with_service
from queries.metrics.thresholds import SATISFIED_CSAT

GROUP = "__group"
ACCURACY_REVIEWS = ("correct_solution", "process_knowledge")
AUTHENTICITY_REVIEWS = ("empathy", "tone", "greeting_closing")
Pillars = tuple[Pillar, Pillar, Pillar]


def _sum(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).sum().cast(pl.Int64)


def _counts(frame: pl.DataFrame, negative: pl.Series) -> pl.DataFrame:
    """One row per group: every count a component of the three pillars needs."""
    eligible, within, off = pl.col("sl_eligible"), pl.col("sl_within"), pl.col("off_hours")
    resolved = pl.col("resolved_at").is_not_null()
    rated = pl.col("id").is_in(negative.implode()) & pl.col("csat").is_not_null()
    first = (pl.col("reopened_count") == 0) & ~pl.col("repeat_contact")
    return frame.group_by(GROUP).agg(
        total=pl.len().cast(pl.Int64),
        sl_n=_sum(eligible),
        sl_in=_sum(eligible & within),
        off_n=_sum(eligible & off),
        off_in=_sum(eligible & off & within),
        day_n=_sum(eligible & ~off),
        day_in=_sum(eligible & ~off & within),
        resolved=_sum(resolved),
        unanswered=_sum(resolved & pl.col("unanswered")),
        fcr=_sum(resolved & first.fill_null(False)),
        reopened=_sum(resolved & (pl.col("reopened_count") > 0).fill_null(False)),
        repeats=_sum(resolved & pl.col("repeat_contact").fill_null(False)),
        survey_n=_sum(pl.col("survey_resolved").is_not_null()),
        survey_yes=_sum(pl.col("survey_resolved")),
        rated=_sum(rated),
        rated_satisfied=_sum(rated & (pl.col("csat") >= SATISFIED_CSAT)),
        channels=pl.col("channel").n_unique().cast(pl.Int64),
    )


def _every_hour(frame: pl.DataFrame, tz: str) -> dict[Any, int]:
    """Per group, its channels that sent a first response in each of the week's 168 hours of
    `tz` (`threea.staffed_hours`)."""
    local = pl.col("first_response_at").dt.convert_time_zone(tz)
    cell = (local.dt.weekday() - 1) * 24 + local.dt.hour().cast(pl.Int32)
    hours = (
        frame.filter(pl.col("first_response_at").is_not_null())
        .group_by(GROUP, "channel")
        .agg(hours=cell.n_unique())
        .group_by(GROUP)
        .agg(every=_sum(pl.col("hours") == WEEK_HOURS))
    )
    return dict(hours.iter_rows())


def _review_means(scores: pl.DataFrame) -> dict[tuple[Any, str], tuple[Mean, int]]:
    """Per (group, category): the mean category score (`reviews.category_mean`) and how many
    conversations scored it."""
    score = pl.col("category_score").cast(pl.Float64)
    means = scores.group_by(GROUP, "category").agg(
        n=score.count().cast(pl.Int64),
        mean=score.mean(),
        std=score.std(),
        covered=pl.col("conversation_id").filter(score.is_not_null()).n_unique(),
    )
    found = {}
    for group, category, n, mean, std, covered in means.iter_rows():
        se = std / math.sqrt(n) if n > 1 else None
        found[(group, category)] = (Mean(mean if n else None, n, se), covered)
    return found


def _comment_counts(comments: pl.DataFrame) -> dict[Any, tuple[int, int]]:
    """Per group: (comments with text, of them mentioning scripted answers)."""
    written = comments.filter(pl.col("comment").str.strip_chars() != "")
    counted = written.group_by(GROUP).agg(
        n=pl.len().cast(pl.Int64), scripted=_sum(mentions_scripted(pl.col("comment")))
    )
    return {group: (n, scripted) for group, n, scripted in counted.iter_rows()}


def three_a_by(
    inputs: Inputs,
    key: str | None,
    targets: Mapping[str, int],
    weights: Mapping[str, Mapping[str, float]],
    target_level: float,
    tz: str,
) -> dict[Any, Pillars]:
    """Availability, Accuracy and Authenticity of each value of `key` (null included) among
    the conversations; `key` None: of them all, under the key None, hours covered from the
    cells (a part of the floor has none)."""
    group = pl.lit(None, pl.Int8) if key is None else pl.col(key)
    keyed = inputs.conversations.with_columns(group.alias(GROUP))
    frame = with_service(keyed, targets)
    owner = keyed.select(pl.col("id").alias("conversation_id"), GROUP)
    counts = _counts(frame, negative_tone_conversations(inputs.scores))
    if key is None and counts.is_empty():
        counts = pl.DataFrame([{name: 0 for name in counts.columns} | {GROUP: None}])
    parts = _Parts(
        every=_every_hour(frame, tz),
        reviews=_review_means(inputs.scores.join(owner, on="conversation_id")),
        comments=_comment_counts(inputs.comments.join(owner, on="conversation_id")),
        hours=hours_covered(inputs.cells if key is None else None),
    )
    return {
        row[GROUP]: parts.pillars(row, targets_level=target_level, weights=weights)
        for row in counts.iter_rows(named=True)
    }


def three_a(
    inputs: Inputs,
    targets: Mapping[str, int],
    weights: Mapping[str, Mapping[str, float]],
    target_level: float,
    tz: str,
) -> Pillars:
    """Availability, Accuracy and Authenticity of all of `inputs`."""
    return three_a_by(inputs, None, targets, weights, target_level, tz)[None]


class _Parts:
    """The grouped reads, and the pillars of one group's counts."""

    def __init__(
        self,
        every: dict[Any, int],
        reviews: dict[tuple[Any, str], tuple[Mean, int]],
        comments: dict[Any, tuple[int, int]],
        hours: Component,
    ) -> None:
        self.every, self.reviews, self.comments, self.hours = every, reviews, comments, hours

    def _reviewed(self, group: Any, keys: tuple[str, ...], total: int) -> list[Component]:
        found = (self.reviews.get((group, key), (Mean(None, 0), 0)) for key in keys)
        return [mean_component(key, m, n, total) for key, (m, n) in zip(keys, found, strict=True)]

    def pillars(
        self, row: dict[str, Any], *, targets_level: float, weights: Mapping[str, Any]
    ) -> Pillars:
        group, total = row[GROUP], row["total"]
        off = share("off_hours_service_level", row["off_in"], row["off_n"], total)
        channels, every = row["channels"], self.every.get(group, 0)
        available = (
            share("service_level", row["sl_in"], row["sl_n"], total),
            off,
            share("daytime_service_level", row["day_in"], row["day_n"], total),
            self.hours,
            share("unanswered", row["unanswered"], row["resolved"], total),
            Component(
                "channels_every_hour", 100 * every / channels if channels else None, channels
            ),
        )
        below = off.value is not None and off.value < 100 * targets_level
        accurate = (
            share("fcr", row["fcr"], row["resolved"], total),
            share("reopen_rate", row["reopened"], row["resolved"], total),
            share("repeat_contact_rate", row["repeats"], row["resolved"], total),
            share("survey_resolved", row["survey_yes"], row["survey_n"], total),
            *self._reviewed(group, ACCURACY_REVIEWS, total),
        )
        comments, scripted = self.comments.get(group, (0, 0))
        authentic = (
            *self._reviewed(group, AUTHENTICITY_REVIEWS, total),
            share("csat_negative_tone", row["rated_satisfied"], row["rated"], total),
            share("scripted_mentions", scripted, comments, total),
        )
        return (
            combine("availability", available, weights["availability"], cap=off if below else None),
            combine("accuracy", accurate, weights["accuracy"]),
            combine("authenticity", authentic, weights["authenticity"], measured_by=REVIEW_BASED),
        )
