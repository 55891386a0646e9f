"""The 3A components from the period's frames (docs/metrics.md, "3A scorecard").

Inputs: the period's conversations (`cuts.kpi_conversations` with `local_hour` and
`local_weekday` of the customer, `with_local_time`), their review scores
(`reviews.period_review_scores`), the negative survey comments and, for the floor as a whole,
the 168 coverage cells. Every function here is pure, so a team, an agent or an hour is the
same call on a filtered frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from queries.metrics.hours import is_night
from queries.metrics.pillars import (
    REVIEW_BASED,
    Component,
    Pillar,
    combine,
    mean_component,
    share,
)
from queries.metrics.reviews import category_mean, negative_tone_conversations
from queries.metrics.scripted import mentions_scripted
from queries.metrics.thresholds import SATISFIED_CSAT

WEEK_HOURS = 168
WAIT_S = (pl.col("first_response_at") - pl.col("opened_at")).dt.total_microseconds() / 1e6


@dataclass(frozen=True, slots=True)
class Inputs:
    """conversations: one row per conversation (see the module); scores: one row per scored
    review category; comments: conversation_id, comment of the answers with CSAT ≤ 2; cells:
    the coverage cells (weekday, hour, gap) or None for a part of the floor."""

    conversations: pl.DataFrame
    scores: pl.DataFrame
    comments: pl.DataFrame
    cells: pl.DataFrame | None = None

    def where(self, condition: pl.Expr) -> Inputs:
        """The same inputs for the conversations meeting `condition`, without the cells."""
        kept = self.conversations.filter(condition)
        ids = kept["id"]
        return Inputs(
            kept,
            self.scores.filter(pl.col("conversation_id").is_in(ids.implode())),
            self.comments.filter(pl.col("conversation_id").is_in(ids.implode())),
        )


def with_local_time(
    conversations: pl.DataFrame, zones: pl.DataFrame, default_tz: str
) -> pl.DataFrame:
    """Add `local_hour` (0–23) and `local_weekday` (Monday 0) of opened_at in the customer's
    own zone (`zones`: customer_id, time_zone), `default_tz` without one; DST-correct."""
    frame = conversations.join(zones, on="customer_id", how="left").with_columns(
        pl.col("time_zone").fill_null(default_tz)
    )
    parts = []
    for (zone,), part in frame.group_by("time_zone", maintain_order=True):
        local = pl.col("opened_at").dt.convert_time_zone(str(zone))
        parts.append(
            part.with_columns(
                local_hour=local.dt.hour().cast(pl.Int64),
                local_weekday=(local.dt.weekday() - 1).cast(pl.Int64),
            )
        )
    if not parts:
        return frame.with_columns(
            local_hour=pl.lit(None, pl.Int64), local_weekday=pl.lit(None, pl.Int64)
        )
    return pl.concat(parts).sort("id")


def with_service(conversations: pl.DataFrame, targets: Mapping[str, int]) -> pl.DataFrame:
    """Add `sl_eligible` (answered, or resolved with no first response: a missed contact) and
    `sl_within` (first response within its channel's target) and `off_hours` (the customer's
    night 22–07 or their Saturday and Sunday)."""
    target = pl.col("channel").replace_strict(dict(targets), default=None, return_dtype=pl.Float64)
    answered = pl.col("first_response_at").is_not_null()
    unanswered = ~answered & pl.col("resolved_at").is_not_null()
    off = is_night(pl.col("local_hour")) | (pl.col("local_weekday") >= 5)
    return conversations.with_columns(
        sl_eligible=answered | unanswered,
        sl_within=(answered & (target >= WAIT_S)).fill_null(False),
        off_hours=off.fill_null(False),
        unanswered=unanswered,
    )


def _count(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return int(frame.select(condition.fill_null(False).sum().cast(pl.Int64)).item())


def service_level(frame: pl.DataFrame, key: str, total: int) -> Component:
    """The share of eligible conversations answered within their channel's target."""
    eligible = frame.filter(pl.col("sl_eligible"))
    return share(key, _count(eligible, pl.col("sl_within")), eligible.height, total)


def service_by_channel(frame: pl.DataFrame, targets: Mapping[str, int]) -> list[Component]:
    """`service_level` of each channel with conversations, keyed by the channel."""
    total = frame.height
    channels = sorted(set(frame["channel"].to_list()))
    return [
        service_level(frame.filter(pl.col("channel") == channel), channel, total)
        for channel in channels
    ]


def hours_covered(cells: pl.DataFrame | None) -> Component:
    """The share of the week's 168 weekday-hours with no coverage gap (gap ≤ 0); unmeasured
    without cells or when no gap is known (no handle time)."""
    if cells is None or cells["gap"].null_count() == cells.height:
        return Component("hours_covered", None, 0)
    known = cells.filter(pl.col("gap").is_not_null())
    covered = _count(known, pl.col("gap") <= 0)
    return Component("hours_covered", 100 * covered / known.height, known.height)


