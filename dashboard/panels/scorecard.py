"""Pieces of the 3A scorecard page (docs/metrics.md, "3A scorecard"): the pillar tiles, what
each pillar is made of, the cuts, and the reviewed conversations behind them."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.charts.scorecard import pillar_lines
from dashboard.i18n import _, current_language, number, percent
from dashboard.kit import grants
from dashboard.kit.components import Tile, chart_block, table_block
from dashboard.kit.tiles import change_parts, interval, points
from queries.metrics.changes import Change
from queries.metrics.hours import night_hours
from queries.metrics.pillars import LOWER_IS_BETTER, Pillar, PillarChange, normal_interval
from queries.metrics.reviews import CATEGORY_NAMES
from queries.plumbing.formats import rounded, rounded_column
from queries.views.scorecard import ReviewCoverage, ScorecardView


def pillar_names() -> dict[str, str]:
    return {
        "availability": _("Availability"),
        "accuracy": _("Accuracy"),
        "authenticity": _("Authenticity"),
    }


def component_names() -> dict[str, str]:
    return {
        "service_level": _("Service level (each channel against its target)"),
        "off_hours_service_level": _("Night and weekend service level"),
        "daytime_service_level": _("Daytime service level"),
        "hours_covered": _("Weekday-hours with no coverage gap"),
        "unanswered": _("Unanswered share"),
        "channels_every_hour": _("Channels staffed in every hour"),
        "fcr": _("Repeat-contact FCR"),
        "reopen_rate": _("Reopen rate"),
        "repeat_contact_rate": _("Repeat-contact rate"),
        "survey_resolved": _("Survey: resolved"),
        "correct_solution": _("Review: correct solution"),
        "process_knowledge": _("Review: process knowledge"),
        "empathy": _("Review: empathy"),
        "tone": _("Review: tone"),
        "greeting_closing": _("Review: greeting and closing"),
        "csat_negative_tone": _("CSAT where the review's tone was negative"),
        "scripted_mentions": _("Negative comments: scripted or not listened to"),
    }


def pillar_helps() -> dict[str, str]:
    return {
        "availability": _("Reachable on every channel, at every hour, answered fast."),
        "accuracy": _("Correct information and solutions: solved the first time."),
        "authenticity": _("Empathy and listening, no scripted answers (from reviews)."),
    }


def pillar_tile(pillar: Pillar, change: PillarChange, n: int) -> Tile:
    name = pillar_names()[pillar.key]
    if pillar.value is None:
        return Tile(name, _("Not measured"), help=pillar_helps()[pillar.key])
    delta, color, note = change_parts(
        Change(change.difference, change.p_value), points(change.difference), "higher"
    )
    if pillar.cap is not None:
        note = _("capped: night and weekend service level below target")
    return Tile(
        name,
        number(pillar.value, 1),
        n=n,
        interval=interval(normal_interval(pillar.value, pillar.se)),
        help=pillar_helps()[pillar.key],
        delta=delta,
        delta_color=color,
        delta_note=note,
    )


def pillar_tiles(view: ScorecardView) -> list[Tile]:
    sizes = {"availability": view.conversations, "accuracy": view.conversations}
    sizes["authenticity"] = view.reviews.reviews
    return [
        pillar_tile(p, c, sizes[p.key]) for p, c in zip(view.pillars, view.changes, strict=True)
    ]


def components_table(pillar: Pillar) -> pl.DataFrame:
    """What the pillar is made of: each component's value, n, interval, coverage and weight."""
    names = component_names()
    rows = []
    for c in pillar.components:
        notes = [_("lower is better")] if c.key in LOWER_IS_BETTER else []
        if c.weak:
            notes.append(_("weak signal: keyword match"))
        rows.append(
            {
                _("Component"): names[c.key],
                _("Value"): rounded(c.value, 1),
                "n": c.n,
                _("95% CI"): interval(c.interval) or "",
                _("Share of conversations"): (
                    None if c.coverage is None else rounded(100 * c.coverage, 1)
                ),
                _("Weight"): c.weight,
                _("Note"): ", ".join(notes),
            }
        )
    return pl.DataFrame(rows)


def trend_block(view: ScorecardView) -> None:
    figure = pillar_lines(
        view.trend, x="bucket", names=pillar_names(), x_title="", y_title=_("Score (0–100)")
    )
    chart_block(figure, view.trend, "scorecard-trend")


def hour_block(view: ScorecardView) -> None:
    figure = pillar_lines(
        view.by_hour,
        x="local_hour",
        names=pillar_names(),
        x_title=_("Customer's local hour"),
        y_title=_("Score (0–100)"),
        night=night_hours(),
    )
    chart_block(figure, view.by_hour, "scorecard-local-hour")


def group_table(frame: pl.DataFrame, key: str, label: str) -> pl.DataFrame:
    names = pillar_names()
    shown = pl.col(key).cast(pl.String).fill_null(_("No agent"))
    return frame.select(
        shown.alias(label),
        pl.col("conversations").alias(_("Conversations")),
        pl.col("reviews").alias(_("Reviews")),
        *(rounded_column(pl.col(k), 1).alias(v) for k, v in names.items()),
    )


def category_name(key: str) -> str:
    names = CATEGORY_NAMES.get(key)
    return key if names is None else names["zh-TW" if current_language() == "zh-TW" else "en"]


def agent_block(view: ScorecardView) -> None:
    """The pillars per agent, for supervisors (an agent-level cut)."""
    if grants.customers_hidden(_("Agent-level cuts")):
        return
    table_block(group_table(view.by_agent, "agent", _("Agent")), "scorecard-agents")


def reviewed_block(reviewed: pl.DataFrame) -> None:
    """The reviewed conversations, worst first; pick a category to sort by it."""
    if grants.customers_hidden(_("Conversation lists")):
        return
    categories = [c for c in CATEGORY_NAMES if c in reviewed.columns]
    pick = st.selectbox(
        _("Sort by category"), [None, *categories], format_func=_category_option, key="qa_pick"
    )
    frame = reviewed.sort(pick or "review_score", nulls_last=True)
    table_block(
        frame.select(
            pl.col("conversation").alias(_("Conversation")),
            pl.col("agent").alias(_("Agent")),
            pl.col("sampling").alias(_("Sampling")),
            rounded_column(pl.col("review_score"), 1).alias(_("Review score")),
            pl.col("critical_fail").alias(_("Critical fail")),
            *(rounded_column(pl.col(c), 1).alias(category_name(c)) for c in categories),
        ),
        "scorecard-reviews",
    )


def _category_option(key: str | None) -> str:
    return _("Review score") if key is None else category_name(key)


def coverage_text(reviews: ReviewCoverage) -> str:
    if reviews.reviews == 0:
        return _(
            "No conversation of this period was reviewed, so Authenticity is not measured. "
            "Import reviews as qa_reviews.csv (docs/importing.md)."
        )
    return _(
        "{reviews} reviews of {reviewed} conversations: {share} of the period's "
        "{conversations}. IQS {iqs} (n = {n}); {fails} with a failed critical category."
    ).format(
        reviews=number(reviews.reviews),
        reviewed=number(reviews.reviewed_conversations),
        share=percent(reviews.share, 2),
        conversations=number(reviews.conversations),
        iqs=number(reviews.iqs.value, 1),
        n=number(reviews.iqs.n),
        fails=number(reviews.critical_fails),
    )


def sampling_table(reviews: ReviewCoverage) -> pl.DataFrame:
    return reviews.sampling.select(
        pl.col("sampling").fill_null(_("not stated")).alias(_("Sampling")),
        pl.col("reviews").alias(_("Reviews")),
    )
