"""KPI tile formatting: intervals, signed changes and their colour, and the tile of a `Rate`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from dashboard.i18n import _, number, p_value, percent, signed_duration
from dashboard.i18n import signed as signed_number
from dashboard.kit.components import Tile
from queries.metrics.changes import Change
from queries.metrics.rates import Rate

Better = Literal["higher", "lower"]


def interval(
    bounds: Sequence[float] | None, *, signed: bool = False, suffix: str = ""
) -> str | None:
    if bounds is None:
        return None
    low, high = bounds
    if signed:
        return f"{signed_number(low)} – {signed_number(high)}{suffix}"
    return f"{number(low, 1)} – {number(high, 1)}{suffix}"


def nps_text(value: float | None) -> str:
    return signed_number(value)


def change_parts(
    change: Change, text: str | None, better: Better
) -> tuple[str | None, Literal["normal", "inverse", "off"], str | None]:
    """delta text, its colour, and a note: colour only for a change that is more than noise."""
    if change.difference is None or text is None:
        return None, "off", None
    if change.significant:
        return text, "normal" if better == "higher" else "inverse", _("vs previous period")
    if change.p_value is None:
        return text, "off", _("vs previous period, not tested")
    return (
        text,
        "off",
        _("vs previous period: within noise (p = {p})").format(p=p_value(change.p_value)),
    )


def points(difference: float | None) -> str | None:
    return (
        None if difference is None else _("{value} pts").format(value=signed_number(difference, 1))
    )


def seconds(difference: float | None) -> str | None:
    if difference is None:
        return None
    return signed_duration(difference)


def rate_tile(
    rate: Rate, label: str, help_text: str, *, signed: bool = False, better: Better = "higher"
) -> Tile:
    """A rate's tile: its value, n and 95 % interval, and its change where it was compared.
    `signed` for NPS (−100…100, changes in plain numbers), otherwise a percentage."""
    if signed:
        value, bounds = nps_text(rate.value), interval(rate.interval, signed=True)
        change = None if rate.change is None else signed_number(rate.change, 1)
    else:
        value, bounds = percent(rate.value), interval(rate.interval, suffix="%")
        change = points(rate.change)
    delta, color, note = change_parts(Change(rate.change, rate.p_value), change, better)
    return Tile(
        label,
        value,
        n=rate.n,
        interval=bounds,
        help=help_text,
        delta=delta,
        delta_color=color,
        delta_note=note,
    )
