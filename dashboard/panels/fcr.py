"""Pieces of the FCR page: the three flavours as tiles, the trend with its band, their cuts, and
the contacts that came back as a plain-text table."""

from __future__ import annotations

import polars as pl

from dashboard.charts.rates import flavour_bars, rate_trend
from dashboard.i18n import _
from dashboard.kit.components import Tile, chart_block
from dashboard.kit.cuts import channel_names, cut_columns, trend_axis
from dashboard.kit.names import shown_names
from dashboard.kit.tiles import rate_tile
from dashboard.panels.drill_links import cut_block
from queries.plumbing.formats import rounded_column
from queries.views.fcr import FcrView

KEY = "fcr"
FLAVOUR_PICKS = ("resolved", "resolved", "survey_fcr_answers")
"""The conversations behind each flavour (its n), in tile order."""


def fcr_series() -> dict[str, tuple[str, str]]:
    return {
        "fcr": (_("Repeat-contact FCR"), "resolved"),
        "fcr_one_touch": (_("One-touch FCR"), "resolved"),
        "fcr_survey": (_("Survey FCR"), "survey_resolved_n"),
    }


def window_note(window_days: int) -> str:
    return _(
        "Repeat-contact window: {days} days (setting VIGIL_FCR_WINDOW_DAYS). A repeat contact "
        "is the same customer writing again about the same category within the window."
    ).format(days=window_days)


def fcr_tiles(view: FcrView) -> list[Tile]:
    """One tile per flavour, named as in the charts' legend."""
    helps = {
        "fcr": _(
            "Resolved, never reopened, and no contact about the same topic within {days} days."
        ).format(days=view.window_days),
        "fcr_one_touch": _("Resolved with at most one agent reply."),
        "fcr_survey": _("Customers who answered that their problem was resolved."),
    }
    rates = {"fcr": view.fcr, "fcr_one_touch": view.fcr_one_touch, "fcr_survey": view.fcr_survey}
    return [rate_tile(rates[key], name, helps[key]) for key, (name, _n) in fcr_series().items()]


def fcr_trend_chart(view: FcrView) -> None:
    """Repeat-contact FCR per day or week, with its 95 % interval band."""
    if view.trend.is_empty():
        return
    figure = rate_trend(
        view.trend, x="bucket", value="fcr", n="resolved", name=_("FCR"),
        band_name=_("95% interval"), x_title=trend_axis(view.grain), y_title=_("FCR (%)"),
    )  # fmt: skip
    chart_block(figure, view.trend, "fcr-trend")


def fcr_cuts(view: FcrView) -> None:
    """Channel and category side by side, the three flavours per group; a bar opens its
    conversations."""
    cuts = [
        (_("By channel"), "channel", view.by_channel),
        (_("By category"), "category", view.by_category),
    ]
    cut_columns(
        cuts,
        lambda f: flavour_bars(
            f, label="label", series=fcr_series(), x_title="", y_title=_("FCR (%)")
        ),
        KEY,
        block=cut_block(KEY, *FLAVOUR_PICKS),
    )


def repeats_table(repeats: pl.DataFrame) -> pl.DataFrame:
    """The repeat-contact list with translated headers; times already in the display zone."""
    when = "%Y-%m-%d %H:%M"
    return repeats.select(
        pl.col("external_id").alias(_("Conversation")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        shown_names(pl.col("category")).alias(_("Category")),
        pl.col("resolved_at").dt.strftime(when).alias(_("Resolved at")),
        pl.col("next_opened_at").dt.strftime(when).alias(_("Next contact")),
        rounded_column(pl.col("hours_to_next_contact"), 1).alias(_("Came back after (hours)")),
    )
