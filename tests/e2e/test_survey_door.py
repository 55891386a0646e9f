"""The public survey page is its own door (issue: sign-in, "The public page is its own door"),
on real PostgreSQL behind a real `vigil serve` with local sign-in, started outside the
repository (so nothing depends on its working directory):

- through a proxy that passes only the public paths, Chromium answers a survey; the page needs
  nothing else (no refused request, no WebSocket) and nothing of the dashboard is reachable;
- a database outage at submit keeps the customer's answer on the page, and a retry saves it;
- a comment over the limit is refused and kept, never cut short; the counter counts;
- a foreign Host header is refused; every response carries the security headers;
- the dashboard behind sign-in runs with the production Streamlit options (no Deploy button).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from dashboard.i18n import translations
from queries.access import accounts
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import survey_responses
from queries.surveys.answers import COMMENT_LIMIT
from queries.surveys.links import SurveyLink, sign
from tests.builders import World, utc
from tests.conftest import PG_URL, skip_or_fail
from tests.e2e.conftest import SCREENSHOTS, running_server
from tests.e2e.public_proxy import public_proxy
from tests.worlds import DEMO_NOW

KEY = "survey-door-test-key-of-at-least-32-characters"
PASSWORD = "a long enough password"
INVALID = translations("zh-TW").gettext(  # no trusted link: the default language
    "This link is not valid. Please use the link from your email exactly as it is."
)


@dataclass
class Door:
    base: str
    url: str  # the database
    name: str  # the PostgreSQL database's name
    invitations: list[int]

    def link(self, index: int, purpose: str = "answer", **scores: int) -> str:
        token = sign(KEY, SurveyLink(self.invitations[index], "en", purpose), DEMO_NOW)  # type: ignore[arg-type]
        extra = "".join(f"&{k}={v}" for k, v in scores.items())
        return f"/respond?t={token}{extra}"

    def answers(self) -> list[Any]:
        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                return list(conn.execute(sa.select(survey_responses)))
        finally:
            engine.dispose()


@contextmanager
def admin() -> Iterator[Connection]:
    """The PostgreSQL server's own connection, outside the test database."""
    url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Door]:
    name = f"vigil_door_{uuid.uuid4().hex[:10]}"
    try:
        with admin() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        skip_or_fail(f"PostgreSQL is not reachable at {PG_URL}: {exc.orig}")
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    world = World(engine)
    invitations = []
    for day in range(1, 5):
        customer = world.customer(locale="en")
        opened = utc(f"2026-10-{day:02d} 02:00")
        chat = world.conversation(
            customer_id=customer, opened_at=opened, resolved_at=utc(f"2026-10-{day:02d} 03:00")
        )
        invitations.append(world.invitation(conversation_id=chat))
    accounts.add(engine, "ada@example.com", "admin", DEMO_NOW, PASSWORD)
    engine.dispose()
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # not the repository: no .streamlit/ here
    env = {
        "VIGIL_DEMO": "false",
        "VIGIL_AUTH": "local",
        "VIGIL_SECRET_KEY": KEY,
        "VIGIL_NOW": DEMO_NOW.isoformat(),
    }
    try:
        with running_server(url, elsewhere / "server.log", env=env, cwd=elsewhere) as base:
            yield Door(base, url, name, invitations)
    finally:
        with admin() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fetch(url: str, data: dict[str, str] | None = None, **headers: str) -> tuple[int, Any, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read().decode()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.mark.e2e
def test_through_a_public_only_proxy_the_survey_works_and_nothing_else_opens(
    door: Door, browser: Any
) -> None:
    with public_proxy(door.base) as proxy:
        page = browser.new_page()
        sockets: list[str] = []
        requested: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.on("request", lambda request: requested.append(request.url))
        try:
            page.goto(proxy.base + door.link(0, csat=5))
            page.get_by_role("heading", name="Your feedback").wait_for()
            assert page.locator("a, iframe, [data-testid]").count() == 0
            page.locator('input[name="nps"][value="9"]').check()
            page.locator('input[name="resolved"][value="yes"]').check()
            page.fill("#comment", "Quick and kind.")
            page.get_by_role("button", name="Send my answer").click()
            page.locator(".notice.success").wait_for()
            shot(page, "survey-door-proxy")
            assert proxy.refused == [] and sockets == []  # it needed nothing but public paths
            assert all(url.startswith(proxy.base + "/") for url in requested)  # no third party
            for path in ("/", "/voice", "/surveys?t=x", "/_stcore/stream", "/static/js/x.js"):
                assert page.goto(proxy.base + path).status == 403, path
        finally:
            page.close()
    [answer] = [a for a in door.answers() if a.invitation_id == door.invitations[0]]
    assert (answer.csat, answer.nps, answer.resolved, answer.comment) == (
        5, 9, True, "Quick and kind."
    )  # fmt: skip


def test_without_a_session_the_survey_paths_give_no_dashboard(door: Door) -> None:
    for path in ("/respond", "/survey", "/respond?t=forged.token", "/survey?page=voice"):
        status, _headers, html = fetch(door.base + path)
        assert status == 400, path
        assert INVALID in html and "<a " not in html and "stApp" not in html


def test_an_answer_survives_a_database_outage_and_a_retry_saves_it(
    door: Door, browser: Any
) -> None:
    page = browser.new_page()
    try:
        page.goto(door.base + door.link(1))
        page.locator('input[name="csat"][value="2"]').check()
        page.fill("#comment", "The refund took three weeks.")
        with admin() as conn:  # the database goes away under the open page
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{door.name}'"
            )
            conn.exec_driver_sql(f'ALTER DATABASE "{door.name}" RENAME TO "{door.name}_away"')
        try:
            page.get_by_role("button", name="Send my answer").click()
            page.locator(".notice.error").wait_for(timeout=60_000)
            shot(page, "survey-door-outage")
            assert "could not save your answer" in page.locator(".notice.error").inner_text()
            assert page.locator('input[name="csat"]:checked').get_attribute("value") == "2"
            assert page.input_value("#comment") == "The refund took three weeks."
        finally:
            with admin() as conn:
                conn.exec_driver_sql(f'ALTER DATABASE "{door.name}_away" RENAME TO "{door.name}"')
        assert all(a.invitation_id != door.invitations[1] for a in door.answers())
        page.get_by_role("button", name="Send my answer").click()
        page.locator(".notice.success").wait_for(timeout=60_000)
    finally:
        page.close()
    [answer] = [a for a in door.answers() if a.invitation_id == door.invitations[1]]
    assert (answer.csat, answer.comment) == (2, "The refund took three weeks.")


