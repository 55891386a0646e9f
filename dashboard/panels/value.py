"""Pieces of the value-centre pages (CSAT, NPS, FCR): tiles, labels, translated tables, and a
chart block that always offers the CSV of exactly the frame behind the chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import _, number, percent
from dashboard.kit.components import Tile, chart_block
from dashboard.kit.tiles import interval, nps_text
from dashboard.sidebar import channel_label, channel_labels
from queries.metrics.cuts import Grain
from queries.metrics.thresholds import SMALL_SAMPLE


def trend_axis(grain: Grain) -> str:
    return _("Day") if grain == "day" else _("Week (starting Monday)")


def labelled(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """`frame` with a `label` column first: translated channel names, "(none)" for nulls."""
    missing = _("(no agent)") if by == "agent" else _("(none)")
    values = frame[by].to_list()
    names = [
        missing if v is None else channel_label(v) if by == "channel" else str(v) for v in values
    ]
    return frame.with_columns(label=pl.Series(names, dtype=pl.String)).select(
        "label", pl.exclude("label")
    )


def channel_names(channel: pl.Expr) -> pl.Expr:
    """Translated channel names, looked up here (Polars workers cannot see the session)."""
    return channel.replace(channel_labels())


def cut_columns(
    cuts: list[tuple[str, str, pl.DataFrame]],
    figure: Callable[[pl.DataFrame], go.Figure],
    prefix: str,
    block: Callable[[str, go.Figure, pl.DataFrame, str], None] | None = None,
) -> None:
    """Side by side: for each (title, group column, frame), the figure of the labelled frame;
    `block(by, figure, frame, name)` draws it instead of `chart_block` (a clickable chart)."""
    for column, (title, by, frame) in zip(st.columns(len(cuts)), cuts, strict=True):
        with column:
            st.subheader(title)
            shown = labelled(frame, by)
            name = f"{prefix}-by-{by}"
            if block is None:
                chart_block(figure(shown), shown, name)
            else:
                block(by, figure(shown), shown, name)


def small_sample_note() -> None:
    st.caption(
        ":gray["
        + _("Grey: fewer than {n} answers, read with care. Whiskers: 95% interval.").format(
            n=SMALL_SAMPLE
        )
        + "]"
    )


def csat_tiles(totals: dict[str, Any]) -> list[Tile]:
    def rate(key: str, label: str, help_text: str) -> Tile:
        return Tile(
            label,
            percent(totals[key]),
            n=totals[f"{key}_n"],
            interval=interval(totals[f"{key}_ci"], suffix="%"),
            help=help_text,
        )

    return [
        rate("csat", _("CSAT"), _("Share of survey answers scoring 4 or 5 out of 5.")),
        rate(
            "night_csat",
            _("CSAT at night"),
            _("Contacts opened between 22:00 and 07:00 in the customer's own time zone."),
        ),
        rate("day_csat", _("CSAT by day"), _("Contacts opened between 07:00 and 22:00 locally.")),
        Tile(_("Conversations"), number(totals["conversations"])),
    ]


def agents_table(by_agent: pl.DataFrame) -> pl.DataFrame:
    """Agents, lowest CSAT first, with translated headers and a small-sample flag."""
    return (
        labelled(by_agent, "agent")
        .sort("csat", "label", nulls_last=True)
        .select(
            pl.col("label").alias(_("Agent")),
            pl.col("csat_n").alias(_("Answers")),
            pl.col("csat").round(1).alias(_("CSAT (%)")),
            pl.col("csat_low").round(1).alias(_("95% low")),
            pl.col("csat_high").round(1).alias(_("95% high")),
            pl.when(pl.col("csat_n") < SMALL_SAMPLE)
            .then(pl.lit(_("small sample")))
            .otherwise(pl.lit(""))
            .alias(_("Note")),
        )
    )


def nps_tiles(totals: dict[str, Any]) -> list[Tile]:
    n = totals["nps_n"]
    return [
        Tile(
            _("NPS"),
            nps_text(totals["nps"]),
            n=n,
            interval=interval(totals["nps_ci"], signed=True),
            help=_("Promoters (9–10) minus detractors (0–6), as a share of NPS answers."),
        ),
        Tile(_("Promoters"), percent(totals["promoter_share"]), n=n, help=_("Scores 9–10.")),
        Tile(_("Passives"), percent(totals["passive_share"]), n=n, help=_("Scores 7–8.")),
        Tile(_("Detractors"), percent(totals["detractor_share"]), n=n, help=_("Scores 0–6.")),
    ]


def nps_labels() -> dict[str, str]:
    return {"promoter": _("Promoters"), "passive": _("Passives"), "detractor": _("Detractors")}


def comments_table(comments: pl.DataFrame) -> pl.DataFrame:
    """Detractor comments as plain text with their conversation, translated headers."""
    return comments.select(
        pl.col("opened_at").dt.strftime("%Y-%m-%d %H:%M").alias(_("Opened at")),
        pl.col("external_id").alias(_("Conversation")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        pl.col("category").fill_null(_("(none)")).alias(_("Category")),
        pl.col("nps").alias(_("NPS score")),
        pl.col("comment").alias(_("Comment")),
    )


def fcr_series() -> dict[str, tuple[str, str]]:
    return {
        "fcr": (_("Repeat-contact FCR"), "resolved"),
        "fcr_one_touch": (_("One-touch FCR"), "resolved"),
        "fcr_survey": (_("Survey FCR"), "survey_resolved_n"),
    }


def fcr_tiles(totals: dict[str, Any], window_days: int) -> list[Tile]:
    helps = {
        "fcr": _(
            "Resolved, never reopened, and no contact about the same topic within {days} days."
        ).format(days=window_days),
        "fcr_one_touch": _("Resolved with at most one agent reply."),
        "fcr_survey": _("Customers who answered that their problem was resolved."),
    }
    return [
        Tile(name, percent(totals[key]), n=totals[n], help=helps[key])
        for key, (name, n) in fcr_series().items()
    ]


def repeats_table(repeats: pl.DataFrame) -> pl.DataFrame:
    """The repeat-contact list with translated headers; times already in the display zone."""
    when = "%Y-%m-%d %H:%M"
    return repeats.select(
        pl.col("external_id").alias(_("Conversation")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        pl.col("category").alias(_("Category")),
        pl.col("resolved_at").dt.strftime(when).alias(_("Resolved at")),
        pl.col("next_opened_at").dt.strftime(when).alias(_("Next contact")),
        pl.col("hours_to_next_contact").round(1).alias(_("Came back after (hours)")),
    )
