"""Which trend buckets are still collecting survey answers (`queries.metrics.arrival`), and
the caption that says so under a trend."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import _, duration
from queries.metrics import arrival
from queries.metrics.cuts import Grain


def late_name() -> str:
    return _("Answers still arriving")


def provisional(frame: pl.DataFrame, grain: Grain, tz: str) -> list[bool]:
    """Per bucket (a local day, or the Monday of a week): are its answers still arriving?"""
    as_of = data.as_of_now()
    first = arrival.provisional_from(data.answer_lag(as_of), as_of, tz)
    if first is None or frame.is_empty():
        return [False] * frame.height
    span = timedelta(days=0 if grain == "day" else 6)
    return [bucket + span >= first for bucket in frame["bucket"].to_list()]


def arrival_caption(flags: list[bool]) -> None:
    if any(flags):
        lag = data.answer_lag(data.as_of_now())
        st.caption(
            _(
                "Hollow points on the dotted line: answers still arriving. 90% of survey answers "
                "come within {lag} of the conversation, so these days will still change."
            ).format(lag=duration(lag.total_seconds() if lag else None))
        )
