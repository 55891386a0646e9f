"""The public survey page (/respond): verify a survey link, then the answer form or the
unsubscribe confirmation, read and written through `queries.surveys`.

Nothing here is cached: a customer must always see (and change) the current answer. Opening
the page never records anything (mail scanners follow links); only a submit does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from dashboard.data import engine, now, settings
from dashboard.i18n import _
from queries.plumbing.errors import ExpiredLink, InvalidLink
from queries.surveys import answers as survey_answers
from queries.surveys.answers import Invitation
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
        link = verify(s.link_keys(), token, s.survey_link_ttl, now())
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


CSAT_OPTIONS = [1, 2, 3, 4, 5]
NPS_OPTIONS = list(range(11))


def about(channel: str, date: str) -> str:
    """The page's first line. One whole sentence per channel, so the channel reads as it
    should mid-sentence in each language ("your phone call", not "your Phone conversation")."""
    sentences = {
        "chat": _("About your chat with us on {date}."),
        "email": _("About your email to us on {date}."),
        "phone": _("About your phone call with us on {date}."),
        "social": _("About your social media message to us on {date}."),
    }
    return sentences.get(channel, _("About your contact with us on {date}.")).format(date=date)


def unsubscribe_confirmation(invitation: Invitation) -> None:
    """Ask first; a scanner that follows the link never presses the button."""
    if invitation.opted_out:
        st.info(
            _("You have already unsubscribed from survey emails."), icon=":material/unsubscribe:"
        )
        return
    st.write(_("Do you want to stop receiving survey emails from us?"))
    if st.button(_("Yes, unsubscribe"), type="primary"):
        opt_out(invitation.customer_id)
        st.success(_("You have unsubscribed. We will not send you survey emails again."))


def answer_form(invitation: Invitation) -> None:
    """Scores pre-selected from the link (or the earlier answer); recorded only on submit."""
    previous = invitation.answer
    if previous:
        st.info(_("You have already answered. You can change your answer below."))
    csat = score_from_url(st.query_params.get("csat"), 1, 5)
    nps = score_from_url(st.query_params.get("nps"), 0, 10)
    if previous:
        csat = csat if csat is not None else previous.csat
        nps = nps if nps is not None else previous.nps
    was_resolved = previous.resolved if previous else None
    yes_no = {True: _("Yes"), False: _("No")}
    with st.form("answer"):
        csat = st.radio(
            _(
                "How satisfied are you with the help you received? (1 = very dissatisfied, "
                "5 = very satisfied)"
            ),
            CSAT_OPTIONS,
            index=None if csat is None else CSAT_OPTIONS.index(csat),
            horizontal=True,
        )
        nps = st.radio(
            _("How likely are you to recommend us to a friend or colleague? (0–10)"),
            NPS_OPTIONS,
            index=nps,
            horizontal=True,
        )
        resolved = st.radio(
            _("Was your issue resolved?"),
            [True, False],
            format_func=yes_no.__getitem__,
            index=None if was_resolved is None else (0 if was_resolved else 1),
            horizontal=True,
        )
        comment = st.text_area(
            _("Anything else you would like to tell us? (optional)"),
            value=(previous.comment if previous else None) or "",
            max_chars=4000,
        )
        submitted = st.form_submit_button(_("Send my answer"), type="primary")
    if not submitted:
        return
    if csat is None and nps is None and resolved is None and not comment.strip():
        st.warning(_("Please choose a score or write a comment first."))
        return
    save_answer(invitation.id, csat, nps, resolved, comment)
    st.success(
        _("Thank you! Your answer has been saved. You can change it until the link expires.")
    )
