"""The print stylesheet (print.css): browser print shows the page alone, uncut."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

STYLESHEET = Path(__file__).with_name("print.css")


@cache
def _css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def print_stylesheet() -> None:
    """Add the print rules to the page (a style-only st.html takes no room)."""
    st.html(f"<style>{_css()}</style>")
