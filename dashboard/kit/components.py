"""Shared page pieces: KPI tiles, sections that degrade alone, empty states, tables and charts
with their CSV downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.charts.base import escaped
from dashboard.charts.locale import plotly_config
from dashboard.export import record
from dashboard.i18n import _, current_language, number
from dashboard.kit import grants
from dashboard.kit.grid import grid_config
from dashboard.kit.grid import shown as grid_shown
from dashboard.kit.spreadsheet import spreadsheet_csv
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.plumbing.errors import DataUnavailable, QueryTimedOut
from queries.reports import document as doc

TABLE_ROWS = 1_000
"""Rows a table shows; a longer one says so and its CSV download holds every row."""


@dataclass(frozen=True, slots=True)
class Tile:
    """One KPI as shown: a formatted value, its sample size and an optional interval."""

    label: str
    value: str
    n: int | None = None
    interval: str | None = None
    help: str | None = None
    delta: str | None = None
    delta_color: Literal["normal", "inverse", "off"] = "off"
    delta_note: str | None = None

    @property
    def small_sample(self) -> bool:
        return self.n is not None and 0 < self.n < SMALL_SAMPLE


def tile_row(tiles: list[Tile], columns: int | None = None) -> None:
    """Tiles side by side; `columns` keeps rows of different lengths on one grid. Tiles only
    format what their view already read, so a failed read is caught by its section."""
    record.tiles([exported(tile) for tile in tiles])
    for column, tile in zip(st.columns(columns or len(tiles)), tiles, strict=False):
        with column:
            kpi_tile(tile)


def exported(tile: Tile) -> doc.Tile:
    """The tile as a page export shows it (docs/exports.md)."""
    notes = [tile.delta or "", tile.delta_note or "", f"n = {number(tile.n)}" if tile.n else ""]
    return doc.Tile(tile.label, tile.value, " · ".join(note for note in notes if note))


def kpi_tile(tile: Tile) -> None:
    with st.container(border=True):
        label = f":gray[{tile.label}]" if tile.small_sample else tile.label
        st.metric(label, tile.value, delta=tile.delta, delta_color=tile.delta_color, help=tile.help)
        notes = [tile.delta_note] if tile.delta_note else []
        if tile.interval:
            notes.append(_("95% CI {interval}").format(interval=tile.interval))
        if tile.n is not None:
            notes.append(f"n = {number(tile.n)}")
        if notes:
            st.caption(" · ".join(notes))
        if tile.small_sample:
            st.caption(":gray[" + _("Small sample: fewer than 30, read with care.") + "]")
        elif tile.n == 0:
            st.caption(":gray[" + _("Nothing to measure yet in this period.") + "]")


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Show a translated warning instead of an exception when `what`'s data is unavailable;
    the rest of the page still renders (docs/architecture.md, "Errors")."""
    try:
        yield
    except DataUnavailable as exc:
        unavailable(what, exc)


@contextmanager
def section(title: str) -> Iterator[None]:
    """A titled section of a page that degrades alone: a failed or timed-out query inside it
    shows a warning in its place, and the sections after it still render."""
    st.subheader(title)
    record.heading(title)
    with guarded(title):
        yield


def unavailable(what: str, error: DataUnavailable | None = None) -> None:
    """The warning in place of `what`: a read that ran past its time limit says so."""
    if isinstance(error, QueryTimedOut):
        st.warning(
            _(
                "{what}: the query ran past its time limit and was stopped. "
                "Try a shorter period or fewer filters."
            ).format(what=what),
            icon=":material/timer_off:",
        )
        return
    st.warning(
        _("{what}: the database did not answer. Try again in a moment.").format(what=what),
        icon=":material/cloud_off:",
    )


def empty_state() -> None:
    st.info(
        _(
            "No conversations yet. Build the demo world with `vigil demo`, or load your own data "
            "with `vigil import DIR` (see docs/importing.md)."
        ),
        icon=":material/inbox:",
    )


def no_data_in_period() -> None:
    st.info(
        _("No conversations in this period and filter. Widen the period or clear a filter."),
        icon=":material/filter_alt_off:",
    )


def download_csv(label: str, frame: pl.DataFrame, file_name: str, key: str) -> None:
    """A CSV download of `frame` for roles that may take one, audited when taken; every CSV
    goes through here: BOM, headers in the session's language, raw numbers, formula-like
    text cells neutralised (dashboard.kit.spreadsheet)."""
    download(label, lambda: spreadsheet_csv(frame), file_name, "text/csv", key)


def download(
    label: str,
    make: Callable[[], str | bytes],
    file_name: str,
    mime: str,
    key: str,
    lazy: bool = False,
) -> None:
    """Every download goes through here: offered by role, written to the audit log on click;
    `lazy` makes the file only when clicked (a page export draws its charts then)."""
    if not grants.allows("downloads"):
        return
    st.download_button(
        label,
        data=make if lazy else make(),
        file_name=file_name,
        mime=mime,
        key=key,
        icon=":material/download:",
        on_click=grants.record_download,
        args=(file_name,),
    )


def nothing_to_draw(frame: pl.DataFrame) -> bool:
    """No rows, or rate columns (floats) that are all undefined: answers have not come in."""
    rates = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    return frame.is_empty() or (
        bool(rates) and all(frame[c].null_count() == frame.height for c in rates)
    )


def chart_block(
    figure: go.Figure,
    frame: pl.DataFrame,
    name: str,
    on_select: Callable[[], None] | None = None,
) -> None:
    """The chart, then a CSV download of `frame` (the data drawn), keyed by `name`; with
    `on_select`, a click on a point calls it (the selection is in st.session_state
    "<name>_chart"). A frame with nothing to draw (no rows, or no value in any number column:
    conversations but no answers yet) shows a note instead of an empty frame."""
    if nothing_to_draw(frame):
        st.info(
            _("Nothing to draw yet: no answers in this period."), icon=":material/hourglass_empty:"
        )
        return
    figure, config = escaped(figure), plotly_config(current_language())
    record.chart(figure, name)
    if on_select is None:
        st.plotly_chart(figure, key=f"{name}_chart", config=config)
    else:
        st.plotly_chart(
            figure, key=f"{name}_chart", config=config, on_select=on_select,
            selection_mode="points",
        )  # fmt: skip
    download_csv(_("Download CSV"), frame, f"{name}.csv", key=f"{name}_csv")


def table_block(
    frame: pl.DataFrame, name: str, progress: str | None = None, limit: int = TABLE_ROWS
) -> None:
    """A plain-text table (never HTML) of at most `limit` rows, then a CSV download of the
    whole table; `progress` names a 0–100 column drawn as a bar."""
    config = grid_config(frame) | ({progress: percent_column(progress)} if progress else {})
    record.table(frame, name)
    st.dataframe(
        grid_shown(frame.head(limit)), hide_index=True, key=f"{name}_table", column_config=config
    )
    if frame.height > limit:
        st.caption(
            _("Showing the first {shown} of {total} rows; the CSV download holds them all.").format(
                shown=number(limit), total=number(frame.height)
            )
        )
    download_csv(_("Download CSV"), frame, f"{name}.csv", key=f"{name}_csv")


def percent_column(label: str) -> Any:
    return st.column_config.ProgressColumn(label, min_value=0, max_value=100, format="%.1f%%")
