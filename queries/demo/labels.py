"""The demo's display names (labels.csv's rows): its categories, teams, segments and sites
in both languages, so the demo shows no raw key."""

from __future__ import annotations

import polars as pl

NAMES: dict[str, tuple[str, str]] = {  # key -> (en, zh-TW)
    "billing": ("Billing", "帳務"),
    "login": ("Login", "登入問題"),
    "shipping": ("Shipping", "配送"),
    "refund": ("Refund", "退款"),
    "bug": ("Bug", "系統錯誤"),
    "account": ("Account", "帳號"),
    "how-to": ("How-to", "操作說明"),
    "Tier 1": ("Tier 1", "第一線客服"),
    "Billing": ("Billing team", "帳務組"),
    "Technical": ("Technical", "技術支援組"),
    "Night Desk": ("Night desk", "深夜值班組"),
    "consumer": ("Consumer", "一般消費者"),
    "smb": ("Small business", "中小企業"),
    "enterprise": ("Enterprise", "企業客戶"),
    "Taipei": ("Taipei", "台北"),
    "Kraków": ("Kraków", "克拉科夫"),
}


def label_frame() -> pl.DataFrame:
    """The display_names rows: one per key and language."""
    rows = [
        (key, locale, name)
        for key, names in NAMES.items()
        for locale, name in zip(("en", "zh-TW"), names, strict=True)
    ]
    return pl.DataFrame(
        {
            "id": list(range(1, len(rows) + 1)),
            "key": [r[0] for r in rows],
            "locale": [r[1] for r in rows],
            "name": [r[2] for r in rows],
        }
    )
