"""A `Document` as a PDF (fpdf2: pure Python, maintained, embeds a subset of the CJK font, so
the file reads the same on any machine; docs/exports.md). A4 landscape: the title and its
facts, tiles in rows of four, each chart as one image kept whole on a page, tables cut to
their top rows with a line saying how many were left out."""

from __future__ import annotations

import io
from collections.abc import Callable

from fpdf import FPDF
from fpdf.fonts import FontFace

from queries.reports.document import Chart, Document, Table, Tiles, left_out_line
from queries.reports.fonts import TC_FACE, font_file

PAGE_WIDTH = 277.0  # A4 landscape less 10 mm margins, in mm
TILES_PER_ROW = 4
ChartImage = Callable[[Chart], bytes]


def _new_pdf(document: Document) -> FPDF:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("cjk", "", str(font_file()), collection_font_number=TC_FACE)
    pdf.add_font("cjk", "B", str(font_file(bold=True)), collection_font_number=TC_FACE)
    pdf.set_title(document.title)
    pdf.set_creator("Vigil")
    pdf.set_lang(document.language)
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, document: Document) -> None:
    pdf.set_font("cjk", "B", 18)
    pdf.multi_cell(PAGE_WIDTH, 9, document.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 9)
    pdf.set_text_color(80, 90, 100)
    for line in document.facts:
        pdf.multi_cell(PAGE_WIDTH, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)


def _tiles(pdf: FPDF, part: Tiles) -> None:
    width = PAGE_WIDTH / TILES_PER_ROW
    for start in range(0, len(part.tiles), TILES_PER_ROW):
        if pdf.will_page_break(24):
            pdf.add_page()
        top = pdf.get_y()
        for index, tile in enumerate(part.tiles[start : start + TILES_PER_ROW]):
            left = 10 + index * width
            pdf.rect(left + 1, top, width - 2, 22)
            pdf.set_xy(left + 3, top + 1.5)
            pdf.set_font("cjk", "", 8)
            pdf.multi_cell(width - 6, 4, tile.label, max_line_height=4)
            pdf.set_xy(left + 3, top + 8)
            pdf.set_font("cjk", "B", 14)
            pdf.cell(width - 6, 7, _fit(pdf, tile.value, width - 6))
            if tile.note:
                pdf.set_xy(left + 3, top + 15.5)
                pdf.set_font("cjk", "", 7)
                pdf.cell(width - 6, 4, _fit(pdf, tile.note, width - 6))
        pdf.set_xy(10, top + 25)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _chart(pdf: FPDF, part: Chart, image: ChartImage) -> None:
    png = image(part)
    width_px, height_px = _png_size(png)
    height = PAGE_WIDTH * height_px / width_px
    room = pdf.h - pdf.b_margin - pdf.get_y()
    if height > room:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=10, w=PAGE_WIDTH, h=height, alt_text=part.title)
    pdf.ln(3)


def _table(pdf: FPDF, part: Table, language: str) -> None:
    shown = part.shown
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font("cjk", "B", 11)
    pdf.multi_cell(PAGE_WIDTH, 6, part.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 7 if shown.width > 8 else 8)
    head = FontFace(emphasis="BOLD", fill_color=(238, 243, 246))
    with pdf.table(headings_style=head, line_height=4.5, text_align="LEFT") as table:
        table.row([str(column) for column in shown.columns])
        for row in shown.iter_rows():
            table.row([_cell(value) for value in row])
    if part.left_out:
        pdf.set_font("cjk", "", 8)
        pdf.multi_cell(
            PAGE_WIDTH, 5, left_out_line(part.left_out, language), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(3)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def document_pdf(document: Document, image: ChartImage) -> bytes:
    """The PDF of `document`; `image` draws a chart (queries.reports.images.chart_png)."""
    pdf = _new_pdf(document)
    _heading(pdf, document)
    for part in document.parts:
        if isinstance(part, Tiles):
            _tiles(pdf, part)
        elif isinstance(part, Chart):
            _chart(pdf, part, image)
        else:
            _table(pdf, part, document.language)
    return bytes(pdf.output())
