"""Render one survey invitation as an email: HTML with a plain-text alternative, in the
customer's language, with signed one-click score links and RFC 8058 unsubscribe headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, parseaddr
from html import escape

from jobs.templates import EmailTexts, channel_phrases, email_texts, language
from queries.plumbing.settings import Settings
from queries.surveys.dates import contact_date
from queries.surveys.links import SurveyLink, respond_url, sign

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# RFC 5322's hard limit: a long List-Unsubscribe URL must stay one word, never an encoded-word.
POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True, slots=True)
class Recipient:
    invitation_id: int
    email: str
    name: str | None
    locale: str | None
    time_zone: str | None
    opened_at: datetime
    channel: str


def one_line(text: str | None) -> str:
    """A header-safe single line: CR, LF and other control characters become spaces."""
    return CONTROL.sub(" ", text or "").strip()


def channel_words(lang: str, channel: str) -> tuple[str, str]:
    """The channel as a sentence names it: ('phone call', 'by phone'); unknown ones verbatim."""
    return channel_phrases(lang).get(channel, (channel, channel))


def message_id(invitation_id: int, mail_from: str) -> str:
    """The same Message-ID for every (re)send of an invitation, so a duplicate is recognisable."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "vigil.invalid"
    return f"<survey-invitation-{invitation_id}@{one_line(domain)}>"


def render(recipient: Recipient, settings: Settings, now: datetime) -> EmailMessage:
    lang = language(recipient.locale, settings.locale)
    texts = email_texts(lang)
    secret = settings.link_keys()
    answer = sign(secret, SurveyLink(recipient.invitation_id, lang, "answer"), now)
    leave = sign(secret, SurveyLink(recipient.invitation_id, lang, "unsubscribe"), now)
    base = settings.public_url
    csat = [(n, respond_url(base, answer, csat=n)) for n in range(1, 6)]
    nps = [(n, respond_url(base, answer, nps=n)) for n in range(0, 11)]
    unsubscribe = respond_url(base, leave)

    day = contact_date(recipient.opened_at, recipient.time_zone, settings.timezone, lang)
    channel, by_channel = channel_words(lang, recipient.channel)
    days = int(settings.survey_link_ttl.total_seconds() // 86400)
    name, brand = one_line(recipient.name), one_line(settings.brand_name)
    greeting = texts.greeting.format(name=name) if name else texts.greeting_anonymous
    intro = texts.intro.format(brand=brand, by_channel=by_channel, date=day)
    note, sign_off = texts.note.format(days=days), texts.sign_off.format(brand=brand)

    message = EmailMessage(policy=POLICY)
    message["Subject"] = one_line(texts.subject.format(brand=brand, channel=channel, date=day))
    message["From"] = formataddr((brand, parseaddr(one_line(settings.mail_from))[1]))
    message["To"] = Address(display_name=name, addr_spec=one_line(recipient.email))
    message["Date"] = formatdate(now.timestamp(), usegmt=True)
    message["Message-ID"] = message_id(recipient.invitation_id, settings.mail_from)
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"

    text = "\n".join(
        [
            greeting,
            "",
            intro,
            "",
            texts.csat_question,
            *(f"  {n}: {url}" for n, url in csat),
            "",
            texts.nps_question,
            *(f"  {n}: {url}" for n, url in nps),
            "",
            note,
            "",
            sign_off,
            "",
            f"{texts.unsubscribe}: {unsubscribe}",
        ]
    )
    message.set_content(text, charset="utf-8")
    message.add_alternative(
        _html(lang, greeting, intro, texts, csat, nps, note, sign_off, unsubscribe),
        subtype="html",
    )
    message["Content-Language"] = lang  # after add_alternative, which moves Content-* headers
    return message


def _buttons(links: list[tuple[int, str]]) -> str:
    style = (
        "display:inline-block;min-width:28px;padding:8px 10px;margin:2px;border-radius:6px;"
        "background:#1f4e79;color:#ffffff;text-decoration:none;text-align:center;"
        "font-weight:bold"
    )
    return "".join(
        f'<a href="{escape(url, quote=True)}" style="{style}">{n}</a>' for n, url in links
    )


def _html(
    lang: str,
    greeting: str,
    intro: str,
    texts: EmailTexts,
    csat: list[tuple[int, str]],
    nps: list[tuple[int, str]],
    note: str,
    sign_off: str,
    unsubscribe: str,
) -> str:
    return f"""<!DOCTYPE html>
<html lang="{escape(lang, quote=True)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:sans-serif;color:#222;max-width:640px">
<p>{escape(greeting)}</p>
<p>{escape(intro)}</p>
<p><strong>{escape(texts.csat_question)}</strong></p>
<p>{_buttons(csat)}</p>
<p><strong>{escape(texts.nps_question)}</strong></p>
<p>{_buttons(nps)}</p>
<p style="color:#555">{escape(note)}</p>
<p>{escape(sign_off)}</p>
<p style="font-size:small"><a href="{escape(unsubscribe, quote=True)}">{
        escape(texts.unsubscribe)
    }</a></p>
</body></html>
"""
