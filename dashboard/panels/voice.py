"""Pieces of the voice-of-the-customer page: tiles, translated tables and labels, the charts
of the pain points, the comment filters, and the translated texts of the weekly pain-point
report."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.charts.rates import rate_bars
from dashboard.charts.retention import labelled_bars
from dashboard.i18n import _, current_language, day, number, percent
from dashboard.kit import grants
from dashboard.kit.components import Tile, download, table_block
from dashboard.kit.cuts import channel_names
from dashboard.kit.names import shown, shown_names
from dashboard.kit.tiles import change_parts, interval, points
from dashboard.kit.worth import csat_labels
from queries.metrics.changes import Change
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.plumbing.formats import rounded_column
from queries.reports.pain_points import pain_point_report
from queries.views.voice import (
    BANDS,
    COMMENT_LIMIT,
    UNCATEGORISED,
    VoiceTotals,
    VoiceView,
    recent_comments,
)


def category_name(category: str | None) -> str:
    return _("(none)") if category in (None, UNCATEGORISED) else shown(str(category))


def voice_tiles(totals: VoiceTotals) -> list[Tile]:
    share = totals.negative_share
    delta, color, note = change_parts(
        Change(share.change, share.p_value), points(share.change), "lower"
    )
    return [
        Tile(_("Conversations"), number(totals.conversations)),
        Tile(_("CSAT answers"), number(totals.csat_n)),
        Tile(
            _("Negative CSAT share"),
            percent(share.value),
            n=share.n,
            interval=interval(None if share.interval is None else list(share.interval), suffix="%"),
            help=_("Answers scoring 1 or 2 out of 5, as a share of CSAT answers."),
            delta=delta,
            delta_color=color,
            delta_note=note,
        ),
        Tile(_("Comments"), number(totals.comments)),
    ]


def labelled(frame: pl.DataFrame, sort: str) -> pl.DataFrame:
    """Categories with a translated `label` first, sorted by `sort` descending."""
    names = pl.Series("label", [category_name(c) for c in frame["category"]], pl.String)
    return (
        frame.with_columns(names)
        .select("label", pl.exclude("label"))
        .sort([sort, "label"], descending=[True, False], nulls_last=True)
    )


def categories_note() -> None:
    st.caption(
        _(
            "Negative: CSAT 1–2 among the answers. Change: against the previous period of "
            "the same length, with the p-value of a two-proportion z-test."
        )
    )


def categories_table(categories: pl.DataFrame) -> pl.DataFrame:
    """Rising pain points first, with translated headers and a small-sample flag."""
    r = pl.col
    return categories.select(
        shown_names(r("category")).fill_null(_("(none)")).alias(_("Category")),
        r("conversations").alias(_("Conversations")),
        r("csat_n").alias(_("CSAT answers")),
        r("negative").alias(_("Negative (1–2)")),
        rounded_column(r("negative_share"), 1).alias(_("Negative share (%)")),
        rounded_column(r("previous_negative_share"), 1).alias(_("Previous period (%)")),
        rounded_column(r("change"), 1).alias(_("Change (points)")),
        r("p_value").round(4).alias(_("p-value")),
        pl.when(r("csat_n") < SMALL_SAMPLE)
        .then(pl.lit(_("small sample")))
        .otherwise(pl.lit(""))
        .alias(_("Note")),
    )


def volume_bars(view: VoiceView) -> tuple[go.Figure, pl.DataFrame]:
    """Conversations per category, most first: the figure and the frame drawn."""
    shown = labelled(view.categories, "conversations")
    figure = labelled_bars(
        shown,
        value="conversations",
        n="conversations",
        digits=0,
        x_title=_("Conversations"),
        y_title=_("Category"),
    )
    return figure, shown


def negative_share_bars(view: VoiceView) -> tuple[go.Figure, pl.DataFrame]:
    """The negative CSAT share per category, highest first: the figure and the frame drawn."""
    shown = labelled(view.categories, "negative_share")
    figure = rate_bars(
        shown,
        label="label",
        value="negative_share",
        n="csat_n",
        x_title=_("Negative CSAT share (%)"),
        y_title=_("Category"),
    )
    return figure, shown


def comment_filters(comments: pl.DataFrame) -> tuple[list[str], list[str]]:
    """Two multiselects (category, score band); empty means all."""
    found = comments["category"].fill_null(UNCATEGORISED).unique().sort().to_list()
    left, right = st.columns(2)
    category_names = {c: category_name(c) for c in found}  # now, in the session's language
    categories = left.multiselect(
        _("Category"),
        found,
        format_func=category_names.__getitem__,
        placeholder=_("All categories"),
        key="voice_categories",
    )
    labels = csat_labels()
    bands = right.multiselect(
        _("Score"),
        list(BANDS),
        format_func=labels.__getitem__,
        placeholder=_("All scores"),
        key="voice_bands",
    )
    return categories, bands


def comments_table(comments: pl.DataFrame) -> pl.DataFrame:
    """Comments as plain text, with translated headers; times already in the display zone."""
    return comments.select(
        pl.col("responded_at").dt.strftime("%Y-%m-%d %H:%M").alias(_("Answered at")),
        pl.col("external_id").alias(_("Conversation")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        shown_names(pl.col("category")).fill_null(_("(none)")).alias(_("Category")),
        pl.col("csat").alias(_("CSAT score")),
        pl.col("comment").alias(_("Comment")),
    )


def comments_block(view: VoiceView) -> None:
    """The newest comments, filtered by category and score band, as a plain-text table."""
    if grants.customers_hidden(_("Verbatim comments")):
        return
    st.caption(_("The newest {n} comments, newest first.").format(n=COMMENT_LIMIT))
    shown = recent_comments(view.comments, *comment_filters(view.comments))
    table_block(comments_table(shown), "voice-comments")


def report_block(view: VoiceView) -> None:
    """The weekly pain-point report: what it covers, a Markdown download, a plain preview."""
    st.caption(
        _("{start} – {end}: the last 7 days of the period, against the 7 days before.").format(
            start=day(view.week.start), end=day(view.week.end)
        )
    )
    report = pain_point_report(
        view.week_categories, view.week_comments, view.week, current_language()
    )
    download(
        _("Download the report (Markdown)"), lambda: report, "pain-points.md", "text/markdown",
        "voice_report",
    )  # fmt: skip
    if grants.customers_hidden(_("The report's comments")):
        return
    with st.expander(_("Preview")):
        st.code(report, language="markdown")
