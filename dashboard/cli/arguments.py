"""argparse types for the `vigil` command line: dates, zones, instants, shares, periods."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime

from queries.plumbing.errors import BadInput, InstantError
from queries.plumbing.filters import FIRST_DAY, LAST_DAY, Filters, plausible_day
from queries.plumbing.times import known_zone, parse_instant


def iso_date(text: str) -> date:
    """A day in FIRST_DAY – LAST_DAY (docs/metrics.md, "Command line")."""
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc
    if not plausible_day(day):
        raise argparse.ArgumentTypeError(f"{text} is outside {FIRST_DAY} – {LAST_DAY}")
    return day


def zone_name(text: str) -> str:
    """An IANA time zone, e.g. Asia/Taipei."""
    if not known_zone(text):
        raise argparse.ArgumentTypeError(f"unknown IANA time zone: {text!r}")
    return text


def period(args: argparse.Namespace, default_zone: str) -> Filters:
    """The command's --start, --end, --tz and --team as Filters; BadInput when the end comes
    before the start."""
    if args.end < args.start:
        raise BadInput(f"--end {args.end} is before --start {args.start}")
    return Filters(args.start, args.end, args.tz or default_zone, teams=tuple(args.team))


def iso_instant(text: str) -> datetime:
    try:
        return parse_instant(text)
    except InstantError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def share(low: float, high: float | None, *, closed_low: bool = False) -> Callable[[str], float]:
    """An argparse type: a number in (low, high), or [low, high) with closed_low."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
        above = value >= low if closed_low else value > low
        if not above or (high is not None and value >= high):
            bracket = "[" if closed_low else "("
            upper = "∞" if high is None else f"{high:g}"
            raise argparse.ArgumentTypeError(f"{text} is outside {bracket}{low:g}, {upper})")
        return value

    return parse
