"""The public response page's logic: verify a survey link, then read or write through queries.

Nothing here is cached: a customer must always see (and change) the current answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dashboard.data import engine, now, settings
from queries.plumbing.errors import ExpiredLink, InvalidLink
from queries.surveys import answers as survey_answers
from queries.surveys.links import SurveyLink, verify


@dataclass(frozen=True, slots=True)
class OpenedLink:
    """A verified link and its invitation; `problem` is 'expired' or 'invalid' otherwise."""

    link: SurveyLink | None
    invitation: survey_answers.Invitation | None
    problem: str | None = None


def open_link(token: str | None) -> OpenedLink:
    if not token:
        return OpenedLink(None, None, "invalid")
    s = settings()
    try:
        link = verify(s.secret_key.get_secret_value(), token, s.survey_link_ttl, now())
    except ExpiredLink:
        return OpenedLink(None, None, "expired")
    except InvalidLink:
        return OpenedLink(None, None, "invalid")
    invitation = survey_answers.invitation(engine(), link.invitation_id)
    if invitation is None:
        return OpenedLink(link, None, "invalid")
    return OpenedLink(link, invitation)


def score_from_url(raw: str | None, low: int, high: int) -> int | None:
    """A pre-selected score from the link (`&csat=4`); anything else selects nothing."""
    try:
        value = int(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


def save_answer(
    invitation_id: int,
    csat: int | None,
    nps: int | None,
    resolved: bool | None,
    comment: str | None,
) -> None:
    survey_answers.record_answer(
        engine(),
        invitation_id,
        csat=csat,
        nps=nps,
        resolved=resolved,
        comment=comment,
        now=now(),
    )


def opt_out(customer_id: int) -> bool:
    return survey_answers.unsubscribe(engine(), customer_id)


def local_date(invitation: survey_answers.Invitation) -> datetime:
    return invitation.opened_at.astimezone(settings().zone)
