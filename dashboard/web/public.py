"""The customers' door: the survey answer and unsubscribe routes, public by design.

`POST /respond?t=TOKEN` is the RFC 8058 one-click unsubscribe. A mail provider POSTs
`List-Unsubscribe=One-Click` to the email's `List-Unsubscribe` URL."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

from dashboard.web import resources
from queries.plumbing.clock import clock_for
from queries.plumbing.errors import DataUnavailable, InvalidLink
from queries.surveys import answers as survey_answers
from queries.surveys.links import TOKEN_PARAM, verify

UNSUBSCRIBE_PATH = "/respond"  # where queries.surveys.links.respond_url points
PUBLIC_PATHS = ("/respond", "/survey")  # reachable without a session (dashboard.web.gate)


def unsubscribe(request: Request) -> PlainTextResponse:
    """Opt the link's customer out; 200 also when already out, 400 (nothing written) for a
    forged, tampered, expired or non-unsubscribe link. Synchronous on purpose: Starlette runs
    it in a worker thread, off the event loop. The body (`List-Unsubscribe=One-Click`) is not
    needed: the signed token decides."""
    settings = resources.settings()
    token = request.query_params.get(TOKEN_PARAM, "")
    try:
        link = verify(settings.link_keys(), token, settings.survey_link_ttl, clock_for(settings)())
    except InvalidLink as exc:  # ExpiredLink included
        return PlainTextResponse(f"{exc}\n", status_code=400)
    if link.purpose != "unsubscribe":
        return PlainTextResponse("not an unsubscribe link\n", status_code=400)
    engine = resources.engine()
    try:
        invitation = survey_answers.invitation(engine, link.invitation_id)
        if invitation is None:
            return PlainTextResponse("the survey link is not valid\n", status_code=400)
        survey_answers.unsubscribe(engine, invitation.customer_id)
    except (DataUnavailable, SQLAlchemyError):
        return PlainTextResponse("try again later\n", status_code=503)
    return PlainTextResponse("unsubscribed from survey emails\n")


routes: list[BaseRoute] = [Route(UNSUBSCRIBE_PATH, unsubscribe, methods=["POST"])]