def staffed_hours(frame: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Per channel: the weekday-hours of `tz` in which it sent a first response (`hours`,
    of 168) and whether that is every hour (`every_hour`): the evidence that someone worked
    the channel then, since a shift carries no channel."""
    local = pl.col("first_response_at").dt.convert_time_zone(tz)
    cells = frame.filter(pl.col("first_response_at").is_not_null()).select(
        "channel", cell=(local.dt.weekday() - 1) * 24 + local.dt.hour().cast(pl.Int32)
    )
    hours = cells.group_by("channel").agg(hours=pl.col("cell").n_unique().cast(pl.Int64))
    return hours.with_columns(every_hour=pl.col("hours") == WEEK_HOURS).sort("channel")


def availability(
    inputs: Inputs,
    targets: Mapping[str, int],
    weights: Mapping[str, float],
    target_level: float,
    tz: str,
) -> Pillar:
    """Service level (each channel against its own target), off-hours and daytime service
    level, hours covered, the unanswered share and the channels staffed in every hour. The
    critical rule: an off-hours service level below `target_level` (0–1) caps the pillar at
    that service level."""
    frame, total = with_service(inputs.conversations, targets), inputs.conversations.height
    resolved = frame.filter(pl.col("resolved_at").is_not_null())
    off = service_level(frame.filter(pl.col("off_hours")), "off_hours_service_level", total)
    staffed = staffed_hours(frame, tz)
    channels = frame["channel"].n_unique()
    every = _count(staffed, pl.col("every_hour"))
    components = (
        service_level(frame, "service_level", total),
        off,
        service_level(frame.filter(~pl.col("off_hours")), "daytime_service_level", total),
        hours_covered(inputs.cells),
        share("unanswered", _count(resolved, pl.col("unanswered")), resolved.height, total),
        Component("channels_every_hour", 100 * every / channels if channels else None, channels),
    )
    below = off.value is not None and off.value < 100 * target_level
    return combine("availability", components, weights, cap=off if below else None)


def accuracy(inputs: Inputs, weights: Mapping[str, float]) -> Pillar:
    """FCR, reopen rate, repeat-contact rate, the survey "resolved" share and the reviews'
    correct-solution and process-knowledge scores."""
    frame, total = inputs.conversations, inputs.conversations.height
    resolved = frame.filter(pl.col("resolved_at").is_not_null())
    first = (pl.col("reopened_count") == 0) & ~pl.col("repeat_contact")
    answered = frame.filter(pl.col("survey_resolved").is_not_null())
    components = (
        share("fcr", _count(resolved, first), resolved.height, total),
        share(
            "reopen_rate", _count(resolved, pl.col("reopened_count") > 0), resolved.height, total
        ),
        share(
            "repeat_contact_rate",
            _count(resolved, pl.col("repeat_contact")),
            resolved.height,
            total,
        ),
        share(
            "survey_resolved", _count(answered, pl.col("survey_resolved")), answered.height, total
        ),
        *_review_components(inputs, ("correct_solution", "process_knowledge")),
    )
    return combine("accuracy", components, weights)


def authenticity(inputs: Inputs, weights: Mapping[str, float]) -> Pillar:
    """The reviews' empathy, tone and greeting/closing; CSAT among conversations whose review
    tone was negative; the share of negative comments mentioning scripted answers or not being
    listened to (a weak signal). Not measured without a review."""
    frame, total = inputs.conversations, inputs.conversations.height
    negative = negative_tone_conversations(inputs.scores).implode()
    rated = frame.filter(pl.col("id").is_in(negative) & pl.col("csat").is_not_null())
    comments = inputs.comments.filter(pl.col("comment").str.strip_chars() != "")
    components = (
        *_review_components(inputs, ("empathy", "tone", "greeting_closing")),
        share(
            "csat_negative_tone",
            _count(rated, pl.col("csat") >= SATISFIED_CSAT),
            rated.height,
            total,
        ),
        share(
            "scripted_mentions",
            _count(comments, mentions_scripted(pl.col("comment"))),
            comments.height,
            total,
        ),
    )
    return combine("authenticity", components, weights, measured_by=REVIEW_BASED)


def _review_components(inputs: Inputs, keys: tuple[str, ...]) -> list[Component]:
    total = inputs.conversations.height
    out = []
    for key in keys:
        scored = inputs.scores.filter(
            (pl.col("category") == key) & pl.col("category_score").is_not_null()
        )
        covered = scored["conversation_id"].n_unique()
        out.append(mean_component(key, category_mean(inputs.scores, key), covered, total))
    return out


def three_a(
    inputs: Inputs,
    targets: Mapping[str, int],
    weights: Mapping[str, Mapping[str, float]],
    target_level: float,
    tz: str,
) -> tuple[Pillar, Pillar, Pillar]:
    """Availability, Accuracy and Authenticity of `inputs`."""
    return (
        availability(inputs, targets, weights["availability"], target_level, tz),
        accuracy(inputs, weights["accuracy"]),
        authenticity(inputs, weights["authenticity"]),
    )
