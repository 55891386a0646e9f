"""Whole rendered e-mails in both languages against the text recorded before the texts moved
into the gettext catalog (tests/jobs/expected/*.txt): headers, plain text and HTML."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from jobs.mail import Recipient, render
from tests.builders import utc
from tests.jobs.conftest import make_settings

NOW = utc("2024-06-05 06:00")
OPENED = utc("2024-06-04 17:30")  # 06-05 01:30 in Taipei, 06-04 13:30 in New York
EXPECTED = Path(__file__).with_name("expected")
HEADERS = (
    "Subject", "From", "To", "Date", "Message-ID", "List-Unsubscribe",
    "List-Unsubscribe-Post", "Auto-Submitted", "Content-Language",
)  # fmt: skip
CASES = {  # case -> (name, locale, time zone, channel)
    "en_phone_named": ("Ann Lee", "en", "America/New_York", "phone"),
    "en_email_anonymous": (None, "en-GB", None, "email"),
    "zh_tw_chat_named": ("王小明", "zh-TW", "Asia/Taipei", "chat"),
    "zh_tw_social_anonymous": (None, None, "Asia/Taipei", "social"),
    "zh_tw_unknown_channel": ("Mei", "zh-Hant", "Asia/Taipei", "fax"),
}


def canonical(message: EmailMessage) -> str:
    """The message as text without its random MIME boundary."""
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    headers = [f"{name}: {message[name]}" for name in HEADERS]
    return "\n".join(
        [*headers, "--- text/plain", str(plain.get_content()), "--- text/html",
         str(html.get_content())]
    )  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_email_is_todays_text(case: str) -> None:
    name, locale, zone, channel = CASES[case]
    recipient = Recipient(7, "someone@example.test", name, locale, zone, OPENED, channel)
    rendered = canonical(render(recipient, make_settings(), NOW))
    assert rendered == (EXPECTED / f"{case}.txt").read_text(encoding="utf-8")
