"""The customers' door: the survey answer and unsubscribe routes, public by design and
rendered on the server (docs/surveys.md, "The survey page").

- `GET /respond?t=TOKEN[&csat=N|&nps=N]` shows the answer form (the link's score selected) or,
  for an unsubscribe link, asks first. Opening it never records anything (mail scanners).
- `POST /respond?t=TOKEN` with `action=answer` records the answer; with `action=unsubscribe`
  (the page's button) or the RFC 8058 body `List-Unsubscribe=One-Click` (a mail provider)
  opts the customer out. The signed token decides what may be done."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard.web import resources
from dashboard.web.signin import same_origin
from dashboard.web.survey_page import SCRIPT, STYLE, Draft, Notice, View, about, asset, render
from dashboard.web.survey_page import score as read_score
from queries.plumbing.clock import clock_for
from queries.plumbing.errors import BadInput, DataUnavailable, ExpiredLink, InvalidLink
from queries.plumbing.translations import DEFAULT_LANGUAGE, LANGUAGES, gettext_for
from queries.reports import subscriptions
from queries.surveys import answers as survey_answers
from queries.surveys.answers import COMMENT_LIMIT, Invitation
from queries.surveys.links import (
    DIGEST_PARAM,
    TOKEN_PARAM,
    SurveyLink,
    claimed_language,
    verify,
    verify_digest,
)

UNSUBSCRIBE_PATH = "/respond"  # where queries.surveys.links.respond_url points
PUBLIC_PATHS = ("/respond", "/survey")  # reachable without a session (dashboard.web.gate)
STYLE_PATH, SCRIPT_PATH = "/survey/page.css", "/survey/page.js"
MAX_BODY = 64 * 1024  # a form with a 4,000-character comment is far smaller
RETRY_PAUSES = (0.5, 1.5)  # a short lock wait or a dropped connection is retried, not shown
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Opened:
    lang: str
    link: SurveyLink | None = None
    invitation: Invitation | None = None
    problem: str | None = None  # "expired" | "invalid" | "unavailable"


def retried(work: Callable[[], T]) -> T:
    for pause in RETRY_PAUSES:
        try:
            return work()
        except DataUnavailable:
            time.sleep(pause)
    return work()


def link_language(locale: str | None) -> str:
    return locale if locale in LANGUAGES else DEFAULT_LANGUAGE


def open_link(token: str) -> Opened:
    settings = resources.settings()
    try:
        link = verify(settings.link_keys(), token, settings.survey_link_ttl, clock_for(settings)())
    except ExpiredLink:
        return Opened(link_language(claimed_language(token)), problem="expired")
    except InvalidLink:
        return Opened(link_language(claimed_language(token)), problem="invalid")
    lang = link_language(link.locale)
    try:
        invitation = retried(
            lambda: survey_answers.invitation(resources.engine(), link.invitation_id)
        )
    except DataUnavailable:
        return Opened(lang, link, problem="unavailable")
    return Opened(lang, link, invitation, None if invitation else "invalid")


def problem_page(opened: Opened) -> Response:
    """An expired, invalid or unreadable link: a message in the link's language, no form."""
    _ = gettext_for(opened.lang).gettext
    text, kind, status = {
        "expired": (_("This survey link has expired. Thank you for your time."), "info", 410),
        "unavailable": (
            _("We cannot open your survey just now. Please try the link again in a few minutes."),
            "error",
            503,
        ),
    }.get(
        str(opened.problem),
        (
            _("This link is not valid. Please use the link from your email exactly as it is."),
            "error",
            400,
        ),
    )
    return render(View(opened.lang, [Notice(kind, text)]), "", status)


def page_view(opened: Opened, draft: Draft | None = None) -> View:
    """The answer form (or the unsubscribe question) for a good link and its invitation."""
    assert opened.link is not None and opened.invitation is not None
    _ = gettext_for(opened.lang).gettext
    invitation, settings = opened.invitation, resources.settings()
    view = View(opened.lang, about=about(opened.lang, invitation, settings.timezone))
    if opened.link.purpose == "unsubscribe":
        if invitation.opted_out:
            view.notices.append(
                Notice("info", _("You have already unsubscribed from survey emails."))
            )
        else:
            view.form = "unsubscribe"
        return view
    view.form, view.draft = "answer", draft or Draft.of(invitation.answer)
    if invitation.answer and draft is None:
        view.notices.append(
            Notice("info", _("You have already answered. You can change your answer below."))
        )
    return view


def show(request: Request) -> Response:
    """Synchronous: Starlette runs it in a worker thread, off the event loop."""
    token = request.query_params.get(TOKEN_PARAM, "")
    opened = open_link(token)
    if opened.problem:
        return problem_page(opened)
    view = page_view(opened)
    if view.form == "answer" and opened.invitation and not opened.invitation.answer:
        params = request.query_params
        view.draft = Draft(
            read_score(params.get("csat"), range(1, 6)), read_score(params.get("nps"), range(11))
        )
    return render(view, token)


async def submit(request: Request) -> Response:
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return PlainTextResponse("the form is too large\n", status_code=413)
    form = await request.form(max_files=0, max_fields=8)
    token = request.query_params.get(TOKEN_PARAM, "")
    if DIGEST_PARAM in request.query_params:  # a digest's one-click unsubscribe (RFC 8058)
        return await run_in_threadpool(leave_digest, request.query_params[DIGEST_PARAM])
    action = str(form.get("action") or "")
    if action and not same_origin(request):
        return PlainTextResponse("this form must be sent from the survey page\n", 403)
    if action == "answer":
        return await run_in_threadpool(_answer, token, form)
    if action == "unsubscribe":
        return await run_in_threadpool(_unsubscribe_page, token)
    return await run_in_threadpool(one_click_unsubscribe, token)


