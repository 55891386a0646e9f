"""The one "export this page" component every exported page calls last (docs/exports.md):
"Download PDF" and "Download PNG" of what the page showed, drawn on click (deferred), with
the charts through kaleido and the files by `queries.reports`."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.export import record
from dashboard.i18n import _, current_language
from dashboard.kit.components import download
from queries.reports.document import Chart
from queries.reports.images import chart_png
from queries.reports.pdf import document_pdf
from queries.reports.png import document_png

EXPORT_KEY = "export_"
"""The key prefix of the page export's two buttons, and of no data download: what tells the
export apart from the page's data (a chart's or a table's CSV, the voice page's report)."""


def export_page(stem: str, span: str | None = None) -> None:
    """The two export buttons of page `stem` (its registry stem names the files); `span`
    replaces the period line when the page shows another time (the coming week)."""
    document = record.document(current_language(), data.now(), stem, span)
    if document is None:
        return
    chromium = str(data.settings().chromium)

    def image(chart: Chart) -> bytes:
        return chart_png(chart.figure, chart.title, chromium)

    name = document.name
    st.divider()
    left, right = st.columns(2, width=420)
    with left:
        download(
            _("Download PDF"),
            lambda: document_pdf(document, image),
            f"{name}.pdf",
            "application/pdf",
            key=f"{EXPORT_KEY}{stem}_pdf",
            lazy=True,
        )
    with right:
        download(
            _("Download PNG"),
            lambda: document_png(document, image),
            f"{name}.png",
            "image/png",
            key=f"{EXPORT_KEY}{stem}_png",
            lazy=True,
        )
