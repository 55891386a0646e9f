"""Vigil's entry: page config, navigation built from the page registry with translated
titles, the sidebar filters, then the chosen page (docs/architecture.md, "Anatomy of a page")."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import access, registry  # noqa: E402
from dashboard.account import account_sidebar  # noqa: E402
from dashboard.export.printing import print_stylesheet  # noqa: E402
from dashboard.i18n import _  # noqa: E402
from dashboard.sidebar import filter_sidebar, language_picker  # noqa: E402


def st_page(spec: registry.PageSpec, **options: object) -> st.Page:
    return st.Page(spec.script, title=_(spec.title), icon=spec.icon, **options)  # type: ignore[arg-type]


def navigation_entry(spec: registry.PageSpec) -> st.Page:
    if spec.default:
        return st_page(spec, default=True)
    return st_page(spec, url_path=spec.url_path)


st.set_page_config(page_title="Vigil", page_icon=":material/nightlight:", layout="wide")
print_stylesheet()
language_picker()
viewer = access.start()  # no session: the sign-in prompt, and the script stops here
navigation = st.navigation(  # a page the role may not see is not in it at all
    {
        _(section): [navigation_entry(spec) for spec in specs]
        for section, specs in registry.sections(viewer.role).items()
    },
    expanded=True,  # every page in view, never "View 4 more"
)
account_sidebar(viewer)
filter_sidebar(viewer.teams)
navigation.run()
