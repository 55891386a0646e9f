"""A small but real OpenID provider on loopback, for the OIDC sign-in test: discovery, an
authorize endpoint with a one-field login form (which user to be), the authorization-code
grant with client authentication and PKCE (S256), an RS256 ID token signed with a fresh key
published as JWKS, and userinfo. Starlette on uvicorn, in a thread of the test process."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

import time_machine
import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.e2e.conftest import free_port

FORM = """<!doctype html><html><body><h1>Test identity provider</h1>
<form method="post" action="/authorize">{hidden}
<label>User <input name="username" autofocus></label>
<button type="submit">Continue</button></form></body></html>"""


def wall_time() -> float:
    """The machine's real clock, as the server under test reads it, even inside a moved-clock
    run (tests/test_moved_clock.py moves only this process's clock): a provider on another
    clock would issue tokens from the future."""
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    users: Mapping[str, Mapping[str, object]]  # username -> extra ID-token claims
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    access_tokens: dict[str, str] = field(default_factory=dict)  # token -> username
    granted: list[str] = field(default_factory=list)  # usernames whose code became tokens

    def claims(self, username: str) -> dict[str, object]:
        return {"sub": f"sub-{username}", **self.users[username]}

    def metadata(self, _request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    def jwks(self, _request: Request) -> Response:
        return JSONResponse({"keys": [{**self.key.as_dict(private=False), "alg": "RS256"}]})

    def _bad_client(self, params: Mapping[str, str]) -> str | None:
        if params.get("client_id") != self.client_id:
            return "unknown client_id"
        if params.get("redirect_uri") != self.redirect_uri:
            return "redirect_uri not registered"
        return None

    async def authorize_form(self, request: Request) -> Response:
        params = dict(request.query_params)
        if (problem := self._bad_client(params)) or params.get("response_type") != "code":
            return Response(problem or "response_type must be code", 400)
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )
        return HTMLResponse(FORM.format(hidden=hidden))

    async def authorize(self, request: Request) -> Response:
        params = {k: str(v) for k, v in (await request.form()).items()}
        if problem := self._bad_client(params):
            return Response(problem, 400)
        username = params.pop("username", "")
        if username not in self.users:
            return Response("no such user", 401)
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**params, "username": username}
        query = urlencode({"code": code, "state": params.get("state", "")})
        return RedirectResponse(f"{self.redirect_uri}?{query}", 302)

    def _client_ok(self, request: Request, form: Mapping[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            pair = base64.b64decode(header[6:]).decode()
            return pair == f"{self.client_id}:{self.client_secret}"
        return (form.get("client_id"), form.get("client_secret")) == (
            self.client_id,
            self.client_secret,
        )

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not self._client_ok(request, form):
            return JSONResponse({"error": "invalid_client"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant"}, 400)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, 400)
        if challenge := grant.get("code_challenge"):
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                return JSONResponse({"error": "invalid_grant"}, 400)
        username, now = grant["username"], int(wall_time())
        claims = {
            **self.claims(username),
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
        }
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
        access = secrets.token_urlsafe(24)
        self.access_tokens[access] = username
        self.granted.append(username)
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 300}
        return JSONResponse({**body, "id_token": id_token, "scope": grant.get("scope", "")})

    async def userinfo(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        username = self.access_tokens.get(token)
        if username is None:
            return JSONResponse({"error": "invalid_token"}, 401)
        return JSONResponse(self.claims(username))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.metadata),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize_form, methods=["GET"]),
                Route("/authorize", self.authorize, methods=["POST"]),
                Route("/token", self.token, methods=["POST"]),
                Route("/userinfo", self.userinfo),
            ]
        )


@contextmanager
def running_provider(
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    users: Mapping[str, Mapping[str, object]],
) -> Iterator[Provider]:
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}", client_id, client_secret, redirect_uri, users)
    config = uvicorn.Config(
        provider.app(),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # uvicorn sets it once the socket listens
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test OpenID provider did not start")
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
