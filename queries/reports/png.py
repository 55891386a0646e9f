"""A `Document` as one tall PNG (Pillow; docs/exports.md): the title and its facts, tiles in
rows of four, every chart image at full width, tables cut to their top rows with a line
saying how many were left out; drawn with the CJK font, 1200 pixels wide."""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from queries.reports.document import Chart, Document, Table, Tiles, left_out_line
from queries.reports.fonts import TC_FACE, font_file
from queries.reports.images import WIDTH

MARGIN = 24
INK = (29, 43, 54)
GREY = (90, 100, 110)
ChartImage = Callable[[Chart], bytes]
Block = Image.Image


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(bold)), size, index=TC_FACE)


def _lines(lines: list[tuple[str, int, bool, tuple[int, int, int]]]) -> Block:
    height = sum(int(size * 1.5) for _t, size, _b, _c in lines) + 8
    block = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(block)
    y = 4
    for text, size, bold, colour in lines:
        draw.text((MARGIN, y), text, font=_font(size, bold), fill=colour)
        y += int(size * 1.5)
    return block


def _tiles(part: Tiles) -> Block:
    per_row, tile_h = 4, 110
    rows = (len(part.tiles) + per_row - 1) // per_row
    block = Image.new("RGB", (WIDTH, rows * (tile_h + 12) + 8), "white")
    draw = ImageDraw.Draw(block)
    width = (WIDTH - 2 * MARGIN) // per_row
    for index, tile in enumerate(part.tiles):
        x = MARGIN + (index % per_row) * width
        y = 4 + (index // per_row) * (tile_h + 12)
        draw.rounded_rectangle((x, y, x + width - 10, y + tile_h), 8, outline=(200, 210, 218))
        draw.text((x + 12, y + 10), tile.label[:40], font=_font(15), fill=GREY)
        draw.text((x + 12, y + 36), tile.value, font=_font(28, True), fill=INK)
        if tile.note:
            draw.text((x + 12, y + 80), tile.note[:60], font=_font(12), fill=GREY)
    return block


def _table(part: Table, language: str) -> Block:
    shown = part.shown
    rows = [[str(c) for c in shown.columns]] + [
        ["—" if v is None else str(v) for v in row] for row in shown.iter_rows()
    ]
    font, bold = _font(13), _font(13, True)
    usable = WIDTH - 2 * MARGIN
    natural = [max(font.getlength(r[i][:40]) for r in rows) + 16 for i in range(len(rows[0]))]
    scale = min(1.0, usable / max(sum(natural), 1))
    widths = [w * scale for w in natural]
    extra = [left_out_line(part.left_out, language)] if part.left_out else []
    block = Image.new("RGB", (WIDTH, 40 + 22 * len(rows) + 24 * len(extra) + 12), "white")
    draw = ImageDraw.Draw(block)
    draw.text((MARGIN, 6), part.title, font=_font(18, True), fill=INK)
    y = 40
    for index, row in enumerate(rows):
        x = float(MARGIN)
        if index == 0:
            draw.rectangle((MARGIN, y - 2, WIDTH - MARGIN, y + 19), fill=(238, 243, 246))
        for width, text in zip(widths, row, strict=False):
            cut = text
            while len(cut) > 1 and font.getlength(cut) > width - 8:
                cut = cut[:-1]
            draw.text((x + 4, y), cut, font=bold if index == 0 else font, fill=INK)
            x += width
        y += 22
    for line in extra:
        draw.text((MARGIN, y + 4), line, font=_font(13), fill=GREY)
    return block


def document_png(document: Document, image: ChartImage) -> bytes:
    """The PNG of `document`; `image` draws a chart (queries.reports.images.chart_png)."""
    head = [(document.title, 30, True, INK)] + [(f, 15, False, GREY) for f in document.facts]
    blocks = [_lines(head)]
    for part in document.parts:
        if isinstance(part, Tiles):
            blocks.append(_tiles(part))
        elif isinstance(part, Chart):
            blocks.append(Image.open(io.BytesIO(image(part))).convert("RGB"))
        else:
            blocks.append(_table(part, document.language))
    sheet = Image.new("RGB", (WIDTH, sum(b.height for b in blocks) + MARGIN), "white")
    y = MARGIN // 2
    for block in blocks:
        sheet.paste(block, (0, y))
        y += block.height
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()
