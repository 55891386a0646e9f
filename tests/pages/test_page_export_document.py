"""What a page export holds (docs/exports.md), through AppTest on the demo world: each exported
page records its title, tiles, charts and tables in page order; the PDF states the period,
zone and filters, draws every chart and cuts long tables with a line saying how many rows were
left out. Charts are stood in for by a plain PNG here (Chromium draws them in
tests/e2e/test_page_export.py)."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from dashboard.export import record
from dashboard.i18n import translations
from queries.reports import document as doc
from queries.reports.document import Chart, Table
from queries.reports.pdf import document_pdf

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
EXPORTED = ["overview", "csat", "nps", "fcr", "retention", "voice", "coverage", "next_week"]


def stand_in(_chart: Chart) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 520), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("world", ["demo"], indirect=True)
@pytest.mark.parametrize("stem", EXPORTED)
@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_the_export_holds_the_page(world: str, stem: str, language: str, tmp_path: Path) -> None:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    app.switch_page(f"../pages/{stem}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    gettext = translations(language).gettext
    made = app.session_state[record.KEY]
    assert made.title == app.title[0].value
    assert made.parts, "nothing recorded"
    generated = datetime(2026, 11, 15, 12, tzinfo=UTC)
    facts = doc.facts(made.filters, generated, language)
    built = doc.Document(made.title, facts, language, tuple(made.parts), "x")
    pdf = document_pdf(built, stand_in)
    path = tmp_path / "export.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert made.title in text
    assert gettext("Filters: {filters}").split("{")[0] in text
    assert "Asia/Taipei" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    for table in (p for p in made.parts if isinstance(p, Table) and p.left_out):
        assert str(table.left_out) in text
