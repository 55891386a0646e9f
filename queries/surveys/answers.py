"""What the public response page reads and writes: one invitation's answer, and opt-outs.

The page verifies the signed link first (queries.survey_tokens); these functions trust the
invitation id they are given and never write anything on a read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import dialect_insert, reading, writing
from queries.plumbing.errors import BadInput
from queries.plumbing.schema import conversations, customers, survey_invitations, survey_responses
from queries.plumbing.staleness import mark_dirty
from queries.plumbing.text import without_controls

COMMENT_LIMIT = 4000  # characters, after trimming; docs/surveys.md, "The survey page"


@dataclass(frozen=True, slots=True)
class Answer:
    csat: int | None
    nps: int | None
    resolved: bool | None
    comment: str | None
    responded_at: datetime


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the response page may show a customer: the conversation's date and channel."""

    id: int
    conversation_id: int
    customer_id: int
    opened_at: datetime
    channel: str
    opted_out: bool
    answer: Answer | None
    time_zone: str | None = None
    """The customer's zone: the page dates the contact in it, as the e-mail does."""


def invitation(engine: Engine, invitation_id: int) -> Invitation | None:
    """The invitation behind a survey link, with the current answer; None when unknown."""
    stmt = (
        sa.select(
            survey_invitations.c.id,
            survey_invitations.c.conversation_id,
            survey_invitations.c.customer_id,
            conversations.c.opened_at,
            conversations.c.channel,
            customers.c.survey_opt_out,
            customers.c.time_zone,
            survey_responses.c.csat,
            survey_responses.c.nps,
            survey_responses.c.resolved,
            survey_responses.c.comment,
            survey_responses.c.responded_at,
        )
        .select_from(
            survey_invitations.join(conversations)
            .join(customers, customers.c.id == survey_invitations.c.customer_id)
            .outerjoin(
                survey_responses,
                survey_responses.c.conversation_id == survey_invitations.c.conversation_id,
            )
        )
        .where(survey_invitations.c.id == invitation_id)
    )
    with reading(engine) as conn:
        row = conn.execute(stmt).one_or_none()
    if row is None:
        return None
    answer = (
        Answer(row.csat, row.nps, row.resolved, row.comment, row.responded_at)
        if row.responded_at is not None
        else None
    )
    return Invitation(
        row.id,
        row.conversation_id,
        row.customer_id,
        row.opened_at,
        row.channel,
        bool(row.survey_opt_out),
        answer,
        row.time_zone,
    )


def record_answer(
    engine: Engine,
    invitation_id: int,
    *,
    csat: int | None,
    nps: int | None,
    resolved: bool | None,
    comment: str | None,
    now: datetime,
) -> int:
    """Insert or replace the answer to an invitation (one row per conversation); returns its id.
    A comment over COMMENT_LIMIT is refused (BadInput), never cut short."""
    if csat is not None and not 1 <= csat <= 5:
        raise BadInput(f"CSAT must be 1–5, got {csat}")
    if nps is not None and not 0 <= nps <= 10:
        raise BadInput(f"NPS must be 0–10, got {nps}")
    comment = without_controls(comment)  # the one text policy (queries.plumbing.text)
    text = (comment or "").strip() or None
    if text is not None and len(text) > COMMENT_LIMIT:
        raise BadInput(f"the comment has {len(text)} characters; the limit is {COMMENT_LIMIT}")
    answer = {
        "csat": csat,
        "nps": nps,
        "resolved": resolved,
        "comment": text,
        "responded_at": now,
        "invitation_id": invitation_id,
        "source": "link",
    }
    with writing(engine) as conn:
        conversation_id, opened_at = conn.execute(  # an unknown invitation raises: no write
            sa.select(survey_invitations.c.conversation_id, conversations.c.opened_at)
            .join(conversations, conversations.c.id == survey_invitations.c.conversation_id)
            .where(survey_invitations.c.id == invitation_id)
        ).one()
        mark_dirty(conn, opened_at)  # the pages read rows until the next jobs cycle
        # one statement, so two simultaneous submits cannot both try to insert: the second
        # waits for the first's row and then replaces its answer
        upsert = dialect_insert(conn, survey_responses).values(
            conversation_id=conversation_id, **answer
        )
        return int(
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=["conversation_id"],
                    set_={name: upsert.excluded[name] for name in answer},
                ).returning(survey_responses.c.id)
            ).scalar_one()
        )


def unsubscribe(engine: Engine, customer_id: int) -> bool:
    """Opt the customer out of surveys and suppress their unsent invitations.

    Returns False when the customer had already opted out (nothing is written then)."""
    with writing(engine) as conn:
        changed = conn.execute(
            sa.update(customers)
            .where(customers.c.id == customer_id, customers.c.survey_opt_out.is_(False))
            .values(survey_opt_out=True)
        ).rowcount
        if changed:
            conn.execute(
                sa.update(survey_invitations)
                .where(
                    survey_invitations.c.customer_id == customer_id,
                    survey_invitations.c.status == "pending",
                )
                .values(status="suppressed", reason="opted_out")
            )
    return bool(changed)