def test_a_comment_over_the_limit_is_refused_and_kept(door: Door, browser: Any) -> None:
    long = "x" * COMMENT_LIMIT + "!"
    status, _headers, html = fetch(
        door.base + door.link(2), {"action": "answer", "csat": "4", "comment": long}
    )
    assert status == 422
    assert f"Your comment has {COMMENT_LIMIT + 1:,} characters" in html
    assert long in html and 'value="4" checked' in html  # the entry is kept for a retry
    assert all(a.invitation_id != door.invitations[2] for a in door.answers())
    page = browser.new_page()
    try:
        page.goto(door.base + door.link(2))
        page.fill("#comment", "héllo")
        page.get_by_text(f"5 / {COMMENT_LIMIT:,}").wait_for()
        assert page.locator("#comment").get_attribute("maxlength") == str(COMMENT_LIMIT)
    finally:
        page.close()


def test_a_foreign_host_is_refused_and_responses_carry_security_headers(door: Door) -> None:
    status, _headers, body = fetch(door.base + door.link(3), Host="attacker.example")
    assert status == 421 and "VIGIL_ALLOWED_HOSTS" in body
    status, headers, _html = fetch(door.base + door.link(3))
    assert status == 200
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    for path in ("/signin", "/_stcore/health"):
        _status, headers, _body = fetch(door.base + path)
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert "frame-ancestors" in headers["Content-Security-Policy"], path


@pytest.mark.e2e
def test_the_dashboard_started_elsewhere_has_the_production_options(
    door: Door, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        page.goto(door.base + "/?lang=en")
        page.fill('input[name="name"]', "ada@example.com")
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        page.locator('form[action="/signout"] button').wait_for(timeout=60_000)
        page.locator('[data-testid="stSidebarNav"]').wait_for()
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        shot(page, "survey-door-dashboard-elsewhere")
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    finally:
        page.close()
