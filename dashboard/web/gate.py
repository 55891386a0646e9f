"""The sign-in gate: ASGI middleware in front of Streamlit (docs/deploying.md, "Signing people
in"). With VIGIL_AUTH=local nothing but the open paths (the survey routes, sign-in, health) is
served without a live session: a page request is sent to /signin, Streamlit's WebSocket and
assets are refused, so neither HTML nor WebSocket carries data to a stranger. With `proxy` the
user header is trusted only from loopback. `none` and `oidc` pass (oidc gates in the script)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard.web import public, resources, signin
from queries.access import audit, sessions
from queries.plumbing.clock import clock_for
from queries.plumbing.errors import DataUnavailable

HEALTH = ("/_stcore/health", "/_stcore/host-config")
ASSETS = ("/static/", "/_stcore/")  # Streamlit's bundle: no data, but still behind the gate


def is_open(path: str) -> bool:
    """Paths served to anyone: the customers' survey door, sign-in, and the health check."""
    exact = (*signin.OPEN_PATHS, *HEALTH)
    return path in exact or any(
        path == p or path.startswith(p.rstrip("/") + "/") for p in public.PUBLIC_PATHS
    )


class SignInGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or is_open(scope["path"]):
            return await self.app(scope, receive, send)
        settings = resources.settings()
        mode = settings.auth_mode
        if mode == "local":
            return await self._local(scope, receive, send)
        if mode == "proxy":
            return await self._proxy(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _local(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        token = connection.cookies.get(sessions.COOKIE)
        try:
            verdict = await run_in_threadpool(_check, token)
        except DataUnavailable:
            return await _refuse(scope, receive, send, 503, "Vigil cannot reach its database.\n")
        if verdict.viewer is not None:
            return await self.app(scope, receive, _no_store(scope, send))
        page = scope["type"] == "http" and not scope["path"].startswith(ASSETS)
        if token and page:  # a forged, expired or revoked cookie: say so once, in the log
            await run_in_threadpool(_refused, connection, verdict.problem)
        if page and scope["method"] in ("GET", "HEAD"):
            target = scope["path"] + (
                f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
            )
            response: Response = RedirectResponse(f"{signin.SIGN_IN}?next={quote(target)}", 303)
            response.headers["Cache-Control"] = "no-store"
            if token:
                response.delete_cookie(sessions.COOKIE, httponly=True, samesite="lax")
            return await response(scope, receive, send)
        return await _refuse(scope, receive, send, 401, "sign in first\n")

    async def _proxy(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = resources.settings()
        connection = HTTPConnection(scope)
        peer = signin.peer_address(connection)
        if not signin.is_loopback(peer):
            header = connection.headers.get(settings.proxy_user_header)
            if header is not None and scope["type"] == "http":
                await run_in_threadpool(_proxy_refused, connection, header, peer)
            message = "Vigil takes sign-ins only from its proxy on this machine.\n"
            return await _refuse(scope, receive, send, 403, message)
        return await self.app(scope, receive, _no_store(scope, send))


def _check(token: str | None) -> sessions.SessionCheck:
    settings = resources.settings()
    return sessions.check(resources.engine(), token, clock_for(settings)())


def _refused(connection: HTTPConnection, problem: str | None) -> None:
    settings = resources.settings()
    now, address = clock_for(settings)(), signin.client_address(connection)
    detail = {"reason": problem, "path": connection.url.path}
    audit.record(resources.engine(), audit.SESSION_REFUSED, None, now, address, detail)


def _proxy_refused(connection: HTTPConnection, header: str, peer: str | None) -> None:
    settings = resources.settings()
    detail = {"reason": "proxy header from a non-loopback client", "path": connection.url.path}
    audit.record(
        resources.engine(), audit.PROXY_REFUSED, header[:320], clock_for(settings)(), peer, detail
    )


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    if scope["type"] == "websocket":  # closing before accepting: the handshake gets a 403
        return await send({"type": "websocket.close", "code": 1008})
    await PlainTextResponse(text, status, headers={"Cache-Control": "no-store"})(
        scope, receive, send
    )


def _no_store(scope: Scope, send: Send) -> Send:
    """Pages (not assets) are never cached: after sign-out, Back asks the gate again."""
    if scope["type"] != "http" or scope["path"].startswith(ASSETS):
        return send

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
            ]
            message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
        await send(message)

    return sending
