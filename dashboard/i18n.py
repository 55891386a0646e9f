"""The session's language over the one catalog (`queries.plumbing.translations`), and
locale-aware formatting."""

from __future__ import annotations

from datetime import date

import streamlit as st
from babel.dates import format_date

from queries.plumbing import formats
from queries.plumbing.translations import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    babel_locale,
    catalog_path,
    translations,
)

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "babel_locale", "catalog_path", "translations"]

LANGUAGE_KEY = "lang"


def current_language() -> str:
    language = st.session_state.get(LANGUAGE_KEY) or st.query_params.get(LANGUAGE_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate `message` (English source text) into the session's language."""
    return translations(current_language()).gettext(message)


def number(value: float | None, digits: int = 0) -> str:
    """Grouped, with exactly `digits` decimals (`queries.plumbing.formats`)."""
    return formats.decimal(value, digits, current_language())


def p_value(p: float | None) -> str:
    """'0.23', or '< 0.01'."""
    return formats.p_value(p, current_language())


def signed(value: float | None, digits: int = 0) -> str:
    """A change with its sign, '+1,234.5' or '-3': an ASCII '-', which st.metric reads for
    its arrow (a leading U+2212 '−' would show an up arrow)."""
    return formats.signed(value, digits, current_language())


def signed_duration(seconds: float) -> str:
    """A change of duration with its sign, '+3 min 20 s' or '-45 s' (ASCII '-', as `signed`)."""
    return ("-" if seconds < 0 else "+") + duration(abs(seconds))


def money(value: float | None, currency: str) -> str:
    """An amount in `currency` (ISO 4217), whole units: 'NT$1,234' in both languages."""
    return formats.money(value, currency, current_language())


def percent(value: float | None, digits: int = 1) -> str:
    """A 0–100 rate as '87.5%'."""
    return "—" if value is None else f"{number(value, digits)}%"


def duration(seconds: float | None) -> str:
    """Seconds as a short human duration: '45 s', '3 min 20 s', '2 h 05 min'."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("{h} h {m:02d} min").format(h=hours, m=minutes)
    if minutes:
        return _("{m} min {s:02d} s").format(m=minutes, s=secs)
    return _("{s} s").format(s=secs)


def day(value: date) -> str:
    return format_date(value, format="medium", locale=babel_locale(current_language()))
