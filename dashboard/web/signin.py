"""Local sign-in and sign-out (VIGIL_AUTH=local): server-rendered, no Streamlit, no script.

POST /signin checks the argon2id hash, throttles failures per account and per client address
(counted in the audit log), then opens a server-side session and sets an HttpOnly, SameSite=Lax
cookie (Secure when VIGIL_PUBLIC_URL is https). /signout ends the session at once."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard.web import resources
from queries.access import accounts, audit, sessions
from queries.plumbing.clock import clock_for
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.translations import DEFAULT_LANGUAGE, LANGUAGES, gettext_for

SIGN_IN, SIGN_OUT, STYLE = "/signin", "/signout", "/signin.css"
OPEN_PATHS = (SIGN_IN, SIGN_OUT, STYLE)
TEMPLATES = Path(__file__).with_name("templates")
_pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
NO_STORE = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}


def is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def peer_address(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


def client_address(connection: HTTPConnection) -> str | None:
    """The peer's address; behind a proxy on loopback, the first X-Forwarded-For entry."""
    peer = peer_address(connection)
    forwarded = connection.headers.get("x-forwarded-for")
    if forwarded and is_loopback(peer):
        return forwarded.split(",")[0].strip()[:64]
    return peer


def safe_next(raw: str | None) -> str:
    """Only a path on this site: never another host ("//evil", "https://…", "\\\\evil")."""
    if not raw or not raw.startswith("/") or raw.startswith(("//", "/\\")) or urlsplit(raw).netloc:
        return "/"
    return raw


def language(request: Request, raw: str | None = None) -> str:
    if raw in LANGUAGES:
        return str(raw)
    asked = request.headers.get("accept-language", "").lower()
    return "en" if asked.startswith("en") else DEFAULT_LANGUAGE


def page(
    lang: str, next_: str, message: str = "", name: str = "", status: int = 200
) -> HTMLResponse:
    """The sign-in form, with `message` (an error) above it."""
    _ = gettext_for(lang).gettext
    other = "en" if lang != "en" else "zh-TW"
    html = _pages.get_template("signin.html").render(
        lang=lang,
        title=_("Sign in"),
        name_label=_("Name or e-mail"),
        password_label=_("Password"),
        message=message,
        next=next_,
        name=name,
        other_lang=other,
        other_lang_name=LANGUAGES[other],
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


STYLE_SHEET = (TEMPLATES / "signin.css").read_text(encoding="utf-8")


def style(_request: Request) -> Response:
    return Response(STYLE_SHEET, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def other_mode() -> Response | None:
    """Outside VIGIL_AUTH=local these routes open nothing: to the dashboard and its own prompt."""
    if resources.settings().auth_mode == "local":
        return None
    return RedirectResponse("/", 303, headers={"Cache-Control": "no-store"})


def show(request: Request) -> Response:
    if (elsewhere := other_mode()) is not None:
        return elsewhere
    lang = language(request, request.query_params.get("lang"))
    return page(lang, safe_next(request.query_params.get("next")))


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


async def sign_in(request: Request) -> Response:
    if (elsewhere := other_mode()) is not None:
        return elsewhere
    form = await request.form(max_files=0, max_fields=8)
    lang = language(request, str(form.get("lang") or ""))
    next_ = safe_next(str(form.get("next") or ""))
    name = str(form.get("name") or "").strip()[:320]
    password = str(form.get("password") or "")[:1024]
    _ = gettext_for(lang).gettext
    if not same_origin(request):
        return page(lang, next_, _("This form must be sent from Vigil's own page."), name, 403)
    try:
        return await run_in_threadpool(_check, request, lang, next_, name, password)
    except DataUnavailable:
        message = _("Vigil cannot reach its database. Try again shortly.")
        return page(lang, next_, message, name, 503)


def _check(request: Request, lang: str, next_: str, name: str, password: str) -> Response:
    settings, engine = resources.settings(), resources.engine()
    now, address = clock_for(settings)(), client_address(request)
    _ = gettext_for(lang).gettext
    by_name, by_address = audit.failures(
        engine, name, address, now - settings.signin_failure_window
    )
    if max(by_name, by_address) >= settings.signin_max_failures:
        audit.record(engine, audit.SIGN_IN_THROTTLED, name, now, address)
        minutes = round(settings.signin_failure_window.total_seconds() / 60)
        message = _("Too many failed sign-ins. Try again in {minutes} minutes.").format(
            minutes=minutes
        )
        return page(lang, next_, message, name, 429)
    account = accounts.check_password(engine, name, password)
    if account is None:
        audit.record(
            engine, audit.SIGN_IN_FAILED, name, now, address, {"reason": "wrong name or password"}
        )
        return page(lang, next_, _("Wrong name or password."), name, 401)
    token = sessions.open_session(engine, account, now, settings.session_ttl, address)
    audit.record(engine, audit.SIGN_IN, account.name, now, address, {"mode": "local"})
    response = RedirectResponse(next_, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        sessions.COOKIE,
        token,
        max_age=int(settings.session_ttl.total_seconds()),
        httponly=True,
        secure=settings.public_url.startswith("https://"),
        samesite="lax",
    )
    return response


def sign_out(request: Request) -> Response:
    """End the session (if any) and forget the cookie; then the sign-in page."""
    token = request.cookies.get(sessions.COOKIE)
    lang = language(request, request.query_params.get("lang"))
    if token:
        settings, engine = resources.settings(), resources.engine()
        now = clock_for(settings)()
        try:
            name = sessions.revoke(engine, token, now)
            if name is not None:
                audit.record(engine, audit.SIGN_OUT, name, now, client_address(request))
        except DataUnavailable:
            pass  # the cookie still goes; the session ends at its expiry
    response = RedirectResponse(
        f"{SIGN_IN}?lang={quote(lang)}", 303, headers={"Cache-Control": "no-store"}
    )
    response.delete_cookie(sessions.COOKIE, httponly=True, samesite="lax")
    return response


routes: list[BaseRoute] = [
    Route(SIGN_IN, show, methods=["GET"]),
    Route(SIGN_IN, sign_in, methods=["POST"]),
    Route(SIGN_OUT, sign_out, methods=["GET", "POST"]),
    Route(STYLE, style, methods=["GET"]),
]
