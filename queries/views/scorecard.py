"""The 3A scorecard page (docs/metrics.md, "3A scorecard"): Availability, Accuracy and
Authenticity of the period, their change against the previous period, trend, cuts by team,
agent and the customer's local hour, what each is made of, and the reviews behind them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.cuts import agent_names, trend_grain, with_bucket
from queries.metrics.evidence import scorecard_inputs
from queries.metrics.pillars import (
    PILLARS,
    Component,
    Pillar,
    PillarChange,
    normal_interval,
    pillar_change,
    pillar_weights,
)
from queries.metrics.reviews import iqs, review_totals
from queries.metrics.roster import Targets
from queries.metrics.targets import channel_targets
from queries.metrics.threea import Inputs, service_by_channel, staffed_hours, with_service
from queries.metrics.threea_groups import GROUP, three_a, three_a_by
from queries.plumbing.filters import Filters
from queries.views.coverage import coverage


@dataclass(frozen=True, slots=True)
class Settings3A:
    """What the scorecard is measured against: per-channel targets (seconds), the service
    level target (0–1), the coverage targets, the weights and the FCR window."""

    targets: Mapping[str, int]
    level: float = 0.80
    staffing: Targets = field(default_factory=Targets)
    weights: Mapping[str, Mapping[str, float]] | None = None
    fcr_window_days: int = 7

    @classmethod
    def of(cls, settings: Any) -> Settings3A:
        """From the process settings (`queries.plumbing.settings.Settings`)."""
        return cls(
            channel_targets(settings.service_targets),
            settings.service_level,
            Targets(settings.service_target_seconds, settings.service_level, settings.shrinkage),
            pillar_weights(settings.scorecard_weights),
            settings.fcr_window_days,
        )


@dataclass(frozen=True, slots=True)
class ReviewCoverage:
    """How many reviews, of how many of the period's conversations, how they were sampled
    (`sampling`: sampling, reviews), IQS and the reviews with a failed critical category."""

    reviews: int
    reviewed_conversations: int
    conversations: int
    sampling: pl.DataFrame
    iqs: Any
    critical_fails: int

    @property
    def share(self) -> float | None:
        """Reviewed conversations ÷ the period's conversations, 0–100."""
        if not self.conversations:
            return None
        return 100 * self.reviewed_conversations / self.conversations


@dataclass(frozen=True, slots=True)
class ScorecardView:
    conversations: int
    pillars: tuple[Pillar, ...]
    changes: tuple[PillarChange, ...]
    channels: tuple[Component, ...]
    targets: Mapping[str, int]
    staffed: pl.DataFrame
    reviews: ReviewCoverage
    reviewed: pl.DataFrame
    trend: pl.DataFrame
    by_team: pl.DataFrame
    by_agent: pl.DataFrame
    by_hour: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.conversations == 0

    def as_json(self) -> dict[str, Any]:
        """The `vigil scorecard --json` object (docs/metrics.md, "3A scorecard")."""
        return {
            "conversations": self.conversations,
            "pillars": {
                p.key: pillar_json(p) | {"change": c.difference, "p_value": c.p_value}
                for p, c in zip(self.pillars, self.changes, strict=True)
            },
            "service_level_by_channel": {
                c.key: component_json(c) | {"target_s": self.targets[c.key]} for c in self.channels
            },
            "channels_staffed": self.staffed.to_dicts(),
            "reviews": {
                "reviews": self.reviews.reviews,
                "reviewed_conversations": self.reviews.reviewed_conversations,
                "coverage": self.reviews.share,
                "iqs": self.reviews.iqs.value,
                "iqs_n": self.reviews.iqs.n,
                "iqs_ci": _pair(self.reviews.iqs.interval),
                "critical_fails": self.reviews.critical_fails,
                "sampling": self.reviews.sampling.to_dicts(),
            },
            "by_team": self.by_team.to_dicts(),
            "by_agent": self.by_agent.to_dicts(),
            "by_local_hour": self.by_hour.to_dicts(),
        }


