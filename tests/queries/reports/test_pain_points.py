"""The weekly pain-point report on hand-made frames, in English and in Traditional Chinese:
the report translates itself through the one catalog (the zh-TW text is the one the
dashboard produced when it translated the report's texts itself).

Week 03-11 .. 03-17 (Asia/Taipei). Categories: 帳務 4 answers, 3 negative (75 %), 0 of 2
the week before; (none) 2 answers, 1 negative, nothing before; login 1 answer, 0 negative.
Answers 7, negative 4: 4/7 = 57.1 %. Comments newest first; the top categories' newest
negative comments are 帳務's 03-15 and (none)'s 03-17, then the rest (帳務 03-12)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from queries.plumbing.filters import Filters
from queries.reports.pain_points import pain_point_report, report_texts

TZ = ZoneInfo("Asia/Taipei")
WEEK = Filters(date(2024, 3, 11), date(2024, 3, 17), "Asia/Taipei")
CATEGORIES = pl.DataFrame(
    {
        "category": ["帳務", None, "login"],
        "csat_n": [4, 2, 1],
        "negative": [3, 1, 0],
        "negative_share": [75.0, 50.0, 0.0],
        "previous_csat_n": [2, 0, 1],
        "previous_negative": [0, 0, 0],
        "change": [75.0, None, 0.0],
        "p_value": [0.0004, None, None],
    }
)
COMMENTS = pl.DataFrame(
    {
        "band": ["negative", "positive", "negative", "negative"],
        "category": [None, "login", "帳務", "帳務"],
        "csat": [2, 5, 1, 1],
        "comment": ["沒有人回覆", "ok", "重複扣款，\n  還在等。", "Charged twice"],
        "responded_at": [
            datetime(2024, 3, 17, 9, 5, tzinfo=TZ),
            datetime(2024, 3, 16, 8, 0, tzinfo=TZ),
            datetime(2024, 3, 15, 22, 30, tzinfo=TZ),
            datetime(2024, 3, 12, 7, 0, tzinfo=TZ),
        ],
    }
)
# the tables' rows, the same in every language but for (none)
TOP_ROWS = ["|---|---:|---:|---:|---:|", "| 帳務 | 4 | 3 | 75.0%\\* | 0.0%\\* |"]
LOGIN_ROW = "| login | 1 | 0 | 0.0%\\* | 0.0%\\* |"
RISER_ROWS = ["|---|---:|---:|---:|---:|", "| 帳務 | 75.0%\\* | 0.0%\\* | +75.0 | <0.001 |"]


def test_english_report() -> None:
    assert pain_point_report(CATEGORIES, COMMENTS, WEEK, "en") == "\n".join(
        [
            "# Weekly pain-point report",
            "",
            "Week 2024-03-11 – 2024-03-17 (Asia/Taipei), compared with 2024-03-04 – 2024-03-10.",
            "",
            "Survey answers: 7 · negative (CSAT 1–2): 4 (57.1%\\*).",
            "",
            "## Top categories by negative share",
            "",
            "| Category | Answers | Negative | Negative share | Previous week |",
            *TOP_ROWS,
            "| (none) | 2 | 1 | 50.0%\\* | — |",
            LOGIN_ROW,
            "",
            "## Biggest risers",
            "",
            "| Category | Negative share | Previous week | Change (points) | p-value |",
            *RISER_ROWS,
            "",
            "## Representative negative comments",
            "",
            "> 重複扣款， 還在等。",
            ">",
            "> — 帳務, CSAT 1, 2024-03-15 22:30",
            "",
            "> 沒有人回覆",
            ">",
            "> — (none), CSAT 2, 2024-03-17 09:05",
            "",
            "> Charged twice",
            ">",
            "> — 帳務, CSAT 1, 2024-03-12 07:00",
            "",
            "\\* fewer than 30 answers: read with care.",
            "",
        ]
    )


def test_traditional_chinese_report() -> None:
    assert pain_point_report(CATEGORIES, COMMENTS, WEEK, "zh-TW") == "\n".join(
        [
            "# 每週顧客痛點報告",
            "",
            "本週 2024-03-11 – 2024-03-17（Asia/Taipei），與 2024-03-04 – 2024-03-10 相比。",
            "",
            "問卷回覆：7 · 負評（CSAT 1–2 分）：4（57.1%\\*）。",
            "",
            "## 負評比例最高的類別",
            "",
            "| 類別 | 回覆數 | 負評 | 負評比例 | 前一週 |",
            *TOP_ROWS,
            "| （未分類） | 2 | 1 | 50.0%\\* | — |",
            LOGIN_ROW,
            "",
            "## 上升最多的顧客痛點",
            "",
            "| 類別 | 負評比例 | 前一週 | 變化（百分點） | p 值 |",
            *RISER_ROWS,
            "",
            "## 具代表性的負評留言",
            "",
            "> 重複扣款， 還在等。",
            ">",
            "> — 帳務，CSAT 1 分，2024-03-15 22:30",
            "",
            "> 沒有人回覆",
            ">",
            "> — （未分類），CSAT 2 分，2024-03-17 09:05",
            "",
            "> Charged twice",
            ">",
            "> — 帳務，CSAT 1 分，2024-03-12 07:00",
            "",
            "\\* 回覆少於 30 則，請謹慎解讀。",
            "",
        ]
    )


def test_english_is_the_default() -> None:
    assert pain_point_report(CATEGORIES, COMMENTS, WEEK) == pain_point_report(
        CATEGORIES, COMMENTS, WEEK, "en"
    )


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_a_quiet_week_says_so(language: str) -> None:
    texts = report_texts(language)
    report = pain_point_report(CATEGORIES.clear(), COMMENTS.clear(), WEEK, language)
    assert texts.no_risers in report and texts.no_comments in report
    assert texts.top_header not in report  # no table without rows


HOSTILE = [
    '<a href="https://attacker.example/login">log in</a>',
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![pixel](https://attacker.example/p.png)",
    "<javascript:alert(1)>",
    "see https://attacker.example/x and **bold**",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_comments_and_categories_render_as_text(text: str) -> None:
    from markdown_it import MarkdownIt

    categories = CATEGORIES.with_columns(pl.lit(text).alias("category"))
    comments = COMMENTS.with_columns(pl.lit(text).alias("comment"), pl.lit(text).alias("category"))
    report = pain_point_report(categories, comments, WEEK, "en")
    # CommonMark with raw HTML allowed and GFM tables: what a Markdown viewer does with it
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(report)
    for tag in ("<a ", "<img", "<strong", "<script"):
        assert tag not in rendered, (tag, rendered)
    escaped_text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped_text = escaped_text.replace('"', "&quot;")
    assert f"<p>{escaped_text}</p>" in rendered  # the comment, shown as the customer typed it
    assert f"<td>{escaped_text}</td>" in rendered  # the category, too
