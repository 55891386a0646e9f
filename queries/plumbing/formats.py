"""The one number-format policy (docs/i18n.md), for tiles, tables, charts and data grids in
both languages: grouping always, fixed decimals per kind, no SI suffixes ("12,115", never
"12.115k"), percentages as "%", p-values with two decimals and "< 0.01", currency explicit
(NT$ for TWD in every language, the ISO code wherever a symbol is ambiguous)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

import polars as pl
from babel.numbers import format_decimal, get_currency_symbol

from queries.plumbing.translations import babel_locale

Kind = Literal["count", "rate", "agents", "minutes", "p_value", "money", "score"]
DIGITS: Final[dict[Kind, int]] = {
    "count": 0,
    "rate": 1,
    "agents": 1,
    "minutes": 1,
    "p_value": 2,
    "money": 0,
    "score": 2,
}
P_FLOOR: Final = 0.01
SLIDER_PERCENT: Final = "percent"
"""A 0–1 slider shown as "80%", as the tiles show the same setting."""
SYMBOLS: Final = {"TWD": "NT$"}
"""Symbols that read the same in every language; other currencies use Babel's symbol only
when it names the currency alone (€, £), else the ISO code ("USD 1,234")."""
AMBIGUOUS: Final = frozenset({"$", "¥", "kr", "₩", "£E"})


def exact(value: float, digits: int) -> Decimal:
    """The one rounding: `value` to `digits` decimals, a half away from zero, on the number
    itself (the exact binary float): 5.25 → 5.3, -5.25 → -5.3, 2.5 → 3, while 0.15, stored as
    0.1499…, → 0.1. That is how a chart tooltip (d3-format, JavaScript's toFixed) and a data
    grid (printf) round, so tiles, tables, tooltips and exports agree to the last digit; Babel
    and Polars would round a half to even (5.25 → 5.2) instead."""
    return Decimal(float(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def rounded(value: float | None, digits: int) -> float | None:
    """`value` after `exact` rounding, as a number (None and NaN stay missing)."""
    if value is None or math.isnan(value):
        return None
    return float(exact(value, digits)) if math.isfinite(value) else value


def rounded_column(column: pl.Expr, digits: int) -> pl.Expr:
    """A table column rounded as `decimal` shows its values (`exact`), not by Polars'
    half-to-even `round`: a table cell and a tooltip of the same number agree."""
    return column.map_elements(lambda v: rounded(v, digits), return_dtype=pl.Float64)


def decimal(value: float | None, digits: int, language: str) -> str:
    """`value` with grouping and exactly `digits` decimals: '13,998', '26.7', '49.0'."""
    if value is None or math.isnan(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    number = exact(value, digits) if math.isfinite(value) else value
    return format_decimal(number, format=pattern, locale=babel_locale(language))


def signed(value: float | None, digits: int, language: str) -> str:
    """A change with its sign, '+1,234.5' or '-3' (ASCII '-'; no sign on a zero as shown)."""
    if value is None or math.isnan(value):
        return "—"
    shown = decimal(abs(value), digits, language)
    return ("-" if value < 0 and shown.strip("0.,") else "+") + shown


def of_kind(value: float | None, kind: Kind, language: str) -> str:
    if kind == "p_value":
        return p_value(value, language)
    return decimal(value, DIGITS[kind], language)


def p_value(p: float | None, language: str) -> str:
    """'0.23', or '< 0.01' below 0.01."""
    if p is None:
        return "—"
    return f"< {decimal(P_FLOOR, 2, language)}" if p < P_FLOOR else decimal(p, 2, language)


def currency_symbol(currency: str, language: str) -> str:
    if currency in SYMBOLS:
        return SYMBOLS[currency]
    symbol = str(get_currency_symbol(currency, locale=babel_locale(language)))
    return currency if symbol in AMBIGUOUS or symbol.endswith("$") else symbol


def money(value: float | None, currency: str, language: str) -> str:
    """Whole units with an explicit currency: 'NT$1,234' in both languages, 'USD 1,234'."""
    if value is None:
        return "—"
    symbol = currency_symbol(currency, language)
    gap = " " if symbol == currency else ""
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{gap}{decimal(abs(value), DIGITS['money'], language)}"


def grid_format(kind: Kind) -> str:
    """The data-grid (st.column_config) printf format of a kind: grouping, fixed decimals."""
    digits = DIGITS[kind]
    return "%,d" if digits == 0 else f"%,.{digits}f"
