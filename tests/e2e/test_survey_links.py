"""Survey links end to end: a small demo world, `vigil jobs run-once` with the file transport,
then the links of the written .eml files against a real `vigil serve`:

- RFC 8058 one-click unsubscribe: an HTTP POST to the email's List-Unsubscribe URL opts out;
  a forged, tampered, expired or answer link gets 400 and writes nothing;
- /respond in Chromium: the link's score is pre-selected and nothing is recorded until submit;
  a tampered link shows the translated error; no sidebar or navigation;
- the issue's acceptance: a demo answer submitted through /respond shows up in the CSAT figures.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.i18n import translations
from queries.demo import DemoSpec, build_demo
from queries.metrics.tallies import compute_metrics
from queries.plumbing.db import make_engine
from queries.plumbing.filters import Filters
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import conversations, customers, survey_invitations, survey_responses
from queries.surveys.links import SurveyLink, sign, verify
from queries.views.overview import overview
from tests.e2e.conftest import ROOT, SCREENSHOTS, free_port, running_server

SECRET = "e2e-survey-link-secret-of-at-least-32-characters"
TTL = timedelta(days=28)
SITE_DAY = date(2026, 11, 1)
SITE_NOW = datetime(2026, 11, 2, 1, tzinfo=UTC)  # VIGIL_NOW of the site's jobs and server
ZONE = "Asia/Taipei"  # VIGIL_TIMEZONE's default: the display zone of the CSAT figures


@dataclass(frozen=True)
class Email:
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())

    def links(self) -> list[str]:
        """The 5 CSAT links, the 11 NPS links, then the unsubscribe link, in text order."""
        found = re.findall(r"http://127\.0\.0\.1:\d+/respond\?\S+", self.text)
        assert len(found) == 5 + 11 + 1
        return found

    @property
    def list_unsubscribe(self) -> str:
        return str(self.message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")

    def link(self) -> SurveyLink:
        return verify(SECRET, token_of(self.links()[0]), TTL, SITE_NOW)


@dataclass(frozen=True)
class Site:
    base: str
    database_url: str
    emails: list[Email]

    def engine(self) -> Engine:
        return make_engine(self.database_url)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def with_token(url: str, token: str) -> str:
    return re.sub(r"([?&]t=)[^&]+", lambda m: m.group(1) + token, url)


def tampered(url: str) -> str:
    """The same link with the first character of the signature changed (not the last one:
    its low bits are base64 padding, so changing it may leave the signature intact)."""
    payload, _dot, signature = token_of(url).rpartition(".")
    first = "A" if signature[0] != "A" else "B"
    return with_token(url, f"{payload}.{first}{signature[1:]}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Demo world (small, ending the day before SITE_NOW) → one jobs cycle writing .eml files →
    `vigil serve` whose VIGIL_PUBLIC_URL is its own address, so the emailed links point at it
    unchanged."""
    folder = tmp_path_factory.mktemp("survey-links")
    database_url = f"sqlite:///{folder / 'vigil.db'}"
    engine = make_engine(database_url)
    upgrade(engine)
    spec = DemoSpec(seed=3, customers=200, days=20, conversations=1_500, end=SITE_DAY)
    build_demo(engine, spec)
    engine.dispose()
    port = free_port()
    outbox = folder / "outbox"
    env = {
        "VIGIL_SECRET_KEY": SECRET,
        "VIGIL_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "VIGIL_MAIL_TRANSPORT": "file",
        "VIGIL_OUTBOX_DIR": str(outbox),
        "VIGIL_QUIET_HOURS": "00:00-00:00",  # the wall clock runs the cycle: send at any hour
        "VIGIL_DATABASE_URL": database_url,
        "VIGIL_NOW": SITE_NOW.isoformat(),  # the jobs and the server share one pinned clock
    }
    cycle = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "jobs", "run-once"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert cycle.returncode == 0, cycle.stderr
    emails = []
    for path in sorted(outbox.glob("*.eml")):
        parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        emails.append(Email(parsed))
    assert len(emails) >= 4, cycle.stdout
    with running_server(database_url, folder / "server.log", port=port, env=env) as base:
        yield Site(base, database_url, emails)