def draft_of(form: FormData) -> Draft:
    return Draft(
        read_score(form.get("csat"), range(1, 6)),
        read_score(form.get("nps"), range(11)),
        {"yes": True, "no": False}.get(str(form.get("resolved") or "")),
        str(form.get("comment") or "").replace("\r\n", "\n"),
    )


def unsaved(view: View, token: str) -> Response:
    """The database could not take the answer: say so, and keep it on the page for a retry."""
    _ = gettext_for(view.lang).gettext
    message = _("We could not save your answer just now. It is still below: please send it again.")
    view.notices.append(Notice("error", message))
    return render(view, token, 503)


def _answer(token: str, form: FormData) -> Response:
    opened, draft = open_link(token), draft_of(form)
    answering = opened.link is not None and opened.link.purpose == "answer"
    if opened.problem == "unavailable" and answering:
        return unsaved(View(opened.lang, form="answer", draft=draft), token)
    if opened.problem or not answering:
        return problem_page(opened if opened.problem else Opened(opened.lang))
    _ = gettext_for(opened.lang).gettext
    view = page_view(opened, draft)
    if draft.empty():
        view.notices.append(Notice("warning", _("Please choose a score or write a comment first.")))
        return render(view, token, 400)
    if len(draft.comment.strip()) > COMMENT_LIMIT:
        message = _("Your comment has {count} characters; please shorten it to {limit}.")
        count, limit = f"{len(draft.comment.strip()):,}", f"{COMMENT_LIMIT:,}"
        view.notices.append(Notice("warning", message.format(count=count, limit=limit)))
        return render(view, token, 422)
    assert opened.invitation is not None
    invitation_id, now = opened.invitation.id, clock_for(resources.settings())()
    try:
        retried(
            lambda: survey_answers.record_answer(
                resources.engine(),
                invitation_id,
                csat=draft.csat,
                nps=draft.nps,
                resolved=draft.resolved,
                comment=draft.comment,
                now=now,
            )
        )
    except (DataUnavailable, BadInput):
        return unsaved(view, token)
    message = _("Thank you! Your answer has been saved. You can change it until the link expires.")
    view.notices.append(Notice("success", message))
    view.form = None  # the confirmation replaces the form (survey.js scrolls it into view)
    return render(view, token)


def _unsubscribe_page(token: str) -> Response:
    """The page's "Yes, unsubscribe" button: the same opt-out, answered in HTML."""
    opened = open_link(token)
    if opened.problem or opened.link is None or opened.link.purpose != "unsubscribe":
        return problem_page(opened if opened.problem else Opened(opened.lang))
    assert opened.invitation is not None
    _ = gettext_for(opened.lang).gettext
    default_zone = resources.settings().timezone
    view = View(opened.lang, about=about(opened.lang, opened.invitation, default_zone))
    customer_id = opened.invitation.customer_id
    try:
        retried(lambda: survey_answers.unsubscribe(resources.engine(), customer_id))
    except DataUnavailable:
        view.form = "unsubscribe"
        message = _("We could not unsubscribe you just now. Please press the button again.")
        view.notices.append(Notice("error", message))
        return render(view, token, 503)
    message = _("You have unsubscribed. We will not send you survey emails again.")
    view.notices.append(Notice("success", message))
    return render(view, token)


def one_click_unsubscribe(token: str) -> PlainTextResponse:
    """RFC 8058: opt the link's customer out; 200 also when already out, 400 (nothing written)
    for a forged, tampered, expired or non-unsubscribe link. The body is not needed: the
    signed token decides."""
    settings = resources.settings()
    try:
        link = verify(settings.link_keys(), token, settings.survey_link_ttl, clock_for(settings)())
    except InvalidLink as exc:  # ExpiredLink included
        return PlainTextResponse(f"{exc}\n", status_code=400)
    if link.purpose != "unsubscribe":
        return PlainTextResponse("not an unsubscribe link\n", status_code=400)
    engine = resources.engine()
    try:
        invitation = retried(lambda: survey_answers.invitation(engine, link.invitation_id))
        if invitation is None:
            return PlainTextResponse("the survey link is not valid\n", status_code=400)
        retried(lambda: survey_answers.unsubscribe(engine, invitation.customer_id))
    except DataUnavailable:
        return PlainTextResponse("try again later\n", status_code=503)
    return PlainTextResponse("unsubscribed from survey emails\n")


def leave_digest(token: str) -> PlainTextResponse:
    """RFC 8058 for a digest (docs/digests.md): the link's one recipient leaves it."""
    settings = resources.settings()
    try:
        link = verify_digest(settings.link_keys(), token)
    except InvalidLink as exc:
        return PlainTextResponse(f"{exc}\n", status_code=400)
    try:
        retried(lambda: subscriptions.leave(resources.engine(), link.subscription_id, link.address))
    except DataUnavailable:
        return PlainTextResponse("try again later\n", status_code=503)
    return PlainTextResponse("unsubscribed from the digest\n")


routes: list[BaseRoute] = [
    *(Route(path, show, methods=["GET", "HEAD"]) for path in PUBLIC_PATHS),
    *(Route(path, submit, methods=["POST"]) for path in PUBLIC_PATHS),
    Route(STYLE_PATH, lambda _r: asset(STYLE, "text/css"), methods=["GET"]),
    Route(SCRIPT_PATH, lambda _r: asset(SCRIPT, "text/javascript"), methods=["GET"]),
]
