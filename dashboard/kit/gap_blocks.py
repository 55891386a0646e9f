"""The gap blocks of the coverage pages (`queries.metrics.gap_blocks`) as a translated table:
when, agents to add, contacts, who is on shift (team · site) and the spare agents nearby."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.i18n import _, day, number
from dashboard.kit.staffing import weekday_names
from queries.plumbing.formats import rounded


def span(weekday: int, hour: int, hours: int) -> str:
    """'Sat 00:00–07:00' (the end hour wraps past midnight: 'Fri 22:00–02:00')."""
    return f"{weekday_names()[weekday]} {hour:02d}:00–{(hour + hours) % 24:02d}:00"


def crew_text(on_shift: list[dict[str, Any]]) -> str:
    """'Night Desk · Taipei 1.0, Tier 1 · Taipei 0.5', or '—' when nobody is on shift."""
    on_shift = [row for row in on_shift if (rounded(row["agents"], 1) or 0) > 0]  # as shown
    if not on_shift:
        return "—"
    names = [
        " · ".join(p for p in (row["team"], row["site"]) if p) or _("No team") for row in on_shift
    ]
    return ", ".join(
        f"{name} {number(row['agents'], 1)}" for name, row in zip(names, on_shift, strict=True)
    )


def spare_text(nearby: list[dict[str, Any]]) -> str:
    """'Sat 09:00–17:00: 2 spare; …', or '—'."""
    if not nearby:
        return "—"
    return "; ".join(
        _("{span}: {spare} spare").format(
            span=span(row["weekday"], row["hour"], row["hours"]), spare=number(row["spare"])
        )
        for row in nearby
    )


def blocks_table(blocks: pl.DataFrame) -> pl.DataFrame:
    """The blocks worst first: when (with the date for coming hours), hours, agents to add,
    contacts per hour, who is on shift and the spare agents nearby, with translated headers."""
    rows = blocks.to_dicts()
    when = [span(r["weekday"], r["hour"], r["hours"]) for r in rows]
    if "date" in blocks.columns:
        when = [f"{day(r['date'])} {w}" for r, w in zip(rows, when, strict=True)]
    columns = [
        (_("When"), when, pl.String),
        (_("Hours"), [r["hours"] for r in rows], pl.Int64),
        (_("Agents to add"), [r["add"] for r in rows], pl.Int64),
        (_("Contacts per hour"), [rounded(r["contacts"], 1) for r in rows], pl.Float64),
        (_("On shift (team · site)"), [crew_text(r["on_shift"]) for r in rows], pl.String),
        (_("Spare agents nearby"), [spare_text(r["nearby"]) for r in rows], pl.String),
    ]
    return pl.DataFrame([pl.Series(name, values, dtype=kind) for name, values, kind in columns])
