"""Pieces of the agent view: the per-agent table with its n and intervals, greyed where a
number rests on fewer than 30 cases, sortable (click a header) and downloadable."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.charts.scorecard import fair_scatter
from dashboard.i18n import _, number
from dashboard.kit.components import Tile, chart_block, download_csv
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.plumbing.formats import rounded_column

GREY = "color: #9aa5ad"


def measures() -> list[tuple[str, str, str | None]]:
    """(column, shown name, its n column) in table order."""
    return [
        ("csat", _("CSAT"), "csat_n"),
        ("csat_expected", _("CSAT, same hours and channels"), "csat_n"),
        ("fcr", _("Repeat-contact FCR"), "resolved"),
        ("fcr_expected", _("FCR, same hours and channels"), "resolved"),
        ("service_level", _("Service level"), "service_level_n"),
        ("service_level_expected", _("Service level, same hours and channels"), "service_level_n"),
        ("first_response_median_s", _("First response, median (s)"), "first_response_n"),
        ("handle_mean_s", _("Handle time, mean (s)"), "handle_n"),
        ("review_score", _("Review score"), "reviews"),
        ("availability", _("Availability"), "conversations"),
        ("accuracy", _("Accuracy"), "conversations"),
        ("authenticity", _("Authenticity"), "reviews"),
    ]


def _ci(frame: pl.DataFrame, value: str) -> pl.Expr:
    low, high = (
        rounded_column(pl.col(f"{value}_low"), 1),
        rounded_column(pl.col(f"{value}_high"), 1),
    )
    text = pl.format("{} – {}", low, high)
    return pl.when(low.is_not_null()).then(text).otherwise(pl.lit("")).alias(f"{value} CI")


def agent_table(table: pl.DataFrame) -> pl.DataFrame:
    """The table with translated headers: each measure, then its n (and 95 % CI)."""
    columns: list[pl.Expr] = [
        pl.col("agent").alias(_("Agent")),
        pl.col("team").alias(_("Team")),
        pl.col("conversations").alias(_("Conversations")),
    ]
    for key, name, n in measures():
        columns.append(rounded_column(pl.col(key), 1).alias(name))
        if n is not None and not key.endswith("_expected") and key not in ("accuracy",):
            columns.append(pl.col(n).alias(f"{name} · n"))
        if f"{key}_low" in table.columns:
            columns.append(_ci(table, key).alias(f"{name} · 95% CI"))
    return table.select(columns)


def small_mask(table: pl.DataFrame) -> pl.DataFrame:
    """True where the shown number rests on fewer than SMALL_SAMPLE cases."""
    return table.select(
        (pl.col(n).fill_null(0) < SMALL_SAMPLE).alias(name) for key, name, n in measures() if n
    )


def agent_block(table: pl.DataFrame) -> None:
    shown = agent_table(table)
    mask = small_mask(table).to_pandas()

    def grey(frame: Any) -> Any:
        styles = frame.copy().astype(object)
        styles.loc[:, :] = ""
        for column in mask.columns:
            styles[column] = [GREY if small else "" for small in mask[column]]
        return styles

    styled = shown.to_pandas().style.apply(grey, axis=None).format(precision=1, na_rep="—")
    st.dataframe(styled, hide_index=True, key="agents")
    download_csv(_("Download CSV"), shown, "agents.csv", key="agents_csv")


def agent_tiles(table: pl.DataFrame) -> list[Tile]:
    """How many agents, and how many sit below the floor on their own mix (CSAT, FCR)."""
    tiles = [Tile(_("Agents with conversations"), number(table.height))]
    if table.height == 0:
        return tiles
    for key, name in (("csat", _("Below the floor's CSAT")), ("fcr", _("Below the floor's FCR"))):
        measured = table.filter(pl.col(key).is_not_null() & pl.col(f"{key}_expected").is_not_null())
        below = measured.filter(pl.col(key) < pl.col(f"{key}_expected")).height
        tiles.append(
            Tile(
                name,
                _("{below} of {agents}").format(
                    below=number(below), agents=number(measured.height)
                ),
                help=_(
                    "Agents whose rate is below what the floor reached on the same channels "
                    "and customer-local hours."
                ),
            )
        )
    return tiles


def fair_block(table: pl.DataFrame) -> None:
    if table.height == 0:
        return
    figure = fair_scatter(
        table,
        value="csat",
        expected="csat_expected",
        n="csat_n",
        label="agent",
        x_title=_("CSAT the floor reached on the same hours and channels (%)"),
        y_title=_("The agent's CSAT (%)"),
    )
    chart_block(figure, table.select("agent", "csat", "csat_expected", "csat_n"), "agents-fair")
