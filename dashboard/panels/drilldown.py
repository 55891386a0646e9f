"""Conversations behind the numbers: a section at the bottom of a value-centre page listing the
conversations of a measure and cut (`queries.drilldown`), filled from its selectboxes, from a
tile's "See conversations" button, or from a click on a bar or point of a chart.

Picks, cuts and clicks are defined in `dashboard.drilldown_parts`. The choice lives in
st.session_state under "<key>_drill_what", "<key>_drill_by" and "<key>_drill_<cut>" (<key>:
the page), set by a tile or a click before the selectboxes render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import data
from dashboard.data import settings
from dashboard.i18n import _, number
from dashboard.kit.components import chart_block, download_csv
from dashboard.panels.drilldown_parts import (
    WHOLE,
    Link,
    Target,
    clicked,
    conversations_table,
    cut_label,
    ordered,
    parse_pick,
    pick_label,
    value_label,
)
from queries.plumbing.filters import Filters
from queries.views.drilldown import CUT_COLUMNS

CUTS = (*CUT_COLUMNS, "day", "week")


def select(key: str, pick: str, by: str, value: Any) -> None:
    st.session_state[f"{key}_drill_what"] = pick
    st.session_state[f"{key}_drill_by"] = by
    if by != WHOLE:
        st.session_state[f"{key}_drill_{by}"] = value
    st.session_state[f"{key}_drill_jump"] = True
    st.session_state[f"{key}_drill_on"] = True


def tile_links(links: Sequence[str | Link | None], key: str, columns: int | None = None) -> None:
    """Under a tile row: a "See conversations" button per tile (None: no button)."""
    for index, (column, link) in enumerate(
        zip(st.columns(columns or len(links)), links, strict=False)
    ):
        if link is not None:
            pick, by, value = (link, WHOLE, None) if isinstance(link, str) else link
            column.button(
                _("See conversations"), key=f"{key}_tile_{index}_{pick}", icon=":material/list:",
                type="tertiary", on_click=select, args=(key, pick, by, value),
            )  # fmt: skip


def drill_chart(
    figure: go.Figure, frame: pl.DataFrame, name: str, key: str, target: Target
) -> None:
    """`components.chart_block`, where clicking a point fills the drill-down of the page `key`."""

    def on_select() -> None:
        points = st.session_state[f"{name}_chart"]["selection"]["points"]
        link = clicked(points[0], frame, target) if points else None
        if link is not None:
            select(key, *link)

    chart_block(figure, frame, name, on_select)


def cut_block(key: str, *picks: str) -> Callable[[str, go.Figure, pl.DataFrame, str], None]:
    """A `value_views.cut_columns` block: each cut's bars open that cut's conversations."""

    def block(by: str, figure: go.Figure, frame: pl.DataFrame, name: str) -> None:
        drill_chart(figure, frame, name, key, Target(picks, by, by))

    return block


def _choose(where: Any, label: str, options: list[Any], state: str, show: Callable) -> Any:
    """A selectbox whose state is valid before it renders; labels are translated now, in the
    session's language (a format_func may also be called outside the script run)."""
    if st.session_state.get(state) not in options:
        st.session_state[state] = options[0]
    names = {option: show(option) for option in options}
    return where.selectbox(label, options, key=state, format_func=names.__getitem__)


def drilldown_section(
    filters: Filters, picks: Sequence[str], key: str, cuts: Sequence[str] = CUTS
) -> None:
    """The "Conversations behind the numbers" section: choose, then the table and its CSV."""
    st.subheader(_("Conversations behind the numbers"), anchor=f"{key}-conversations")
    st.caption(_("Choose what to list and how to cut it, or click a bar or point in a chart."))
    if not st.toggle(_("List conversations"), key=f"{key}_drill_on"):
        return  # nothing is read until asked: the page loads at its own speed
    if st.session_state.pop(f"{key}_drill_jump", False):
        st.toast(
            _("The conversations are listed at the bottom of the page."),
            icon=":material/arrow_downward:",
        )
    window = settings().fcr_window_days
    base = data.drill_choices(filters, window)
    what, how, which = st.columns(3)
    pick = _choose(what, _("What"), list(picks), f"{key}_drill_what", pick_label)
    by = _choose(how, _("Cut by"), [WHOLE, *cuts], f"{key}_drill_by", cut_label)
    cut = parse_pick(pick)
    if by != WHOLE and base.choices[by]:
        options = ordered(by, base.choices[by], base.agents)
        value = _choose(which, cut_label(by), options, f"{key}_drill_{by}",
                        lambda v: value_label(by, v, base.agents))  # fmt: skip
        bucket = by in ("day", "week")
        cut = replace(cut, bucket=value, grain=by) if bucket else replace(cut, **{by: value})
    found = data.drilldown(filters, cut, window)
    if found.total == 0:
        st.info(_("No conversation matches this choice."), icon=":material/search_off:")
        return
    shown, total = number(found.rows.height), number(found.total)
    if found.rows.height < found.total:
        st.caption(_("Showing the latest {shown} of {total} conversations.").format(
            shown=shown, total=total))  # fmt: skip
    else:
        st.caption(_("{total} conversations, newest first.").format(total=total))
    table = conversations_table(found.rows, filters.tz)
    column = st.column_config.Column
    config = {_("Opened at"): column(pinned=True), _("Conversation"): column(pinned=True),
              _("CSAT score"): column(width="small"), _("NPS score"): column(width="small"),
              _("Comment"): column(width="large")}  # fmt: skip
    name = f"{key}-conversations"  # plain text, then the CSV of exactly the rows shown
    st.dataframe(table, hide_index=True, key=f"{name}_table", column_config=config, placeholder="")
    download_csv(_("Download CSV"), table.write_csv, f"{name}.csv", key=f"{name}_csv")
