"""Pieces of the NPS page: tiles, the trend and the promoter / passive / detractor mix, the
cuts, and the detractors' comments as plain text."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.charts.rates import nps_mix, rate_bars, rate_trend
from dashboard.i18n import _
from dashboard.kit import grants
from dashboard.kit.arrival import arrival_caption, late_name, provisional
from dashboard.kit.components import Tile, table_block
from dashboard.kit.cuts import channel_names, cut_columns, trend_axis
from dashboard.kit.names import shown_names
from dashboard.kit.tiles import rate_tile
from dashboard.panels.drill_links import Target, cut_block, drill_chart
from queries.views.nps import NpsView

KEY = "nps"


def nps_tiles(view: NpsView) -> list[Tile]:
    return [
        rate_tile(
            view.nps,
            _("NPS"),
            _("Promoters (9–10) minus detractors (0–6), as a share of NPS answers."),
            signed=True,
        ),
        rate_tile(view.promoter_share, _("Promoters"), _("Scores 9–10.")),
        rate_tile(view.passive_share, _("Passives"), _("Scores 7–8.")),
        rate_tile(view.detractor_share, _("Detractors"), _("Scores 0–6.")),
    ]


def nps_labels() -> dict[str, str]:
    return {"promoter": _("Promoters"), "passive": _("Passives"), "detractor": _("Detractors")}


def trend_chart(view: NpsView, tz: str) -> None:
    late = provisional(view.trend, view.grain, tz)
    figure = rate_trend(
        view.trend,
        x="bucket",
        value="nps",
        n="nps_n",
        name=_("NPS"),
        signed=True,
        band_name=_("95% interval"),
        x_title=trend_axis(view.grain),
        y_title=_("NPS"),
        provisional=late,
        late_name=late_name(),
    )
    by_bucket = Target(("nps_answers",), view.grain, "bucket")
    drill_chart(figure, view.trend, "nps-trend", KEY, by_bucket)
    arrival_caption(late)


def mix_chart(view: NpsView) -> None:
    figure = nps_mix(
        view.trend,
        x="bucket",
        labels=nps_labels(),
        x_title=trend_axis(view.grain),
        y_title=_("Share of answers (%)"),
    )
    kinds = Target(("detractors", "passives", "promoters"), view.grain, "bucket")
    drill_chart(figure, view.trend, "nps-mix", KEY, kinds)


def nps_cuts(view: NpsView) -> None:
    """Segment and channel side by side; a bar opens its answers."""
    cuts = [
        (_("By segment"), "segment", view.by_segment),
        (_("By channel"), "channel", view.by_channel),
    ]
    cut_columns(
        cuts,
        lambda f: rate_bars(
            f, label="label", value="nps", n="nps_n", x_title=_("NPS"), signed=True
        ),
        KEY,
        block=cut_block(KEY, "nps_answers"),
    )


def comments_table(comments: pl.DataFrame) -> pl.DataFrame:
    """Detractor comments as plain text with their conversation, translated headers."""
    return comments.select(
        pl.col("opened_at").dt.strftime("%Y-%m-%d %H:%M").alias(_("Opened at")),
        pl.col("external_id").alias(_("Conversation")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        shown_names(pl.col("category")).fill_null(_("(none)")).alias(_("Category")),
        pl.col("nps").alias(_("NPS score")),
        pl.col("comment").alias(_("Comment")),
    )


def comments_block(view: NpsView) -> None:
    """What detractors said, as plain text, for roles that may read verbatim comments."""
    if grants.customers_hidden(_("Verbatim comments")):
        return
    if view.comments.is_empty():
        st.info(_("No detractor left a comment in this period."), icon=":material/chat:")
    else:
        table_block(comments_table(view.comments), "nps-detractor-comments")
