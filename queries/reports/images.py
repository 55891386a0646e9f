"""Chart images through Plotly's kaleido (v1), which drives Debian's Chromium
(docs/exports.md). One kaleido server per process, started on the first chart and reused:
the first image pays for starting the browser, every later one only for drawing."""

from __future__ import annotations

import copy
import threading
from typing import Any

import kaleido

WIDTH = 1200
HEIGHT = 520
FONT = "Noto Sans CJK TC, Noto Sans CJK SC, Noto Sans, sans-serif"
"""CJK glyphs in every image (fonts-noto-cjk, installed with Chromium)."""

_started: set[str] = set()
_lock = threading.Lock()


def _server(chromium: str) -> None:
    with _lock:
        if not _started:
            # mathjax off: no network; plotly.js comes from the installed plotly package
            kaleido.start_sync_server(path=chromium, mathjax=False, silence_warnings=True)
            _started.add(chromium)


def titled(figure: dict[str, Any], title: str) -> dict[str, Any]:
    """`figure` with `title` drawn inside it, the export font and a white background."""
    drawn = copy.deepcopy(figure)
    layout = drawn.setdefault("layout", {})
    layout["title"] = {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 20}}
    layout["font"] = {**layout.get("font", {}), "family": FONT}
    layout["paper_bgcolor"] = "white"
    layout["plot_bgcolor"] = layout.get("plot_bgcolor") or "white"
    margin = layout.get("margin") or {}
    for axis in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[axis] = {**(layout.get(axis) or {}), "automargin": True}  # labels never cut
    least = {"t": 70, "l": 70, "r": 30, "b": 60}
    layout["margin"] = {**margin, **{k: max(int(margin.get(k) or 0), v) for k, v in least.items()}}
    return drawn


def chart_png(
    figure: dict[str, Any],
    title: str,
    chromium: str = "/usr/bin/chromium",
    width: int = WIDTH,
    height: int | None = None,
) -> bytes:
    """The PNG of `figure` titled `title`, `width` × (its own height or HEIGHT) pixels."""
    _server(chromium)
    drawn = titled(figure, title)
    tall = height or int(drawn["layout"].get("height") or HEIGHT)
    drawn["layout"].pop("width", None)
    drawn["layout"].pop("height", None)
    options = {"format": "png", "width": width, "height": max(tall, 320), "scale": 1}
    image = kaleido.calc_fig_sync(drawn, opts=options)
    return bytes(image)
