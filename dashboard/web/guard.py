"""The outermost middleware (docs/deploying.md, "Hosts and headers"): a request whose Host (or a
WebSocket's Origin) is not an allowed host is refused, which defeats DNS rebinding; every HTTP
response carries the security headers, so no other site can frame a page (clickjacking)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard.web import resources

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"SAMEORIGIN",
    b"referrer-policy": b"same-origin",
}
FRAME_POLICY = b"frame-ancestors 'self'"  # when a response sets no policy of its own


def allowed_hosts() -> tuple[str, ...]:
    """VIGIL_ALLOWED_HOSTS, or else VIGIL_PUBLIC_URL's host and the loopback names."""
    settings = resources.settings()
    if settings.allowed_hosts:
        return tuple(host.lower().rstrip(".") for host in settings.allowed_hosts)
    public = urlsplit(settings.public_url).hostname
    return (*LOOPBACK_NAMES, *([public.lower()] if public else []))


def host_name(value: str | None) -> str | None:
    """'Vigil.example.com:443' -> 'vigil.example.com'; None for anything malformed."""
    if not value:
        return None
    try:
        parts = urlsplit(f"//{value}")
        _port = parts.port  # a malformed port raises here
    except ValueError:
        return None
    if parts.hostname is None or parts.username or parts.path or parts.query:
        return None
    return parts.hostname.lower().rstrip(".")


def is_allowed(host: str | None, allowed: tuple[str, ...]) -> bool:
    """An exact name, `.example.com` for it and its subdomains, or `*` for any host."""
    if host is None:
        return False
    return any(
        rule == "*"
        or host == rule
        or (rule.startswith(".") and (host.endswith(rule) or host == rule[1:]))
        for rule in allowed
    )


class HostGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers, allowed = Headers(scope=scope), allowed_hosts()
        host = host_name(headers.get("host"))
        origin = headers.get("origin")
        cross = scope["type"] == "websocket" and origin is not None
        if not is_allowed(host, allowed) or (
            cross and not is_allowed(origin_host(origin), allowed)
        ):
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            text = (
                "This host name is not served here: set VIGIL_PUBLIC_URL or VIGIL_ALLOWED_HOSTS.\n"
            )
            return await PlainTextResponse(text, 421)(scope, receive, send)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        await self.app(scope, receive, with_security_headers(send))


def origin_host(origin: str | None) -> str | None:
    return host_name(urlsplit(origin or "").netloc)


def with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _value in headers}
            headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", FRAME_POLICY))
            message = {**message, "headers": headers}
        await send(message)

    return sending
