"""The survey page against its e-mail on a phone (390×844), behind a real `vigil serve` on a
SQLite file: the page dates the contact as the e-mail does (the customer's zone), the
confirmation replaces the form and is on screen after submit, and a link that fails its
signature or age check still speaks the link's language. The e-mail itself is rendered and
screenshotted at 1280 px and 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from jobs.mail import Recipient, render
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.settings import Settings
from queries.surveys.links import SurveyLink, sign
from tests.builders import World, utc
from tests.e2e.conftest import SCREENSHOTS, running_server
from tests.worlds import DEMO_NOW

pytestmark = pytest.mark.e2e
KEY = "survey-phone-test-key-of-at-least-32-characters"
PHONE = {"width": 390, "height": 844}
OPENED = utc("2026-11-10 02:30")  # Nov 10 in Taipei, still Nov 9 in New York


@dataclass
class Survey:
    base: str
    invitation: int
    folder: Path

    def link(self, lang: str, *, at: Any = DEMO_NOW, csat: int | None = None) -> str:
        token = sign(KEY, SurveyLink(self.invitation, lang, "answer"), at)
        return f"{self.base}/respond?t={token}" + (f"&csat={csat}" if csat else "")


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Survey]:
    folder = tmp_path_factory.mktemp("survey-phone")
    url = f"sqlite:///{folder / 'survey.db'}"
    engine = make_engine(url)
    upgrade(engine)
    world = World(engine)
    customer = world.customer(locale="en", time_zone="America/New_York", name="Ann Lee")
    chat = world.conversation(
        customer_id=customer, opened_at=OPENED, resolved_at=OPENED + timedelta(hours=1)
    )
    invitation = world.invitation(conversation_id=chat)
    engine.dispose()
    env = {"VIGIL_SECRET_KEY": KEY, "VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(url, folder / "server.log", env=env) as base:
        yield Survey(base, invitation, folder)


def email_html(lang: str) -> tuple[str, str]:
    """The survey e-mail's HTML and the contact date its text names."""
    settings = Settings(secret_key=KEY, public_url="http://127.0.0.1", brand_name="Acme")  # type: ignore[arg-type]
    recipient = Recipient(
        1, "ann@example.test", "Ann Lee", lang, "America/New_York", OPENED, "chat"
    )
    message = render(recipient, settings, DEMO_NOW)
    html = message.get_body(("html",))
    assert html is not None
    text = str(html.get_content())
    found = re.search(r" on (.+?)\. " if lang == "en" else r"您在 (\S+) ", text)
    assert found is not None
    return text, found.group(1)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_page_dates_the_contact_as_the_email_and_confirms_on_screen(
    browser: Any, survey: Survey, lang: str
) -> None:
    _html, emailed = email_html(lang)
    assert emailed in ("November 9, 2026", "2026年11月9日")  # New York's day, no zero padding
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(survey.link(lang, csat=4))
        assert emailed in page.locator("p.about").inner_text()
        page.locator('input[name="nps"][value="9"]').check(force=True)
        page.locator('button[type="submit"]').click()
        page.wait_for_selector("#confirmation")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"survey-phone-confirmed-{lang}.png")
        assert page.locator("form").count() == 0  # the confirmation replaced the form
        box = page.locator("#confirmation").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        assert page.evaluate("document.activeElement.id") == "confirmation"
    finally:
        page.close()


@pytest.mark.parametrize(
    ("lang", "expired", "tampered"),
    [
        ("en", "This survey link has expired", "This link is not valid"),
        ("zh-TW", "這個問卷連結已過期", "這個連結無效"),
    ],
)
def test_failed_links_speak_the_links_language(
    browser: Any, survey: Survey, lang: str, expired: str, tampered: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(survey.link(lang, at=DEMO_NOW - timedelta(days=60)))
        assert expired in page.locator("main").inner_text()
        page.screenshot(path=SCREENSHOTS / f"survey-phone-expired-{lang}.png")
        link = survey.link(lang)
        page.goto(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))
        assert tampered in page.locator("main").inner_text()
    finally:
        page.close()


def test_the_email_fits_a_phone_and_a_desktop(browser: Any, tmp_path: Path) -> None:
    for lang in ("en", "zh-TW"):
        html, _date = email_html(lang)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        file = tmp_path / f"email-{lang}.html"
        file.write_text(html, encoding="utf-8")
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.goto(file.as_uri())
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.screenshot(
                    path=SCREENSHOTS / f"survey-email-{lang}-{width}.png", full_page=True
                )
            finally:
                page.close()


def test_serve_prints_the_outbox_folder(survey: Survey) -> None:
    """The file transport is on (the default): `vigil serve` says where the e-mails go."""
    log = (survey.folder / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "vigil serve: survey e-mails go to " in log
    assert "outbox" in log
