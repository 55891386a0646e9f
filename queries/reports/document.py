"""What an exported page or a digest holds (docs/exports.md), before it is drawn: a title, the
facts that frame it (period, zone, filters, generation time), then its parts in page order:
rows of tiles, charts (Plotly figures as plain JSON dicts, so no Plotly is imported here) and
tables whose headers are already in the reader's language. `queries.reports.pdf` and
`queries.reports.png` draw it; the dashboard and the jobs build it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from queries.plumbing.filters import Filters
from queries.plumbing.translations import gettext_for

TOP_ROWS = 15
"""Rows an exported table keeps; a line says how many more were left out."""


@dataclass(frozen=True, slots=True)
class Tile:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Tiles:
    tiles: tuple[Tile, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    figure: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    frame: pl.DataFrame

    @property
    def shown(self) -> pl.DataFrame:
        return self.frame.head(TOP_ROWS)

    @property
    def left_out(self) -> int:
        return max(0, self.frame.height - TOP_ROWS)


Part = Tiles | Chart | Table


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    facts: tuple[str, ...]
    language: str
    parts: tuple[Part, ...] = field(default_factory=tuple)
    name: str = "vigil"  # the files' stem: `file_stem`

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(part for part in self.parts if isinstance(part, Chart))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(part for part in self.parts if isinstance(part, Table))


def facts(
    filters: Filters,
    generated: datetime,
    language: str,
    cuts: dict[str, tuple[str, ...]] | None = None,
) -> tuple[str, ...]:
    """The lines under the title: period, zone, each filter (or "all") and generation time,
    in the reader's language; `cuts` overrides the filters' labels (translated names)."""
    _ = gettext_for(language).gettext
    labels = cuts or {
        _("Channel"): filters.channels,
        _("Team"): filters.teams,
        _("Segment"): filters.segments,
    }
    local = generated.astimezone(filters.zone)
    lines = [
        _("Period: {start} – {end}").format(start=filters.start, end=filters.end),
        _("Time zone: {zone}").format(zone=filters.tz),
        _("Filters: {filters}").format(
            filters="; ".join(
                f"{name} = {', '.join(values) if values else _('all')}"
                for name, values in labels.items()
            )
        ),
        _("Generated {when}").format(when=local.strftime("%Y-%m-%d %H:%M %Z")),
    ]
    return tuple(lines)


def file_stem(kind: str, filters: Filters) -> str:
    """'vigil-overview-2026-10-01_2026-10-31': what, then the period (ASCII only)."""
    return f"vigil-{kind}-{filters.start}_{filters.end}"


def left_out_line(count: int, language: str) -> str:
    _ = gettext_for(language).gettext
    return _("{count} more rows not shown; the CSV holds them all.").format(count=count)
