"""The email names the channel as a sentence does, in lower case, in both languages."""

from __future__ import annotations

import re

import pytest

from jobs.mail import Recipient, render
from jobs.templates import LANGUAGES, channel_phrases
from tests.builders import utc
from tests.jobs.conftest import make_settings

NOW = utc("2024-06-05 06:00")


def texts(locale: str, channel: str) -> tuple[str, str]:
    recipient = Recipient(1, "ann@example.test", "Ann", locale, "Asia/Taipei", NOW, channel)
    message = render(recipient, make_settings(), NOW)
    body = message.get_body(("plain",))
    assert body is not None
    return str(message["Subject"]), str(body.get_content())


@pytest.mark.parametrize(
    ("channel", "subject", "intro"),
    [
        ("chat", "Your chat with us", "by chat on"),
        ("email", "Your email with us", "by email on"),
        ("phone", "Your phone call with us", "by phone on"),
        ("social", "Your social media message with us", "through social media on"),
    ],
)
def test_english_names_the_channel_in_lower_case(channel: str, subject: str, intro: str) -> None:
    title, text = texts("en", channel)
    assert subject in title
    assert f"You contacted the Vigil support team {intro} June 5, 2024." in text
    assert not re.search(r"\b(Chat|Email|Phone|Social)\b", title + text)


@pytest.mark.parametrize(
    ("channel", "word"),
    [("chat", "線上交談"), ("email", "電子郵件"), ("phone", "電話"), ("social", "社群媒體")],
)
def test_chinese_names_the_channel(channel: str, word: str) -> None:
    title, text = texts("zh-TW", channel)
    assert f"的{word}聯繫" in title
    assert f"透過{word}聯繫了 Vigil 客服團隊" in text  # VIGIL_BRAND_NAME
    assert "2024年6月5日" in title  # no zero padding
    assert not re.search(r"[A-Za-z]{4,}", title.replace("Vigil", ""))


def test_every_channel_has_words_in_every_language() -> None:
    channels = {lang: channel_phrases(lang) for lang in LANGUAGES}
    assert {lang: set(words) for lang, words in channels.items()} == {
        "en": {"chat", "email", "phone", "social"},
        "zh-TW": {"chat", "email", "phone", "social"},
    }
