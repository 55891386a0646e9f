"""What opens the drill-down (`dashboard.panels.drilldown`): a tile's "See conversations"
button, or a click on a bar or point of a chart. Both only write the choice into
st.session_state, under "<key>_drill_what", "<key>_drill_by", "<key>_drill_<cut>" and
"<key>_drill_and_channel" (<key>: the page), before the section's selectboxes render.

A *pick* is a measure, or "csat_score:N" for one CSAT score. A *cut* is a
`queries.views.drilldown` cut column, "day" or "week" (buckets of the display zone), or
`WHOLE`. A click may narrow a cut to one channel as well: a segment of a stacked day bar is
that day *and* that channel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import _
from dashboard.kit import grants
from dashboard.kit.components import chart_block
from queries.views.drilldown import NO_AGENT, NONE, Cut

WHOLE = "whole"
"""The cut "everything": no slice."""
ALL = "all"
"""The channel refinement "every channel"."""
Link = tuple[str, str, Any]
"""(pick, cut, value): what a tile or a chart point opens."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a click on a chart picks: `picks` per trace (the last one repeats; "{column}" is
    filled from the clicked row), the cut, and the frame column holding its value (None: the
    point's x, a date). `by_channel`: the point's customdata is its channel, which narrows
    the cut (a segment of a stacked bar per channel)."""

    picks: tuple[str, ...]
    by: str = WHOLE
    column: str | None = None
    by_channel: bool = False


def parse_pick(pick: str) -> Cut:
    measure, _sep, score = pick.partition(":")
    return Cut(measure, score=int(score) if score else None)  # type: ignore[arg-type]


def clicked(point: dict[str, Any], frame: pl.DataFrame, target: Target) -> Link | None:
    """The (pick, cut, value) of a clicked chart point (pure); None when it maps to no row."""
    curve = int(point.get("curve_number") or 0)
    pick = target.picks[min(curve, len(target.picks) - 1)]
    if target.by != WHOLE and target.column is None:  # the x axis holds the day
        return pick, target.by, date.fromisoformat(str(point.get("x"))[:10])
    index = point.get("point_index", point.get("point_number"))
    if not isinstance(index, int) or not 0 <= index < frame.height:
        return None
    row = frame.row(index, named=True)
    value = None if target.column is None else row[target.column]
    if value is None and target.by != WHOLE:
        value = NO_AGENT if target.by == "agent_id" else NONE
    return pick.format(**row), target.by, value


def clicked_channel(point: dict[str, Any], target: Target) -> str:
    """The channel a click narrows its cut to (pure): the point's customdata for a
    `by_channel` target, else `ALL`."""
    if not target.by_channel:
        return ALL
    custom = point.get("customdata")
    channel = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
    return str(channel) if channel else ALL


def select(key: str, pick: str, by: str, value: Any, channel: str = ALL) -> None:
    st.session_state[f"{key}_drill_what"] = pick
    st.session_state[f"{key}_drill_by"] = by
    if by != WHOLE:
        st.session_state[f"{key}_drill_{by}"] = value
    st.session_state[f"{key}_drill_and_channel"] = channel
    st.session_state[f"{key}_drill_jump"] = True
    st.session_state[f"{key}_drill_on"] = True


def tile_links(links: Sequence[str | Link | None], key: str, columns: int | None = None) -> None:
    """Under a tile row: a "See conversations" button per tile (None: no button); none for a
    role that may not list conversations."""
    if not grants.allows("customers"):
        return
    for index, (column, link) in enumerate(
        zip(st.columns(columns or len(links)), links, strict=False)
    ):
        if link is not None:
            pick, by, value = (link, WHOLE, None) if isinstance(link, str) else link
            column.button(
                _("See conversations"),
                key=f"{key}_tile_{index}_{pick}",
                icon=":material/list:",
                type="tertiary",
                on_click=select,
                args=(key, pick, by, value),
            )


def drill_chart(
    figure: go.Figure, frame: pl.DataFrame, name: str, key: str, target: Target
) -> None:
    """`components.chart_block`, where clicking a point fills the drill-down of the page `key`."""

    def on_select() -> None:
        points = st.session_state[f"{name}_chart"]["selection"]["points"]
        link = clicked(points[0], frame, target) if points else None
        if link is not None:
            select(key, *link, channel=clicked_channel(points[0], target))

    chart_block(figure, frame, name, on_select if grants.allows("customers") else None)


def cut_block(key: str, *picks: str) -> Callable[[str, go.Figure, pl.DataFrame, str], None]:
    """A block for a row of cut charts: each cut's bars open that cut's conversations."""

    def block(by: str, figure: go.Figure, frame: pl.DataFrame, name: str) -> None:
        drill_chart(figure, frame, name, key, Target(picks, by, by))

    return block
