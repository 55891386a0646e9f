"""The customers' survey page, rendered on the server (docs/surveys.md, "The survey page").

No Streamlit and no WebSocket: plain HTML forms, so nothing of the dashboard is reachable from
it. Its only script (`/survey.js`) counts the comment's characters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from queries.plumbing.translations import gettext_for
from queries.surveys.answers import COMMENT_LIMIT, Answer, Invitation
from queries.surveys.dates import contact_date

TEMPLATES = Path(__file__).with_name("templates")
_pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
HEADERS = {  # no cache (the answer changes); the token in the URL never leaves the site
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
CSAT_SCORES = range(1, 6)
NPS_SCORES = range(11)


@dataclass(frozen=True, slots=True)
class Draft:
    """What the form shows: the customer's entry, kept across an error and a retry."""

    csat: int | None = None
    nps: int | None = None
    resolved: bool | None = None
    comment: str = ""

    @classmethod
    def of(cls, answer: Answer | None) -> Draft:
        if answer is None:
            return cls()
        return cls(answer.csat, answer.nps, answer.resolved, answer.comment or "")

    def empty(self) -> bool:
        return (
            self.csat is None
            and self.nps is None
            and self.resolved is None
            and not (self.comment.strip())
        )


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str  # "info" | "success" | "warning" | "error"
    text: str


@dataclass(slots=True)
class View:
    """One rendering of the page: a notice, and the answer form or the unsubscribe question."""

    lang: str
    notices: list[Notice] = field(default_factory=list)
    about: str = ""
    form: str | None = None  # "answer" | "unsubscribe" | None (a message only)
    draft: Draft = Draft()


def about(lang: str, invitation: Invitation, default_zone: str) -> str:
    """The page's first line: one whole sentence per channel, so it reads naturally; the date
    in the customer's zone, worded as the e-mail words it (`queries.surveys.dates`)."""
    _ = gettext_for(lang).gettext
    sentences = {
        "chat": _("About your chat with us on {date}."),
        "email": _("About your email to us on {date}."),
        "phone": _("About your phone call with us on {date}."),
        "social": _("About your social media message to us on {date}."),
    }
    sentence = sentences.get(invitation.channel, _("About your contact with us on {date}."))
    date = contact_date(invitation.opened_at, invitation.time_zone, default_zone, lang)
    return sentence.format(date=date)


def score(raw: object, scores: range) -> int | None:
    """A score from a form or the link (`&csat=4`); anything else selects nothing."""
    try:
        value = int(str(raw)) if raw not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and value in scores else None


def render(view: View, token: str, status: int = 200) -> Response:
    _ = gettext_for(view.lang).gettext
    html = _pages.get_template("survey.html").render(
        view=view,
        token=token,
        title=_("Your feedback"),
        csat_scores=CSAT_SCORES,
        nps_scores=NPS_SCORES,
        limit=COMMENT_LIMIT,
        limit_text=_("Up to {limit} characters.").format(limit=f"{COMMENT_LIMIT:,}"),
        _=_,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


SCRIPT = (TEMPLATES / "survey.js").read_text(encoding="utf-8")
STYLE = (TEMPLATES / "survey.css").read_text(encoding="utf-8")


def asset(body: str, media_type: str) -> Response:
    headers = {"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media_type, headers=headers)