def post(url: str) -> tuple[int, str]:
    """What a mail provider sends for RFC 8058 one-click unsubscribe."""
    request = urllib.request.Request(
        url,
        data=b"List-Unsubscribe=One-Click",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


def opted_out(site: Site) -> dict[int, bool]:
    engine = site.engine()
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(customers.c.id, customers.c.survey_opt_out))
            return {row.id: bool(row.survey_opt_out) for row in rows}
    finally:
        engine.dispose()


def invitation_row(site: Site, invitation_id: int) -> Any:
    engine = site.engine()
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.select(survey_invitations, conversations.c.opened_at)
                .join(conversations)
                .where(survey_invitations.c.id == invitation_id)
            ).one()
    finally:
        engine.dispose()


def answers(site: Site) -> list[Any]:
    engine = site.engine()
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(survey_responses).order_by(survey_responses.c.id)))
    finally:
        engine.dispose()


def test_the_list_unsubscribe_url_takes_the_one_click_post(site: Site) -> None:
    mail = site.emails[0]
    url = mail.list_unsubscribe
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url == mail.links()[-1]  # the email's visible unsubscribe link, exactly
    assert url.startswith(f"{site.base}/respond?t=")
    customer = invitation_row(site, mail.link().invitation_id).customer_id
    assert opted_out(site)[customer] is False

    assert post(url) == (200, "unsubscribed from survey emails\n")
    after = opted_out(site)
    assert after[customer] is True
    assert post(url)[0] == 200  # idempotent: a provider may retry
    assert opted_out(site) == after


@pytest.mark.parametrize("kind", ["tampered", "forged", "expired", "answer", "missing"])
def test_a_bad_one_click_post_gets_400_and_writes_nothing(site: Site, kind: str) -> None:
    mail = site.emails[1]
    url = mail.list_unsubscribe
    link = verify(SECRET, token_of(url), TTL, SITE_NOW)
    bad = {
        "tampered": tampered(url),
        "forged": with_token(url, sign("another-key", link, SITE_NOW)),
        "expired": with_token(url, sign(SECRET, link, SITE_NOW - TTL - timedelta(1))),
        "answer": mail.links()[0],  # a score link is not an unsubscribe request
        "missing": f"{site.base}/respond",
    }[kind]
    before, invitations_before = opted_out(site), invitation_row(site, link.invitation_id)
    status, _body = post(bad)
    assert status == 400
    assert opted_out(site) == before
    assert invitation_row(site, link.invitation_id) == invitations_before


def open_page(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1000, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector('[data-testid="stHeading"]', timeout=30_000)
    page.wait_for_timeout(500)
    return page, errors


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def no_frame(page: Any) -> None:
    """A customer sees the survey alone: no sidebar, filters or page navigation."""
    for testid in ("stSidebar", "stSidebarNav", "stTopNavLinkContainer"):
        assert page.locator(f'[data-testid="{testid}"]').count() == 0, testid
    assert page.locator('[data-testid="stException"]').count() == 0


def submit_answer(browser: Any, mail: Email, csat: int, name: str) -> SurveyLink:
    """Open the email's CSAT link `csat`, check the page, then press the send button."""
    link = mail.link()
    gettext = translations(link.locale).gettext
    page, errors = open_page(browser, mail.links()[csat - 1])
    try:
        assert page.get_by_role("heading", name=gettext("Your feedback")).count() == 1
        no_frame(page)
        scores = page.get_by_role("radiogroup").first
        assert scores.get_by_role("radio", name=str(csat), exact=True).is_checked()
        screenshot(page, f"{name}-opened")
        page.get_by_role("button", name=gettext("Send my answer")).click()
        page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=30_000)
        screenshot(page, f"{name}-sent")
        assert errors == []
    finally:
        page.close()
    return link


