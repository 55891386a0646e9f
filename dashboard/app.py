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
from queries.surveys.links import TOKEN_PARAM  # noqa: E402

PAGES = ROOT / "pages"


def page(script: str, title: str, icon: str, **options: object) -> st.Page:
    return st.Page(PAGES / script, title=title, icon=icon, **options)  # type: ignore[arg-type]


st.set_page_config(page_title="Vigil", page_icon=":material/nightlight:", layout="wide")
if TOKEN_PARAM in st.query_params:  # a customer's survey link: that page alone, no sidebar
    # /respond is the link's page; the same page is the default, so no "page not found" shows
    respond = [
        page("respond.py", _("Your feedback"), ":material/reviews:", url_path=path, default=first)
        for path, first in (("survey", True), ("respond", False))
    ]
    st.navigation(respond, position="hidden").run()
    st.stop()
language_picker()
navigation = st.navigation(
    {
        _("Value centre"): [
            page("overview.py", _("Overview"), ":material/monitoring:", default=True),
            page("csat.py", _("CSAT"), ":material/sentiment_satisfied:", url_path="csat"),
            page("nps.py", _("NPS"), ":material/recommend:", url_path="nps"),
            page("fcr.py", _("FCR"), ":material/task_alt:", url_path="fcr"),
            page(
                "retention.py", _("Retention and value"), ":material/loyalty:", url_path="retention"
            ),
            page("voice.py", _("Voice of the customer"), ":material/forum:", url_path="voice"),
        ],
        _("Coverage"): [
            page("coverage.py", _("24-hour coverage"), ":material/schedule:", url_path="coverage"),
            page(
                "demand_zones.py",
                _("Time zones of demand"),
                ":material/public:",
                url_path="demand-zones",
            ),
            page(
                "service_by_hour.py",
                _("Service by hour"),
                ":material/avg_pace:",
                url_path="service-by-hour",
            ),
            page("next_week.py", _("Next week"), ":material/event_upcoming:", url_path="next-week"),
        ],
        _("Surveys"): [
            page(
                "surveys.py",
                _("Survey operations"),
                ":material/forward_to_inbox:",
                url_path="surveys",
            ),
            page(
                "respond.py",
                _("Your feedback"),
                ":material/reviews:",
                url_path="respond",
                visibility="hidden",
            ),
        ],
    }
)
filter_sidebar()
navigation.run()
