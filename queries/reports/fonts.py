"""The CJK font every export draws with: Noto Sans CJK (Debian's fonts-noto-cjk), its
Traditional Chinese face, which has the Latin letters too (docs/exports.md)."""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
REGULAR = FONT_DIR / "NotoSansCJK-Regular.ttc"
BOLD = FONT_DIR / "NotoSansCJK-Bold.ttc"
TC_FACE = 3
"""Noto Sans CJK TC inside the collection (JP, KR, SC, TC, HK, then the Mono faces)."""


def font_file(bold: bool = False) -> Path:
    path = BOLD if bold else REGULAR
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: install fonts-noto-cjk (docs/exports.md)")
    return path
