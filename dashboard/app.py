"""Vigil's entry: page config, navigation with translated titles, sidebar filters."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.i18n import _  # noqa: E402
from dashboard.sidebar import filter_sidebar, language_picker  # noqa: E402

PAGES = ROOT / "pages"

st.set_page_config(page_title="Vigil", page_icon="🌙", layout="wide")
language_picker()
navigation = st.navigation(
    [
        st.Page(
            PAGES / "overview.py",
            title=_("Overview"),
            icon=":material/monitoring:",
            url_path="overview",
            default=True,
        ),
    ]
)
filter_sidebar()
navigation.run()
