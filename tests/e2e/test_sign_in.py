"""Local sign-in on a real `vigil serve` (VIGIL_AUTH=local): the gate over HTTP and the
WebSocket, the audit log, and a viewer's sign-in, navigation and sign-out in Chromium."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa

from queries.access import accounts, audit, sessions
from queries.plumbing.db import make_engine
from queries.plumbing.schema import audit_events
from tests.e2e.conftest import SCREENSHOTS, SCRIPT_DONE, running_server
from tests.worlds import DEMO_NOW, demo_world_url

PASSWORD = "a long enough password"
KEY = "a-test-key-of-at-least-thirty-two-characters"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("sign-in")
    shutil.copy(urlsplit(demo_world_url(tmp_path_factory)).path, folder / "vigil.db")
    url = f"sqlite:///{folder / 'vigil.db'}"
    engine = make_engine(url)
    accounts.add(engine, "vera@example.com", "viewer", DEMO_NOW, PASSWORD)
    accounts.add(engine, "max@example.com", "viewer", DEMO_NOW, PASSWORD)
    accounts.add(engine, "rita@example.com", "viewer", DEMO_NOW, PASSWORD)
    accounts.add(engine, "sam@example.com", "supervisor", DEMO_NOW, PASSWORD, ("Billing",))
    engine.dispose()
    env = {
        "VIGIL_DEMO": "false",
        "VIGIL_AUTH": "local",
        "VIGIL_SECRET_KEY": KEY,
        "VIGIL_NOW": DEMO_NOW.isoformat(),
    }
    with running_server(url, folder / "server.log", env=env) as base:
        yield base, url


def actions(url: str, actor: str | None = None) -> list[str]:
    engine = make_engine(url)
    query = sa.select(audit_events.c.action).order_by(audit_events.c.id)
    if actor is not None:
        query = query.where(audit_events.c.actor == actor)
    with engine.connect() as conn:
        found = list(conn.execute(query).scalars())
    engine.dispose()
    return found


def test_a_stranger_gets_the_sign_in_page_and_no_data(site: tuple[str, str]) -> None:
    base, _ = site
    with httpx.Client(base_url=base) as client:
        page = client.get("/voice?period=2026-10-01..2026-10-31")
        assert page.status_code == 303
        assert page.headers["location"] == "/signin?next=/voice%3Fperiod%3D2026-10-01..2026-10-31"
        assert client.get("/static/js/index.js").status_code == 401
        assert client.get("/_stcore/health").status_code == 200
        form = client.get("/signin")
        assert form.status_code == 200 and 'type="password"' in form.text
        assert "CSAT" not in form.text and "Night" not in form.text


def test_streamlits_websocket_is_refused_without_a_session(site: tuple[str, str]) -> None:
    host, port = urlsplit(site[0]).hostname, urlsplit(site[0]).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        )
        status = sock.recv(200).split(b"\r\n")[0]
    assert b" 101 " not in status and b" 403 " in status


def test_forged_cookie_wrong_passwords_and_foreign_posts_are_refused(
    site: tuple[str, str],
) -> None:
    base, url = site
    form = {"name": "max@example.com", "password": "not the password"}
    # behind a proxy on loopback: failures count for the forwarded address, not for 127.0.0.1
    with httpx.Client(base_url=base, headers={"x-forwarded-for": "203.0.113.9"}) as client:
        client.cookies.set("vigil_session", "forged-value")
        assert client.get("/csat").status_code == 303
        client.cookies.clear()
        foreign = client.post("/signin", data=form, headers={"origin": "http://evil.example"})
        assert foreign.status_code == 403
        codes = [client.post("/signin", data=form).status_code for _ in range(20)]
        right = client.post("/signin", data={**form, "password": PASSWORD})
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    assert right.status_code == 429 and "vigil_session" not in right.headers.get("set-cookie", "")
    assert audit.SESSION_REFUSED in actions(url)
    log = actions(url, "max@example.com")
    assert log.count(audit.SIGN_IN_FAILED) == 5 and log.count(audit.SIGN_IN_THROTTLED) == 16
    server_log = (Path(url.removeprefix("sqlite:///")).parent / "server.log").read_text()
    assert PASSWORD not in server_log and "not the password" not in server_log


def test_a_viewer_signs_in_sees_no_survey_operations_and_signs_out(
    site: tuple[str, str], browser: Any
) -> None:
    base, url = site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{base}/csat?lang=en")
        page.wait_for_selector('input[name="password"]')
        page.screenshot(path=str(SCREENSHOTS / "sign-in.png"))
        page.fill('input[name="name"]', "vera@example.com")
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        sign_out = page.locator('form[action="/signout"] button')
        sign_out.wait_for(timeout=60_000)  # the sidebar's account block, after the navigation
        assert urlsplit(page.url).path == "/csat"
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Overview" in nav and "Survey operations" not in nav
        main = page.locator('[data-testid="stMain"]')
        for note in ("Agent-level cuts", "Conversation lists"):  # the page's first and last parts
            main.get_by_text(f"{note} are shown to supervisors and admins.").wait_for(
                timeout=120_000
            )
        page.wait_for_selector(SCRIPT_DONE, timeout=120_000)
        assert page.get_by_role("button", name="Download CSV").count() == 0
        page.screenshot(path=str(SCREENSHOTS / "signed-in-viewer-en.png"))
        sign_out.click()  # in this tab: a form, not a Markdown link
        page.wait_for_selector('input[name="password"]')
        page.go_back()
        page.wait_for_selector('input[name="password"]', timeout=30_000)
        assert urlsplit(page.url).path == "/signin"
    finally:
        page.close()
    assert actions(url, "vera@example.com") == [audit.SIGN_IN, audit.SIGN_OUT]


def cli_metrics(url: str, *period: str) -> dict[str, Any]:
    """`vigil metrics` with the same team cut as the supervisor's scope."""
    command = [sys.executable, "-m", "dashboard.cli", "metrics", "--db", url, *period]
    done = subprocess.run([*command, "--team", "Billing", "--json"], capture_output=True)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def sign_in(page: Any, base: str, path: str, name: str) -> None:
    page.goto(f"{base}{path}")
    page.fill('input[name="name"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.locator('form[action="/signout"] button').wait_for(timeout=60_000)


def test_a_scoped_supervisor_downloads_their_team_and_the_download_is_audited(
    site: tuple[str, str], browser: Any
) -> None:
    base, url = site
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    try:
        sign_in(page, base, "/csat?lang=en", "sam@example.com")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Sees: Billing").wait_for()
        tiles = page.locator('[data-testid="stMain"]')
        expected = cli_metrics(url, "--start", "2026-10-04", "--end", "2026-11-02")
        for value in (f"{expected['conversations']:,}", f"{expected['csat']:.1f}%"):
            tiles.get_by_text(value, exact=True).first.wait_for(timeout=60_000)
        button = page.get_by_role("button", name="Download CSV").first
        button.wait_for(timeout=60_000)
        with page.expect_download() as taken:
            button.click()
        assert taken.value.suggested_filename.endswith(".csv")
        page.screenshot(path=str(SCREENSHOTS / "signed-in-supervisor-en.png"))
    finally:
        page.close()
    engine = make_engine(url)
    query = sa.select(audit_events.c.detail).where(
        audit_events.c.actor == "sam@example.com", audit_events.c.action == audit.DOWNLOAD
    )
    with engine.connect() as conn:
        details = [json.loads(d) for d in conn.execute(query).scalars()]
    engine.dispose()
    assert details and details[0]["file"] == taken.value.suggested_filename
    assert details[0]["teams"] == ["Billing"] and details[0]["period"]


def test_a_revoked_session_is_refused_on_its_next_rerun(
    site: tuple[str, str], browser: Any
) -> None:
    base, url = site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        sign_in(page, base, "/?lang=en", "rita@example.com")
        engine = make_engine(url)
        (opened,) = [
            s for s in sessions.open_sessions(engine, DEMO_NOW) if s["name"] == "rita@example.com"
        ]
        sessions.revoke_id(engine, int(str(opened["id"])), DEMO_NOW)
        engine.dispose()
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text("NPS").click()  # client-side: a rerun over the same WebSocket
        page.get_by_text("Please sign in to see the dashboard.").wait_for(timeout=60_000)
        assert "NPS" not in page.locator("body").inner_text()
    finally:
        page.close()
    assert audit.SESSION_REFUSED in actions(url)
