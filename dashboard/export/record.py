"""What the page showed in this run, in page order, for its export (docs/exports.md): the
kit's components (`tile_row`, `chart_block`, `table_block`, `section`) and the page opening
report here, so a page needs only its one `export_page()` call at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import _
from queries.plumbing.filters import Filters
from queries.reports import document as doc

KEY = "_export_record"


@dataclass(slots=True)
class Record:
    title: str
    filters: Filters
    section: str = ""
    parts: list[doc.Part] = field(default_factory=list)


def _current() -> Record | None:
    found = st.session_state.get(KEY)
    return found if isinstance(found, Record) else None


def begin(title: str, filters: Filters) -> None:
    """A page opened: forget what the last run showed."""
    st.session_state[KEY] = Record(title, filters)


def heading(title: str) -> None:
    if (record := _current()) is not None:
        record.section = title


def tiles(shown: list[doc.Tile]) -> None:
    if (record := _current()) is not None and shown:
        record.parts.append(doc.Tiles(tuple(shown)))


def chart(figure: go.Figure, name: str) -> None:
    """A chart as drawn; its title is its own, else its section's, else its name."""
    if (record := _current()) is None:
        return
    own = figure.layout.title.text if figure.layout.title else None
    record.parts.append(doc.Chart(own or record.section or name, figure.to_plotly_json()))


def table(frame: pl.DataFrame, name: str) -> None:
    if (record := _current()) is not None:
        record.parts.append(doc.Table(record.section or name, frame))


def document(
    language: str, generated: datetime, stem: str, span: str | None = None
) -> doc.Document | None:
    """The export of what this run showed, or None before any page opened; `span` states
    the time shown in place of the period (Next 7 days shows the coming week)."""
    if (record := _current()) is None:
        return None
    filters = record.filters
    cuts = {
        _("Channel"): filters.channels,
        _("Team"): filters.teams,
        _("Segment"): filters.segments,
    }
    facts = doc.facts(filters, generated, language, cuts)
    if span:
        facts = (span, *facts[1:])
    return doc.Document(
        record.title,
        facts,
        language,
        tuple(record.parts),
        doc.file_stem(stem, filters),
    )
