"""Plotly's own language: month and day names and date formats in ticks and hovers, and the
mode bar's tooltips. Plotly.js takes a locale definition in its `config` (`locales`), which
Streamlit hands to Plotly as it is (`st.plotly_chart(config=…)`), so no script has to be
registered in the page (docs/i18n.md)."""

from __future__ import annotations

from typing import Any

_MONTHS = [f"{n}月" for n in range(1, 13)]
ZH_TW: dict[str, Any] = {
    "dictionary": {
        "Autoscale": "自動縮放",
        "Box Select": "框選",
        "Download plot as a png": "下載圖表（PNG）",
        "Lasso Select": "套索選取",
        "Pan": "平移",
        "Reset axes": "重設座標軸",
        "Zoom": "縮放",
        "Zoom in": "放大",
        "Zoom out": "縮小",
        "Double-click to zoom back out": "按兩下以還原",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["週日", "週一", "週二", "週三", "週四", "週五", "週六"],
        "months": _MONTHS,
        "shortMonths": _MONTHS,
        "date": "%Y/%-m/%-d",
        "year": "%Y年",
        "month": "%Y年%-m月",
        "dayMonth": "%-m月%-d日",
        "dayMonthYear": "%Y年%-m月%-d日",
        "periods": ["上午", "下午"],
        "decimal": ".",
        "thousands": ",",
    },
}
LOCALES = {"zh-TW": ZH_TW}


def plotly_config(language: str) -> dict[str, Any]:
    """The `config` of every chart in `language` (en is Plotly's default)."""
    if language not in LOCALES:
        return {"locale": "en-US"}
    return {"locale": language, "locales": {language: LOCALES[language]}}