@pytest.mark.e2e
def test_respond_in_chromium_records_only_on_submit(browser: Any, site: Site) -> None:
    mail = site.emails[2]
    invitation = invitation_row(site, mail.link().invitation_id)
    before = answers(site)
    assert all(a.conversation_id != invitation.conversation_id for a in before)

    link = mail.link()
    gettext = translations(link.locale).gettext
    page, errors = open_page(browser, mail.links()[3])  # CSAT 4
    try:
        no_frame(page)
        assert page.get_by_text(gettext("Send my answer")).count() == 1
        assert answers(site) == before  # opening the link wrote nothing
    finally:
        page.close()
    assert errors == []

    submit_answer(browser, mail, 4, "respond")
    new = [a for a in answers(site) if a.conversation_id == invitation.conversation_id]
    assert len(new) == 1 and len(answers(site)) == len(before) + 1
    assert (new[0].csat, new[0].source, new[0].invitation_id) == (4, "link", invitation.id)


@pytest.mark.e2e
def test_a_tampered_link_shows_the_error_and_writes_nothing(browser: Any, site: Site) -> None:
    before = answers(site)
    page, errors = open_page(browser, tampered(site.emails[3].links()[4]))
    try:
        screenshot(page, "respond-tampered")
        message = translations("zh-TW").gettext(  # no trusted locale: the default language
            "This link is not valid. Please use the link from your email exactly as it is."
        )
        assert page.get_by_text(message).count() == 1
        assert page.get_by_role("button").count() == 0 and page.get_by_role("radio").count() == 0
        no_frame(page)
    finally:
        page.close()
    assert errors == []
    assert answers(site) == before


@pytest.mark.e2e
def test_a_get_of_the_unsubscribe_url_asks_first(browser: Any, site: Site) -> None:
    mail = site.emails[3]
    customer = invitation_row(site, mail.link().invitation_id).customer_id
    gettext = translations(mail.link().locale).gettext
    page, errors = open_page(browser, mail.list_unsubscribe)
    try:
        screenshot(page, "respond-unsubscribe")
        assert page.get_by_role("button", name=gettext("Yes, unsubscribe")).count() == 1
        no_frame(page)
    finally:
        page.close()
    assert errors == []
    assert opted_out(site)[customer] is False  # a GET (or a mail scanner) changes nothing


@pytest.mark.e2e
def test_a_demo_answer_through_respond_counts_in_the_csat_figures(browser: Any, site: Site) -> None:
    """Issue acceptance: the period of the answered conversation gains one response and one
    CSAT answer, in the §3 metrics and in the executive overview's counts."""
    mail = site.emails[4] if len(site.emails) > 4 else site.emails[3]
    invitation = invitation_row(site, mail.link().invitation_id)
    opened = invitation.opened_at
    day = (opened if opened.tzinfo else opened.replace(tzinfo=UTC)).astimezone(ZoneInfo(ZONE))
    period = Filters(day.date(), day.date(), ZONE)
    now = SITE_NOW

    def figures() -> tuple[dict[str, Any], dict[str, Any]]:
        engine = site.engine()
        try:
            return compute_metrics(engine, period, as_of=now), overview(
                engine, period, as_of=now
            ).counts
        finally:
            engine.dispose()

    metrics_before, counts_before = figures()
    submit_answer(browser, mail, 5, "respond-counts")
    metrics_after, counts_after = figures()
    assert metrics_after["responses"] == metrics_before["responses"] + 1
    assert counts_after["responses"] == counts_before["responses"] + 1
    assert counts_after["csat_n"] == counts_before["csat_n"] + 1
    assert counts_after["csat_satisfied"] == counts_before["csat_satisfied"] + 1
