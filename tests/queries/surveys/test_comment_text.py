"""A survey comment follows the one text policy (queries.plumbing.text, issue 17 finding 3):
NUL and other control characters are stripped, the same on SQLite and PostgreSQL (which
refused the NUL with a traceback)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.schema import survey_responses
from queries.plumbing.text import first_control, without_controls
from queries.surveys import answers as survey_answers
from tests.queries.views.test_surveys import NOW, build_outbox


def test_control_characters_are_stripped_from_a_comment(engine: Engine) -> None:
    outbox = build_outbox(engine)
    hostile = "Very\x00 good\x1b[0m,\r\n\tthanks\x7f\x85!"
    answer = survey_answers.record_answer(
        engine, outbox["pending"], csat=5, nps=None, resolved=None, comment=hostile, now=NOW
    )
    with engine.connect() as conn:
        stored = conn.scalar(
            sa.select(survey_responses.c.comment).where(survey_responses.c.id == answer)
        )
    assert stored == "Very good[0m,\r\n\tthanks!"


def test_the_policy_keeps_tab_and_line_ends_and_names_the_first_control() -> None:
    assert without_controls("a\tb\r\nc") == "a\tb\r\nc"
    assert without_controls(None) is None
    assert first_control("ok\tfine\n") is None
    assert first_control("ab\x00c\x01") == "U+0000 at character 3"
    assert first_control("\u0085") == "U+0085 at character 1"