def _pair(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else [bounds[0], bounds[1]]


def component_json(c: Component) -> dict[str, Any]:
    return {
        "value": c.value,
        "n": c.n,
        "ci": _pair(c.interval),
        "coverage": c.coverage,
        "weight": c.weight,
        "weak": c.weak,
    }


def pillar_json(p: Pillar) -> dict[str, Any]:
    return {
        "value": p.value,
        "ci": _pair(normal_interval(p.value, p.se)),
        "capped_at": p.cap,
        "components": {c.key: component_json(c) for c in p.components},
    }


def grouped_pillars(
    inputs: Inputs, key: str, settings: Settings3A, tz: str, labels: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per value of `key`: conversations, reviews and the three pillars (0–100, null
    when not measured), sorted by `key` (nulls last); hours covered is a floor measure and is
    left out of a group's Availability."""
    weights = settings.weights or pillar_weights()
    rows = []
    frame = inputs.conversations
    grouped = three_a_by(inputs, key, settings.targets, weights, settings.level, tz)
    sizes = dict(frame.group_by(key).len().iter_rows())
    owner = frame.select(pl.col("id").alias("conversation_id"), pl.col(key).alias(GROUP))
    reviews = inputs.scores.join(owner, on="conversation_id").group_by(GROUP)
    reviewed = dict(reviews.agg(pl.col("review_id").n_unique()).iter_rows())
    for value in frame[key].unique().sort(nulls_last=True).to_list() if frame.height else []:
        rows.append(
            {key: value, "conversations": sizes[value], "reviews": reviewed.get(value, 0)}
            | {p.key: p.value for p in grouped[value]}
        )
    schema: dict[str, Any] = {key: frame.schema.get(key, pl.String), "conversations": pl.Int64}
    schema |= {"reviews": pl.Int64} | {name: pl.Float64 for name in PILLARS}
    out = pl.DataFrame(rows, schema=schema, orient="row")
    return out if labels is None else labels.join(out, on=key, how="right")


def scorecard_view(
    engine: Engine, filters: Filters, settings: Settings3A, now: datetime | None = None
) -> ScorecardView:
    """The page's view of `filters` (the previous period read the same way for the changes)."""
    inputs = _with_cells(engine, filters, settings, now)
    previous = _with_cells(engine, filters.previous(), settings, now)
    weights = settings.weights or pillar_weights()
    pillars = three_a(inputs, settings.targets, weights, settings.level, filters.tz)
    before = three_a(previous, settings.targets, weights, settings.level, filters.tz)
    frame = inputs.conversations
    reviews = review_totals(inputs.scores)
    grain = trend_grain(filters)
    bucketed = replace(inputs, conversations=with_bucket(frame, filters.tz, grain), cells=None)
    names = agent_names(engine)
    return ScorecardView(
        conversations=frame.height,
        pillars=pillars,
        changes=tuple(pillar_change(a, b) for a, b in zip(pillars, before, strict=True)),
        channels=tuple(service_by_channel(with_service(frame, settings.targets), settings.targets)),
        targets=settings.targets,
        staffed=staffed_hours(with_service(frame, settings.targets), filters.tz),
        reviews=_coverage(reviews, frame.height),
        reviewed=_reviewed(names, reviews, inputs.scores),
        trend=grouped_pillars(bucketed, "bucket", settings, filters.tz),
        by_team=grouped_pillars(inputs, "team", settings, filters.tz),
        by_agent=grouped_pillars(inputs, "agent_id", settings, filters.tz, names),
        by_hour=grouped_pillars(inputs, "local_hour", settings, filters.tz),
    )


def _with_cells(
    engine: Engine, filters: Filters, settings: Settings3A, now: datetime | None
) -> Inputs:
    inputs = scorecard_inputs(engine, filters, settings.fcr_window_days)
    cells = (
        coverage(engine, filters, settings.staffing, now).cells
        if inputs.conversations.height
        else None
    )
    return replace(inputs, cells=cells)


def _coverage(reviews: pl.DataFrame, conversations: int) -> ReviewCoverage:
    sampling = (
        reviews.group_by("sampling")
        .agg(reviews=pl.len().cast(pl.Int64))
        .sort("sampling", nulls_last=True)
        if reviews.height
        else pl.DataFrame(schema={"sampling": pl.String, "reviews": pl.Int64})
    )
    return ReviewCoverage(
        reviews=reviews.height,
        reviewed_conversations=reviews["conversation_id"].n_unique() if reviews.height else 0,
        conversations=conversations,
        sampling=sampling,
        iqs=iqs(reviews),
        critical_fails=int(reviews["critical_fail"].sum()) if reviews.height else 0,
    )


def _reviewed(names: pl.DataFrame, reviews: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """The reviews with their agent's name and one column per category (its category score,
    null for N/A or not on the scorecard), worst review first."""
    reviewed = names.join(reviews, on="agent_id", how="right")
    if scores.height == 0:
        return reviewed
    wide = scores.pivot(on="category", index="review_id", values="category_score")
    return reviewed.join(wide, on="review_id", how="left").sort("review_score", nulls_last=True)
