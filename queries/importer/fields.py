"""Typed parsers for one CSV field each (docs/importing.md).

A parser receives the non-empty text of a field and returns the typed value, or raises
`FieldError` with a message that quotes the bad text. Empty fields never reach a parser:
the reader turns them into null (or the column's default) first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from queries.plumbing.errors import InstantError
from queries.plumbing.schema import CHANNELS
from queries.plumbing.text import first_control
from queries.plumbing.times import known_zone, parse_instant

Parser = Callable[[str], Any]

INT32_MAX = 2**31 - 1
TEXT_LIMIT = 100_000
"""Characters of a free-text field without a database size (comment, kind): docs/importing.md."""
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""The first plausible instant; the last is one day after now (`instant_window`)."""
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class FieldError(ValueError):
    """One field's text is not a valid value; the reader adds file, line and column."""


def text(max_length: int | None = None) -> Parser:
    """Free text, kept exactly as written; `max_length` is the database column's limit
    (`TEXT_LIMIT` without one). Control characters are refused (`queries.plumbing.text`)."""
    limit = TEXT_LIMIT if max_length is None else max_length

    def parse(value: str) -> str:
        if len(value) > limit:
            raise FieldError(f"{len(value)} characters is longer than the limit of {limit}")
        control = first_control(value)
        if control is not None:
            raise FieldError(f"control character {control} (remove it; tab and newline are fine)")
        return value

    return parse


def timestamp(value: str) -> datetime:
    """ISO 8601 with `Z` or an explicit offset, returned in UTC (`queries.times`)."""
    try:
        return parse_instant(value)
    except InstantError as exc:
        raise FieldError(str(exc)) from None


def instant_window(now: datetime) -> tuple[datetime, datetime]:
    """The instants an import accepts: `EARLIEST` to one day after `now`, both included."""
    return EARLIEST, now + timedelta(days=1)


def check_instant(value: datetime, window: tuple[datetime, datetime]) -> None:
    earliest, latest = window
    if not earliest <= value <= latest:
        shown = value.isoformat().replace("+00:00", "Z")
        raise FieldError(f"{shown} is outside the accepted {earliest.date()} – {latest.date()}")


def boolean(value: str) -> bool:
    """Exactly `true` or `false`."""
    if value == "true":
        return True
    if value == "false":
        return False
    raise FieldError(f"expected true or false, got {value!r}")


def integer(low: int = 0, high: int = INT32_MAX) -> Parser:
    """A whole number in [low, high]; the default is a count (0 up to PostgreSQL's INTEGER)."""

    def parse(value: str) -> int:
        if not _is_integer_text(value):
            raise FieldError(f"not an integer: {value!r}")
        parsed = int(value)
        if low <= parsed <= high:
            return parsed
        if high != INT32_MAX:
            raise FieldError(f"{parsed} is outside {low}–{high}")
        raise FieldError(f"{parsed} is below {low}" if parsed < low else f"{parsed} is too large")

    return parse


def _is_integer_text(value: str) -> bool:
    digits = value[1:] if value[:1] in ("-", "+") else value
    return digits.isascii() and digits.isdigit()


def number(value: str) -> float:
    """A finite decimal number such as `12.50`, `-3` or `1e3`."""
    if not DECIMAL.fullmatch(value):
        raise FieldError(f"not a number: {value!r}")
    parsed = float(value)
    if not math.isfinite(parsed):
        raise FieldError(f"{value} is too large")
    return parsed


def channel(value: str) -> str:
    """One of the §2 channels."""
    if value not in CHANNELS:
        expected = ", ".join(CHANNELS[:-1]) + f" or {CHANNELS[-1]}"
        raise FieldError(f"unknown channel {value!r} (expected {expected})")
    return value


def time_zone(value: str) -> str:
    """An IANA time zone name such as `Asia/Taipei`."""
    if not known_zone(value):
        raise FieldError(f"unknown time zone {value!r}")
    return value


def country(value: str) -> str:
    """An ISO 3166 alpha-2 code, stored upper-case."""
    if len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise FieldError(f"country must be 2 letters, got {value!r}")
    return value.upper()


CSAT_SCALES = ("good_bad",)
"""Scales other than 1–5 (empty): good_bad stores good as 5 and bad as 1 (docs/importing.md)."""


def csat_scale(value: str) -> str:
    if value not in CSAT_SCALES:
        raise FieldError(f"unknown csat_scale {value!r} (expected good_bad, or empty for 1–5)")
    return value


LABEL_LOCALES = ("en", "zh-TW")
"""The languages of the dashboard, which display names are written for (docs/importing.md)."""


def label_locale(value: str) -> str:
    """A dashboard language: `en` or `zh-TW`."""
    if value not in LABEL_LOCALES:
        raise FieldError(f"unknown locale {value!r} (expected en or zh-TW)")
    return value
