"""Data grids formatted through the one number policy (`queries.plumbing.formats`): whole
numbers grouped ("2,484"), decimals fixed at one ("49.0" beside "26.7"), p-values at two with
"< 0.01". Only what is shown is formatted; the CSV download keeps the numbers."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import i18n
from dashboard.i18n import _
from queries.plumbing.formats import grid_format, p_value


def is_p_value(column: str) -> bool:
    return _("p-value") in column


def grid_config(frame: pl.DataFrame) -> dict[str, Any]:
    """A NumberColumn per number column of `frame`, by its type."""
    config: dict[str, Any] = {}
    for name, dtype in frame.schema.items():
        if dtype.is_integer():
            config[name] = st.column_config.NumberColumn(name, format=grid_format("count"))
        elif dtype.is_float() and not is_p_value(name):
            config[name] = st.column_config.NumberColumn(name, format=grid_format("rate"))
    return config


def shown(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` as the grid shows it: p-value columns as text ('0.23', '< 0.01')."""
    language = i18n.current_language()
    columns = [
        pl.col(name).map_elements(lambda p: p_value(p, language), return_dtype=pl.String)
        for name, dtype in frame.schema.items()
        if dtype.is_float() and is_p_value(name)
    ]
    return frame.with_columns(columns) if columns else frame
