"""Signed, expiring survey links (docs/surveys.md): shared by the mailer (jobs) and the respond
page.

A token names one invitation, the language of its email and what it is for: answering the
survey ("answer") or leaving the survey list ("unsubscribe"). Scores travel beside the token
in the URL (`&csat=4`): they only pre-select an answer, which the customer submits explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlencode

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from queries.plumbing.errors import ExpiredLink, InvalidLink

SALT = "vigil.survey-link.v1"
Purpose = Literal["answer", "unsubscribe"]
TOKEN_PARAM = "t"
Keys = str | Sequence[str]  # one key, or the current key first and then older ones


@dataclass(frozen=True, slots=True)
class SurveyLink:
    invitation_id: int
    locale: str
    purpose: Purpose


def _signer_at(now: datetime | None) -> type[TimestampSigner]:
    """A signer whose clock is `now` (tests and jobs inject the clock), else the wall clock."""
    if now is None:
        return TimestampSigner
    stamp = int(now.astimezone(UTC).timestamp())

    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return stamp

    return ClockSigner


def _serializer(keys: Keys, now: datetime | None) -> URLSafeTimedSerializer:
    """Signs with the first key; verifies with any (rotation: `Settings.link_keys`)."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys or not all(keys):
        raise ValueError("a survey link needs a non-empty secret key")
    # itsdangerous signs with the last key of its list and verifies with every one
    return URLSafeTimedSerializer(keys[::-1], salt=SALT, signer=_signer_at(now))


def sign(keys: Keys, link: SurveyLink, now: datetime | None = None) -> str:
    payload = {"i": link.invitation_id, "l": link.locale, "p": link.purpose}
    return str(_serializer(keys, now).dumps(payload))


def verify(keys: Keys, token: str, ttl: timedelta, now: datetime | None = None) -> SurveyLink:
    """The link inside `token`; raises ExpiredLink or InvalidLink and never anything else."""
    try:
        payload: Any = _serializer(keys, now).loads(token, max_age=int(ttl.total_seconds()))
    except SignatureExpired as exc:
        raise ExpiredLink("the survey link has expired") from exc
    except BadData as exc:
        raise InvalidLink("the survey link is not valid") from exc
    try:
        purpose = payload["p"]
        if purpose not in ("answer", "unsubscribe"):
            raise InvalidLink("unknown link purpose")
        return SurveyLink(int(payload["i"]), str(payload["l"]), purpose)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidLink("the survey link is not valid") from exc


def respond_url(public_url: str, token: str, **scores: int) -> str:
    """{public_url}/respond?t=TOKEN[&csat=N][&nps=N]."""
    query = urlencode({TOKEN_PARAM: token, **{k: str(v) for k, v in scores.items()}})
    return f"{public_url.rstrip('/')}/respond?{query}"


# --- the digests' one-click unsubscribe (docs/digests.md): the same signer, its own salt ----

DIGEST_SALT = "vigil.digest-unsubscribe.v1"
DIGEST_PARAM = "d"


@dataclass(frozen=True, slots=True)
class DigestLink:
    subscription_id: int
    address: str


def _digest_serializer(keys: Keys, now: datetime | None) -> URLSafeTimedSerializer:
    keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys or not all(keys):
        raise ValueError("a digest link needs a non-empty secret key")
    return URLSafeTimedSerializer(keys[::-1], salt=DIGEST_SALT, signer=_signer_at(now))


def sign_digest(keys: Keys, link: DigestLink, now: datetime | None = None) -> str:
    serializer = _digest_serializer(keys, now)
    return str(serializer.dumps({"s": link.subscription_id, "a": link.address}))


def verify_digest(keys: Keys, token: str, now: datetime | None = None) -> DigestLink:
    """The digest link inside `token` (no expiry: a digest keeps coming); InvalidLink else."""
    serializer = _digest_serializer(keys, now)
    try:
        payload: Any = serializer.loads(token)
        return DigestLink(int(payload["s"]), str(payload["a"]))
    except (BadData, KeyError, TypeError, ValueError) as exc:
        raise InvalidLink("the unsubscribe link is not valid") from exc


def digest_unsubscribe_url(public_url: str, token: str) -> str:
    """{public_url}/respond?d=TOKEN: POST it (RFC 8058) to leave the digest."""
    return f"{public_url.rstrip('/')}/respond?{urlencode({DIGEST_PARAM: token})}"


def claimed_language(token: str) -> str | None:
    """The language a token's payload names, read WITHOUT verifying it: only to word the
    error page of a link whose signature or age check failed in the customer's language.
    Nothing else may trust it."""
    try:
        _valid, payload = URLSafeTimedSerializer("unverified", salt=SALT).loads_unsafe(token)
    except Exception:  # any garbage: no language
        return None
    locale = payload.get("l") if isinstance(payload, dict) else None
    return locale if isinstance(locale, str) else None
