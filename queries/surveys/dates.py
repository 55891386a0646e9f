"""The contact's date as the survey e-mail and the survey page both show it: in the customer's
own zone (the default zone when theirs is missing or unknown), in the link's language, as
Babel's long date without zero padding ("January 5, 2026", "2026年1月5日")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from queries.plumbing.times import known_zone
from queries.plumbing.translations import babel_locale


def customer_zone(name: str | None, default: str) -> ZoneInfo:
    """The customer's IANA zone; the default zone when it is missing or unknown."""
    return ZoneInfo(name if name and known_zone(name) else default)


def contact_date(opened_at: datetime, zone: str | None, default_zone: str, lang: str) -> str:
    local = opened_at.astimezone(customer_zone(zone, default_zone))
    return format_date(local.date(), format="long", locale=babel_locale(lang))
