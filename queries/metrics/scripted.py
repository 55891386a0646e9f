"""The scripted-answer signal (docs/metrics.md, "3A scorecard"): negative survey comments that
say the answer was scripted or that nobody listened. A keyword match is a weak signal: it
misses paraphrases and negations, so the page shows it as one, beside its n."""

from __future__ import annotations

import re

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import in_period, period_source
from queries.metrics.thresholds import NEGATIVE_CSAT
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, survey_responses

SCRIPTED_KEYWORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "scripted",
        "script",
        "canned",
        "copy paste",
        "copy-paste",
        "copy and paste",
        "template",
        "robot",
        "robotic",
        "automated",
        "generic answer",
        "not listening",
        "not listen",
        "didn't listen",
        "did not listen",
        "never listened",
        "ignored",
    ),
    "zh-TW": (
        "制式",
        "罐頭",
        "照本宣科",
        "官腔",
        "複製貼上",
        "範本",
        "模板",
        "機器人",
        "套話",
        "答非所問",
        "敷衍",
        "沒在聽",
        "沒有聽",
        "不聽",
        "不理",
    ),
}
"""Matched case-blind; the English ones as whole words ("script" never matches
"description"), the zh-TW ones anywhere in the text."""


def _pattern() -> str:
    english = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in SCRIPTED_KEYWORDS["en"])
    chinese = "|".join(re.escape(word) for word in SCRIPTED_KEYWORDS["zh-TW"])
    return rf"(?i)\b(?:{english})\b|{chinese}"


SCRIPTED_PATTERN = _pattern()


def mentions_scripted(comment: pl.Expr) -> pl.Expr:
    """Whether a comment holds one of `SCRIPTED_KEYWORDS` (false for a null comment)."""
    return comment.str.contains(SCRIPTED_PATTERN).fill_null(False)


def negative_comments(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(conversation_id, comment) of the period's answers with CSAT ≤ 2 and a comment."""
    r = survey_responses.c
    source = period_source(filters).join(survey_responses, r.conversation_id == conversations.c.id)
    query = (
        sa.select(r.conversation_id, r.comment)
        .select_from(source)
        .where(*in_period(filters), r.csat <= NEGATIVE_CSAT, r.comment.is_not(None))
    )
    return read_frame(engine, query)
