"""Shared page pieces, rendered by real Streamlit (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def long_table_script() -> None:
    import polars as pl
    import streamlit as st

    from dashboard.kit.components import table_block
    from dashboard.kit.grants import VIEWER_KEY
    from queries.access.viewer import Viewer

    st.session_state[VIEWER_KEY] = Viewer("sam", st.query_params.get("role", "supervisor"))
    table_block(pl.DataFrame({"n": range(1_500)}), "long", limit=1_000)
    table_block(pl.DataFrame({"n": range(3)}), "short", limit=1_000)


def test_a_long_table_shows_its_first_rows_and_says_so() -> None:
    at = AppTest.from_function(long_table_script).run()
    assert not at.exception
    long, short = at.dataframe
    assert long.value.shape[0] == 1_000
    assert long.value["n"].iloc[-1] == 999
    assert short.value.shape[0] == 3
    (caption,) = at.caption  # only the long table gets one
    assert "1,000" in caption.value and "1,500" in caption.value
    assert len(at.get("download_button")) == 2


def test_a_viewer_gets_the_tables_without_downloads() -> None:
    at = AppTest.from_function(long_table_script)
    at.query_params["role"] = "viewer"
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 2 and not at.get("download_button")
