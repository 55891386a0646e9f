"""The public response page's writes (`queries.surveys.answers`), hand-checked on both
backends, on the survey operations' June outbox."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.schema import customers, survey_invitations, survey_responses
from queries.surveys import answers as survey_answers
from tests.builders import World, utc
from tests.queries.views.test_surveys import NOW, build_outbox


@pytest.fixture
def outbox(engine: Engine) -> dict[str, int]:
    return build_outbox(engine)


def test_answers_insert_then_update_the_same_row(engine: Engine, outbox: dict[str, int]) -> None:
    invitation = outbox["sent_c"]  # already has an imported answer: the link answer replaces it
    first = survey_answers.record_answer(
        engine, outbox["pending"], csat=3, nps=None, resolved=None, comment=None, now=NOW
    )
    again = survey_answers.record_answer(
        engine,
        outbox["pending"],
        csat=5,
        nps=9,
        resolved=True,
        comment="  thanks ",
        now=NOW + timedelta(days=1),
    )
    assert first == again
    with engine.connect() as conn:
        row = conn.execute(sa.select(survey_responses).where(survey_responses.c.id == first)).one()
    assert (row.csat, row.nps, row.resolved, row.comment, row.source, row.invitation_id) == (
        5,
        9,
        True,
        "thanks",
        "link",
        outbox["pending"],
    )
    survey_answers.record_answer(
        engine, invitation, csat=1, nps=0, resolved=False, comment="", now=NOW
    )
    loaded = survey_answers.invitation(engine, invitation)
    assert loaded is not None and loaded.answer is not None
    assert (loaded.answer.csat, loaded.answer.nps, loaded.answer.comment) == (1, 0, None)
    with pytest.raises(ValueError, match="CSAT"):
        survey_answers.record_answer(
            engine, invitation, csat=6, nps=None, resolved=None, comment=None, now=NOW
        )
    assert survey_answers.invitation(engine, 999_999) is None


def test_unsubscribe_opts_out_once_and_suppresses_unsent(
    engine: Engine, outbox: dict[str, int]
) -> None:
    assert survey_answers.unsubscribe(engine, outbox["customer"]) is True
    assert survey_answers.unsubscribe(engine, outbox["customer"]) is False
    with engine.connect() as conn:
        assert conn.execute(sa.select(customers.c.survey_opt_out)).scalar_one() is True
        pending = conn.execute(
            sa.select(survey_invitations.c.status, survey_invitations.c.reason).where(
                survey_invitations.c.id == outbox["pending"]
            )
        ).one()
    assert tuple(pending) == ("suppressed", "opted_out")


def test_a_double_submit_leaves_one_row_with_the_last_answer(
    engine: Engine, outbox: dict[str, int]
) -> None:
    """A customer submitting twice: one row for the conversation, holding the later answer."""
    invitation = outbox["pending"]  # no answer yet: the first submit inserts
    for csat in (2, 4):
        survey_answers.record_answer(
            engine, invitation, csat=csat, nps=csat, resolved=None, comment=None, now=NOW
        )
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(survey_responses.c.csat, survey_responses.c.nps).where(
                survey_responses.c.conversation_id == outbox["pending_conversation"]
            )
        ).all()
    assert [tuple(r) for r in rows] == [(4, 4)]


def submit_together(engine: Engine, invitation: int, scores: range) -> list[int | BaseException]:
    """Each score submitted from its own thread, all released at once; each one's result."""
    start = threading.Barrier(len(scores))
    results: list[int | BaseException] = []

    def submit(score: int) -> None:
        start.wait()
        try:
            result: int | BaseException = survey_answers.record_answer(
                engine,
                invitation,
                csat=score,
                nps=score,
                resolved=None,
                comment=f"#{score}",
                now=NOW + timedelta(seconds=score),
            )
        except Exception as exc:  # collected, so the test thread can report it
            result = exc
        results.append(result)

    workers = [threading.Thread(target=submit, args=(score,)) for score in scores]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results


def test_simultaneous_submits_of_one_conversation_end_in_one_whole_answer(
    engine: Engine, outbox: dict[str, int]
) -> None:
    """Threads submitting the same new conversation at once (two browser tabs, a double click)
    must not trip the unique constraint: every submit succeeds and returns the same row, and
    the row holds one submit's answer whole. Several rounds, each on a fresh conversation."""
    w = World(engine)
    scores = range(1, 6)
    for round_ in range(5):
        conversation = w.conversation(
            external_id=f"simultaneous-{round_}",
            customer_id=outbox["customer"],
            opened_at=utc("2024-06-07 10:00"),
            resolved_at=utc("2024-06-07 11:00"),
        )
        invitation = w.invitation(conversation_id=conversation, status="sent")
        results = submit_together(engine, invitation, scores)
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert len(results) == len(scores) and len(set(results)) == 1
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    survey_responses.c.csat,
                    survey_responses.c.nps,
                    survey_responses.c.comment,
                    survey_responses.c.responded_at,
                ).where(survey_responses.c.conversation_id == conversation)
            ).all()
        assert len(rows) == 1
        csat, nps, comment, responded_at = rows[0]
        assert csat in scores
        assert (nps, comment, responded_at) == (csat, f"#{csat}", NOW + timedelta(seconds=csat))


def test_a_comment_over_the_limit_is_refused_not_cut(engine: Engine) -> None:
    from queries.plumbing.errors import BadInput
    from queries.surveys.answers import COMMENT_LIMIT

    world = World(engine)
    customer = world.customer()
    chat = world.conversation(customer_id=customer, opened_at=utc("2026-10-01 02:00"))
    invitation = world.invitation(conversation_id=chat)
    fits = " " + "é" * COMMENT_LIMIT + "\n"  # trimmed first: exactly the limit
    survey_answers.record_answer(
        engine, invitation, csat=4, nps=None, resolved=None, comment=fits, now=utc("2026-10-02")
    )
    with pytest.raises(BadInput, match=f"{COMMENT_LIMIT + 1} characters"):
        survey_answers.record_answer(
            engine, invitation, csat=5, nps=None, resolved=None, comment=fits.strip() + "!",
            now=utc("2026-10-03"),
        )  # fmt: skip
    with engine.connect() as conn:
        [row] = conn.execute(sa.select(survey_responses.c.csat, survey_responses.c.comment))
    assert (row.csat, row.comment) == (4, "é" * COMMENT_LIMIT)
