"""What `vigil serve` runs: the dashboard as an ASGI app (Streamlit's `streamlit.starlette.App`,
served by uvicorn exactly like `streamlit run dashboard/app.py`) plus one plain HTTP route.

`POST /respond?t=TOKEN` is the RFC 8058 one-click unsubscribe. A mail provider POSTs
`List-Unsubscribe=One-Click` to the email's `List-Unsubscribe` URL, which is the unsubscribe
link in the email; a GET of that same link still reaches Streamlit and shows the confirmation
page. A Streamlit page cannot answer a POST, hence this route. `streamlit run dashboard/asgi.py`
finds `app` (st.App discovery) and serves it with the usual config (.streamlit/config.toml and
the command-line flags).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/asgi.py` puts only dashboard/ on it
    sys.path.insert(0, str(ROOT))

from sqlalchemy.exc import SQLAlchemyError  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402
from streamlit.starlette import App  # noqa: E402

from queries.plumbing.clock import clock_for  # noqa: E402
from queries.plumbing.db import make_engine  # noqa: E402
from queries.plumbing.errors import DataUnavailable, InvalidLink  # noqa: E402
from queries.plumbing.settings import Settings  # noqa: E402
from queries.surveys import answers as survey_answers  # noqa: E402
from queries.surveys.links import TOKEN_PARAM, verify  # noqa: E402

ENTRY = Path(__file__).with_name("app.py")
UNSUBSCRIBE_PATH = "/respond"  # where queries.survey_tokens.respond_url points


@asynccontextmanager
async def resources(streamlit_app: App) -> AsyncIterator[dict[str, Any]]:
    """Settings and a small engine for the HTTP route, built at start-up and disposed at
    shutdown. (The pages' engine is a st.cache_resource; calling it outside a script run
    logs a 'missing ScriptRunContext' warning on every request.)"""
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        yield {"settings": settings, "engine": engine}
    finally:
        engine.dispose()


def unsubscribe(request: Request) -> PlainTextResponse:
    """Opt the link's customer out; 200 also when already out, 400 (nothing written) for a
    forged, tampered, expired or non-unsubscribe link. Synchronous on purpose: Starlette runs
    it in a worker thread, off the event loop. The body (`List-Unsubscribe=One-Click`) is not
    needed: the signed token decides."""
    settings: Settings = app.state["settings"]
    token = request.query_params.get(TOKEN_PARAM, "")
    secret, ttl = settings.link_keys(), settings.survey_link_ttl
    try:
        link = verify(secret, token, ttl, clock_for(settings)())
    except InvalidLink as exc:  # ExpiredLink included
        return PlainTextResponse(f"{exc}\n", status_code=400)
    if link.purpose != "unsubscribe":
        return PlainTextResponse("not an unsubscribe link\n", status_code=400)
    try:
        invitation = survey_answers.invitation(app.state["engine"], link.invitation_id)
        if invitation is None:
            return PlainTextResponse("the survey link is not valid\n", status_code=400)
        survey_answers.unsubscribe(app.state["engine"], invitation.customer_id)
    except (DataUnavailable, SQLAlchemyError):
        return PlainTextResponse("try again later\n", status_code=503)
    return PlainTextResponse("unsubscribed from survey emails\n")


app = App(
    ENTRY,
    lifespan=resources,
    routes=[Route(UNSUBSCRIBE_PATH, unsubscribe, methods=["POST"])],
)
