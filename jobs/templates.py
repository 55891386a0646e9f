"""Survey e-mail texts: English gettext msgids, translated through the one catalog
(`queries.plumbing.translations`) into the recipient's language. No Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from queries.plumbing.translations import gettext_for

LANGUAGES: Final = ("en", "zh-TW")


@dataclass(frozen=True, slots=True)
class EmailTexts:
    """One language's texts; the placeholders each one takes are named in braces."""

    subject: str  # {brand} {channel} {date}
    greeting: str  # {name}
    greeting_anonymous: str
    intro: str  # {brand} {by_channel} {date}
    csat_question: str
    nps_question: str
    note: str  # {days}
    unsubscribe: str
    sign_off: str  # {brand}


def email_texts(lang: str) -> EmailTexts:
    _ = gettext_for(lang).gettext
    return EmailTexts(
        subject=_("{brand}: how did we do? Your {channel} with us on {date}"),
        greeting=_("Hello {name},"),
        greeting_anonymous=_("Hello,"),
        intro=_(
            "You contacted the {brand} support team {by_channel} on {date}. "
            "Three short questions and an optional comment help us do better."
        ),
        csat_question=_(
            "How satisfied are you with the help you received? "
            "(1 = very dissatisfied, 5 = very satisfied)"
        ),
        nps_question=_(
            "How likely are you to recommend us to a friend or colleague? "
            "(0 = not at all likely, 10 = extremely likely)"
        ),
        note=_(
            "Choosing a score opens a page where you can confirm it and add a comment. "
            "The links stay valid for {days} days."
        ),
        unsubscribe=_("Don't want survey emails? Unsubscribe"),
        sign_off=_("Thank you, the {brand} support team"),
    )


def channel_phrases(lang: str) -> dict[str, tuple[str, str]]:
    """Per channel, the two forms a sentence needs, in lower case (mid-sentence): what the
    contact was ("Your phone call with us") and how it was made ("by phone")."""
    _ = gettext_for(lang).gettext
    return {
        "chat": (_("chat"), _("by chat")),
        "email": (_("email"), _("by email")),
        "phone": (_("phone call"), _("by phone")),
        "social": (_("social media message"), _("through social media")),
    }


def language(locale: str | None, default: str) -> str:
    """The email language: the customer's locale when we have texts for it, else the default."""
    for candidate in (locale, default):
        if candidate in LANGUAGES:
            return candidate
        if candidate and candidate.split("-")[0].lower() == "zh":
            return "zh-TW"
        if candidate and candidate.split("-")[0].lower() == "en":
            return "en"
    return "en"
