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


def page(script: str, title: str, icon: str, **options: object) -> st.Page:
    return st.Page(PAGES / script, title=title, icon=icon, **options)  # type: ignore[arg-type]


st.set_page_config(page_title="Vigil", page_icon=":material/nightlight:", layout="wide")
language_picker()
navigation = st.navigation(
    {
        _("Value centre"): [
            page("overview.py", _("Overview"), ":material/monitoring:", default=True),
        ],
    }
)
filter_sidebar()
navigation.run()
