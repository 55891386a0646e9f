"""Page export in Chromium on a real `vigil serve` (docs/exports.md): "Download PDF" on the
Overview gives a PDF whose text states the title, period, zone, filters and tiles in the UI
language; "Download PNG" an image; a chart's "Download CSV" starts with a UTF-8 BOM and has
headers in the UI language and numbers that parse back."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.e2e.conftest import SCRIPT_DONE, running_server
from tests.worlds import DEMO_NOW, demo_world_url

EXPECTED = {
    "en": ["Overview", "Period:", "Time zone: Asia/Taipei", "Filters:", "Conversations"],
    "zh-TW": ["總覽", "期間：", "時區：Asia/Taipei", "篩選條件：", "對話數"],
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = demo_world_url(tmp_path_factory)
    log = tmp_path_factory.mktemp("export") / "server.log"
    pinned = {"VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(url, log, env=pinned) as base:
        yield base


def pdf_text(data: bytes, folder: Path) -> str:
    """The PDF's text by poppler's pdftotext (pypdf cannot map the CID-keyed CFF font's
    embedded CMap back to text; poppler, like every viewer, can)."""
    path = folder / "export.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def download(page: Any, label: str, folder: Path) -> bytes:
    button = page.get_by_role("button", name=label).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=180_000) as taken:
        button.click()
    path = folder / taken.value.suggested_filename
    taken.value.save_as(path)
    return path.read_bytes()


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_download_pdf_png_and_csv_of_the_overview(
    browser: Any, served: str, tmp_path: Path, language: str
) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1200}, accept_downloads=True)
    try:
        page.goto(f"{served}/?lang={language}", wait_until="networkidle")
        page.wait_for_selector("svg.main-svg g.trace", timeout=120_000)
        page.wait_for_selector(SCRIPT_DONE, timeout=120_000)
        pdf_label = "Download PDF" if language == "en" else "下載 PDF"
        data = download(page, pdf_label, tmp_path)
        assert data.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(data))
        text = pdf_text(data, tmp_path)
        for expected in EXPECTED[language]:
            assert expected in text, expected
        assert len(reader.pages) >= 2  # tiles and tables, then the volume chart

        png_label = "Download PNG" if language == "en" else "下載 PNG"
        image = Image.open(io.BytesIO(download(page, png_label, tmp_path)))
        assert image.format == "PNG" and image.width == 1200 and image.height > 1000

        csv_label = "Download CSV" if language == "en" else "下載 CSV"
        sheet = download(page, csv_label, tmp_path)
        assert sheet.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig"))))
        assert len(rows) > 1 and all(cell for cell in rows[0])
        if language == "zh-TW":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(rows[0]))
        numbers = [cell for row in rows[1:] for cell in row if cell.replace(".", "").isdigit()]
        assert numbers and all(float(n) >= 0 for n in numbers)
    finally:
        page.close()
