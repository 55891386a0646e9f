"""Cuts shared by the rate pages (CSAT, NPS, FCR, Voice): translated group labels, charts of
each cut side by side, the trend axis title and the small-sample note."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import _
from dashboard.kit.components import chart_block, section
from dashboard.kit.names import shown
from dashboard.sidebar import channel_label, channel_labels
from queries.metrics.cuts import Grain
from queries.metrics.thresholds import SMALL_SAMPLE

Cut = tuple[str, str, pl.DataFrame]
"""(title, group column, frame) of one cut."""
Block = Callable[[str, go.Figure, pl.DataFrame, str], None]
"""Draws one cut's chart instead of `chart_block`: (group column, figure, frame, name)."""


def trend_axis(grain: Grain) -> str:
    return _("Day") if grain == "day" else _("Week (starting Monday)")


def labelled(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """`frame` with a `label` column first: translated channel names, "(none)" for nulls."""
    missing = _("(no agent)") if by == "agent" else _("(none)")
    values = frame[by].to_list()
    names = [
        missing if v is None else channel_label(v) if by == "channel" else shown(str(v))
        for v in values
    ]
    return frame.with_columns(label=pl.Series(names, dtype=pl.String)).select(
        "label", pl.exclude("label")
    )


def channel_names(channel: pl.Expr) -> pl.Expr:
    """Translated channel names, looked up here (Polars workers cannot see the session)."""
    return channel.replace(channel_labels())


def cut_columns(
    cuts: list[Cut],
    figure: Callable[[pl.DataFrame], go.Figure],
    prefix: str,
    block: Block | None = None,
) -> None:
    """Side by side, each in its own section: the figure of each cut's labelled frame;
    `block` draws it instead of `chart_block` (a clickable chart)."""
    for column, (title, by, frame) in zip(st.columns(len(cuts)), cuts, strict=True):
        with column, section(title):
            shown = labelled(frame, by)
            name = f"{prefix}-by-{by}"
            if block is None:
                chart_block(figure(shown), shown, name)
            else:
                block(by, figure(shown), shown, name)


def small_sample_note(whiskers: bool = True) -> None:
    """What the charts above draw: faded, hatched small samples; whiskers where drawn."""
    note = _("Faded and hatched: fewer than {n} answers, read with care.").format(n=SMALL_SAMPLE)
    interval = " " + _("Whiskers: 95% interval.") if whiskers else ""
    st.caption(":gray[" + note + interval + "]")
