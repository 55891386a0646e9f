"""OIDC sign-in on a real `vigil serve` (VIGIL_AUTH=oidc, from the VIGIL_OIDC_* settings): the
full authorization-code flow in Chromium against a real OpenID provider on loopback
(tests/e2e/oidc_provider.py), the role taken from the `groups` claim, sign-out, and the
audit log."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa

from queries.access import accounts, audit
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import audit_events
from queries.plumbing.translations import gettext_for
from tests.e2e.conftest import SCREENSHOTS, free_port, running_server
from tests.e2e.oidc_provider import Provider, running_provider
from tests.worlds import DEMO_NOW, demo_world_url

CLIENT_ID, CLIENT_SECRET = "vigil-test", "a-client-secret-nobody-logs-1234"
COOKIE_SECRET = "a-cookie-secret-nobody-logs-5678"
USERS = {
    "ada": {"email": "ada@example.com", "name": "Ada", "groups": ["staff", "vigil-admins"]},
    "vic": {
        "email": "vic@example.com",
        "groups": ["vigil-viewers"],
        "vigil_teams": ["Billing"],
    },
    "olga": {"email": "olga@example.com", "name": "Olga", "groups": ["staff"]},
    "lee": {"email": "lee@example.com", "groups": ["staff"]},  # an account row decides
}
PASSWORD = "lee's local password, of no use here"
ROLE_MAP = {"vigil-admins": "admin", "vigil-viewers": "viewer"}
T = gettext_for("zh-TW").gettext  # the provider sends the browser back to /: the default language
PROMPT, NO_ROLE = (
    T("Please sign in to see the dashboard."),
    T("Your identity provider signed you in, but you have no role in Vigil."),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Provider, Path]]:
    folder = tmp_path_factory.mktemp("oidc")
    shutil.copy(urlsplit(demo_world_url(tmp_path_factory)).path, folder / "vigil.db")
    url = f"sqlite:///{folder / 'vigil.db'}"
    engine = make_engine(url)
    accounts.add(engine, "lee@example.com", "supervisor", DEMO_NOW, PASSWORD, ("Night Desk",))
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_provider(CLIENT_ID, CLIENT_SECRET, f"{base}/oauth2callback", USERS) as op:
        env = {
            "VIGIL_DEMO": "false",
            "VIGIL_AUTH": "oidc",
            "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
            "VIGIL_NOW": DEMO_NOW.isoformat(),
            "VIGIL_PUBLIC_URL": base,
            "VIGIL_OIDC_METADATA_URL": f"{op.issuer}/.well-known/openid-configuration",
            "VIGIL_OIDC_CLIENT_ID": CLIENT_ID,
            "VIGIL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "VIGIL_OIDC_COOKIE_SECRET": COOKIE_SECRET,
            "VIGIL_ROLE_MAP": json.dumps(ROLE_MAP),
            "VIGIL_OIDC_TEAM_CLAIM": "vigil_teams",
        }
        log = folder / "server.log"
        with running_server(url, log, port=port, env=env) as started:
            yield started, url, op, log


def events(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    engine = make_engine(url)
    query = sa.select(audit_events.c.actor, audit_events.c.action, audit_events.c.detail)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(audit_events.c.id)).all()
    engine.dispose()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def sign_in_at_the_provider(page: Any, username: str) -> None:
    page.get_by_text(PROMPT).wait_for(timeout=60_000)
    page.get_by_role("button", name=T("Sign in")).click()
    page.wait_for_selector('input[name="username"]', timeout=30_000)  # the provider's form
    page.fill('input[name="username"]', username)
    page.click('button[type="submit"]')


def test_two_people_sign_in_with_their_claimed_roles_and_sign_out(
    site: tuple[str, str, Provider, Path], browser: Any
) -> None:
    base, url, op, log = site
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        assert T("Overview") not in page.locator("body").inner_text()
        sign_in_at_the_provider(page, "ada")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(f"ada@example.com · {T('Admin')}").wait_for(timeout=60_000)
        assert urlsplit(page.url).netloc == urlsplit(base).netloc
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert T("People and access") in nav.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "signed-in-oidc-admin.png"))

        sidebar.get_by_role("button", name=T("Sign out")).click()
        page.get_by_text(PROMPT).wait_for(timeout=60_000)
        assert T("People and access") not in page.locator("body").inner_text()
        page.reload()  # the identity cookie is gone: a new session is asked to sign in too
        sign_in_at_the_provider(page, "vic")
        sidebar.get_by_text(f"vic@example.com · {T('Viewer')}").wait_for(timeout=60_000)
        sidebar.get_by_text(T("Sees: {scope}").format(scope="Billing")).wait_for()  # team claim
        nav_text = nav.inner_text()
        assert T("Overview") in nav_text and T("People and access") not in nav_text
        assert T("Survey operations") not in nav_text

        sidebar.get_by_role("button", name=T("Sign out")).click()
        sign_in_at_the_provider(page, "olga")  # signed in at the provider, but no role here
        page.get_by_text(NO_ROLE).wait_for(timeout=60_000)
        assert T("Overview") not in page.locator("body").inner_text()
    finally:
        context.close()
    # three real code-for-token exchanges
    assert [u for u in op.granted if u != "lee"] == ["ada", "vic", "olga"]
    found = [
        (actor, action, detail.get("mode"))
        for actor, action, detail in events(url)
        if actor != "lee@example.com"
    ]
    assert found == [
        ("ada@example.com", audit.SIGN_IN, "oidc"),
        ("ada@example.com", audit.SIGN_OUT, "oidc"),
        ("vic@example.com", audit.SIGN_IN, "oidc"),
        ("vic@example.com", audit.SIGN_OUT, "oidc"),
        ("olga@example.com", audit.SIGN_IN_FAILED, "oidc"),
    ]
    server_log = log.read_text()
    assert "sign-in oidc (from VIGIL_OIDC_* settings)" in server_log
    assert CLIENT_SECRET not in server_log and COOKIE_SECRET not in server_log


def test_an_account_row_decides_and_the_local_sign_in_stays_shut(
    site: tuple[str, str, Provider, Path], browser: Any
) -> None:
    base, url, op, _ = site
    with httpx.Client(base_url=base) as client:
        form = client.get("/signin")
        assert form.status_code == 303 and form.headers["location"] == "/"
        posted = client.post("/signin", data={"name": "lee@example.com", "password": PASSWORD})
        assert posted.status_code == 303 and "set-cookie" not in posted.headers
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        sign_in_at_the_provider(page, "lee")  # groups ["staff"] map to nothing: the row decides
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(f"lee@example.com · {T('Supervisor')}").wait_for(timeout=60_000)
        sidebar.get_by_text(T("Sees: {scope}").format(scope="Night Desk")).wait_for()
    finally:
        context.close()
    assert "lee" in op.granted
    lee = [(a, d.get("mode")) for actor, a, d in events(url) if actor == "lee@example.com"]
    assert lee == [(audit.SIGN_IN, "oidc")]  # no local sign-in, no failed one


def test_the_provider_can_come_from_secrets_toml_instead(tmp_path: Path, browser: Any) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_provider(CLIENT_ID, CLIENT_SECRET, f"{base}/oauth2callback", USERS) as op:
        (tmp_path / ".streamlit").mkdir()
        secrets = tmp_path / ".streamlit" / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{base}/oauth2callback"\n'
            f'cookie_secret = "{COOKIE_SECRET}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{op.issuer}/.well-known/openid-configuration"\n'
        )
        env = {
            "VIGIL_DEMO": "false",
            "VIGIL_AUTH": "oidc",
            "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
            "VIGIL_ROLE_MAP": json.dumps(ROLE_MAP),
            "HOME": str(tmp_path / "home"),  # no ~/.streamlit of the machine's user
        }
        log = tmp_path / "server.log"
        with running_server(url, log, port=port, env=env, cwd=tmp_path) as started:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            try:
                page.goto(f"{started}/")
                sign_in_at_the_provider(page, "ada")
                sidebar = page.locator('[data-testid="stSidebar"]')
                sidebar.get_by_text(f"ada@example.com · {T('Admin')}").wait_for(timeout=60_000)
            finally:
                page.close()
    assert op.granted == ["ada"]
    server_log = log.read_text()
    assert f"sign-in oidc (from {secrets})" in server_log
    assert CLIENT_SECRET not in server_log and COOKIE_SECRET not in server_log
