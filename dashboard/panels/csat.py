"""Pieces of the CSAT page: tiles, the trend, the cuts, the 1–5 scores, the local hours and
the agents table; every chart offers the CSV of exactly the frame behind it."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.charts.rates import hour_rates, rate_bars, rate_trend, score_bars
from dashboard.i18n import _, number
from dashboard.kit import grants
from dashboard.kit.arrival import arrival_caption, late_name, provisional
from dashboard.kit.components import Tile, section, table_block
from dashboard.kit.cuts import channel_names, cut_columns, labelled, trend_axis
from dashboard.kit.tiles import rate_tile
from dashboard.panels.drill_links import Target, cut_block, drill_chart
from queries.metrics.hours import night_hours
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.plumbing.formats import rounded_column
from queries.views.csat import CsatView

KEY = "csat"
ANSWERS = ("csat_answers",)
TILE_LINKS: list[str | tuple[str, str, Any] | None] = [
    "csat_answers",
    ("csat_answers", "local_night", True),
    ("csat_answers", "local_night", False),
    "conversations",
]
"""The conversations behind each tile, in tile order."""
RATE: dict[str, Any] = {"value": "csat", "n": "csat_n"}


def axis() -> str:
    return _("CSAT (%)")


def csat_tiles(view: CsatView) -> list[Tile]:
    return [
        rate_tile(view.csat, _("CSAT"), _("Share of survey answers scoring 4 or 5 out of 5.")),
        rate_tile(
            view.night,
            _("CSAT in the customer's night"),
            _("Contacts opened between 22:00 and 07:00 in the customer's own time zone."),
        ),
        rate_tile(
            view.day,
            _("CSAT in the customer's daytime"),
            _("Contacts opened between 07:00 and 22:00 locally."),
        ),
        Tile(_("Conversations"), number(view.conversations)),
    ]


def trend_chart(view: CsatView, tz: str) -> None:
    late = provisional(view.trend, view.grain, tz)
    figure = rate_trend(
        view.trend,
        x="bucket",
        name=_("CSAT"),
        band_name=_("95% interval"),
        x_title=trend_axis(view.grain),
        y_title=axis(),
        provisional=late,
        late_name=late_name(),
        **RATE,
    )
    drill_chart(figure, view.trend, "csat-trend", KEY, Target(ANSWERS, view.grain, "bucket"))
    arrival_caption(late)


def csat_cuts(view: CsatView) -> None:
    """Channel, team and category side by side; a bar opens its conversations."""
    cuts = [
        (_("By channel"), "channel", view.by_channel),
        (_("By team"), "team", view.by_team),
        (_("By category"), "category", view.by_category),
    ]
    cut_columns(
        cuts,
        lambda f: rate_bars(f, label="label", x_title=axis(), **RATE),
        KEY,
        block=cut_block(KEY, *ANSWERS),
    )


def scores_chart(view: CsatView) -> None:
    figure = score_bars(view.distribution, x_title=_("Score"), y_title=_("Answers"))
    score = Target(("csat_score:{score}",))
    drill_chart(figure, view.distribution, "csat-scores", KEY, score)
    if view.binary_answers:
        st.caption(
            _(
                "{n} answers come from a source that gives only good or bad: they count in "
                "CSAT % but not in this 1–5 distribution."
            ).format(n=number(view.binary_answers))
        )


def hours_chart(view: CsatView) -> None:
    figure = hour_rates(
        view.by_local_hour,
        night_hours=night_hours(),
        x_title=_("Customer's local hour"),
        y_title=axis(),
        **RATE,
    )
    by_hour = Target(ANSWERS, "local_hour", "local_hour")
    drill_chart(figure, view.by_local_hour, "csat-by-local-hour", KEY, by_hour)


def agents_table(by_agent: pl.DataFrame) -> pl.DataFrame:
    """Agents, lowest CSAT first, with translated headers and a small-sample flag."""
    return (
        labelled(by_agent, "agent")
        .sort("csat", "label", nulls_last=True)
        .select(
            pl.col("label").alias(_("Agent")),
            pl.col("csat_n").alias(_("Answers")),
            rounded_column(pl.col("csat"), 1).alias(_("CSAT (%)")),
            rounded_column(pl.col("csat_low"), 1).alias(_("95% low")),
            rounded_column(pl.col("csat_high"), 1).alias(_("95% high")),
            pl.when(pl.col("csat_n") < SMALL_SAMPLE)
            .then(pl.lit(_("small sample")))
            .otherwise(pl.lit(""))
            .alias(_("Note")),
        )
    )


def agents_block(view: CsatView) -> None:
    """The agents table, for roles that may see agent-level cuts."""
    if grants.customers_hidden(_("Agent-level cuts")):
        return
    table_block(agents_table(view.by_agent), "csat-by-agent", progress=_("CSAT (%)"))


def source_channels_block(view: CsatView) -> None:
    """CSAT by the helpdesk's own channel (LINE, WhatsApp, …); only synced data has one."""
    frame = view.by_channel_detail
    if frame.is_empty():
        return
    with section(_("CSAT by source channel")):
        table = frame.select(
            channel_names(pl.col("channel")).alias(_("Channel")),
            pl.col("channel_detail").alias(_("Source channel")),
            pl.col("csat_n").alias(_("Answers")),
            rounded_column(pl.col("csat"), 1).alias(_("CSAT (%)")),
        )
        table_block(table, "csat-by-source-channel", progress=_("CSAT (%)"))
