"""Conversations behind the numbers: a section at the bottom of a value-centre page listing the
conversations of a measure and cut (`queries.views.drilldown`), filled from its selectboxes
or from a tile or a chart click (`dashboard.panels.drill_links`, which writes the choice
into st.session_state). Each page lists its `*_PICKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.data import settings
from dashboard.i18n import _, day, duration, number
from dashboard.kit import grants
from dashboard.kit.components import download_csv, guarded
from dashboard.kit.cuts import channel_names
from dashboard.kit.names import shown, shown_names
from dashboard.panels.drill_links import ALL, WHOLE, parse_pick
from dashboard.sidebar import channel_label
from queries.plumbing.filters import Filters
from queries.views.drilldown import CUT_COLUMNS, NO_AGENT, NONE, Cut, DrillChoices, Drilldown

CUTS = (*CUT_COLUMNS, "day", "week")
CSAT_SCORES = tuple(f"csat_score:{score}" for score in range(1, 6))
OVERVIEW_PICKS = (
    "conversations",
    "csat_answers",
    "nps_answers",
    "resolved",
    "invitations_sent",
    "first_responses",
    "responses",
)
CSAT_PICKS = ("csat_answers", "csat_satisfied", "csat_unsatisfied", *CSAT_SCORES, "conversations")
NPS_PICKS = ("nps_answers", "promoters", "passives", "detractors")
FCR_PICKS = (
    "resolved",
    "first_contact_resolved",
    "repeat_contacts",
    "one_touch",
    "survey_fcr_answers",
    "survey_resolved",
)
VOICE_PICKS = ("conversations", "csat_answers", "csat_negative", "csat_unsatisfied")


def pick_label(pick: str) -> str:
    if pick.startswith("csat_score:"):
        return _("CSAT score {score}").format(score=pick.partition(":")[2])
    return {
        "conversations": _("All conversations"),
        "responses": _("Survey answers"),
        "invitations_sent": _("Survey invitations sent"),
        "first_responses": _("Conversations with a first response"),
        "csat_answers": _("CSAT answers"),
        "csat_satisfied": _("Satisfied (CSAT 4–5)"),
        "csat_unsatisfied": _("Not satisfied (CSAT 1–3)"),
        "csat_negative": _("Negative (CSAT 1–2)"),
        "nps_answers": _("NPS answers"),
        "promoters": _("Promoters (9–10)"),
        "passives": _("Passives (7–8)"),
        "detractors": _("Detractors (0–6)"),
        "resolved": _("Resolved conversations"),
        "first_contact_resolved": _("Resolved at first contact"),
        "repeat_contacts": _("Resolved, then a repeat contact"),
        "one_touch": _("Resolved with at most one reply"),
        "survey_fcr_answers": _("Survey answers on resolution"),
        "survey_resolved": _("Resolved, says the customer"),
    }[pick]


def cut_label(by: str) -> str:
    return {
        WHOLE: _("Nothing: the whole period"),
        "channel": _("Channel"),
        "team": _("Team"),
        "category": _("Category"),
        "segment": _("Segment"),
        "agent_id": _("Agent"),
        "local_hour": _("Customer's local hour"),
        "local_night": _("Customer's night or day"),
        "day": _("Day"),
        "week": _("Week (starting Monday)"),
    }[by]


def value_label(by: str, value: Any, agents: Mapping[int, str]) -> str:
    if by == "agent_id":
        return _("(no agent)") if value == NO_AGENT else agents.get(value, f"#{value}")
    if by == "local_hour":
        return f"{value:02d}:00–{value:02d}:59"
    if by == "local_night":
        return _("Night (22:00–07:00)") if value else _("Daytime (07:00–22:00)")
    if by in ("day", "week"):
        return day(value)
    if value == NONE:
        return _("(none)")
    return channel_label(value) if by == "channel" else shown(str(value))


def channel_choice(channel: str) -> str:
    return _("All channels") if channel == ALL else value_label("channel", channel, {})


def conversations_table(rows: pl.DataFrame, tz: str) -> pl.DataFrame:
    """`Drilldown.rows` in `tz`, translated, plain text ("" for nothing), scores as numbers."""

    def local(name: str) -> pl.Expr:
        return pl.col(name).dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M")

    waits = ["" if s is None else duration(s) for s in rows["first_response_s"].to_list()]
    repeat = pl.col("repeat_contact")
    return rows.select(
        local("opened_at").alias(_("Opened at")),
        pl.col("conversation").alias(_("Conversation")),
        pl.col("customer").alias(_("Customer")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        shown_names(pl.col("category")).fill_null(_("(none)")).alias(_("Category")),
        pl.col("csat").alias(_("CSAT score")),
        pl.col("nps").alias(_("NPS score")),
        shown_names(pl.col("team")).fill_null("").alias(_("Team")),
        pl.col("agent").fill_null(_("(no agent)")).alias(_("Agent")),
        pl.lit(pl.Series(waits, dtype=pl.String)).alias(_("First response")),
        local("resolved_at").fill_null("").alias(_("Resolved at")),
        pl.when(repeat)
        .then(pl.lit(_("Yes")))
        .when(~repeat)
        .then(pl.lit(_("No")))
        .otherwise(pl.lit(""))
        .alias(_("Repeat contact")),
        pl.col("comment").fill_null("").alias(_("Comment")),
    )


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
    """The "Conversations behind the numbers" section: choose, then the table and its CSV. It
    reads on its own, so a failed read warns here and nowhere else on the page."""
    title = _("Conversations behind the numbers")
    st.subheader(title, anchor=f"{key}-conversations")
    if grants.customers_hidden(_("Conversation lists")):
        return
    st.caption(_("Choose what to list and how to cut it, or click a bar or point in a chart."))
    if not st.toggle(_("List conversations"), key=f"{key}_drill_on"):
        return  # nothing is read until asked: the page loads at its own speed
    if st.session_state.pop(f"{key}_drill_jump", False):
        st.toast(
            _("The conversations are listed at the bottom of the page."),
            icon=":material/arrow_downward:",
        )
    window = settings().fcr_window_days
    with guarded(title):
        cut = _chosen_cut(data.drill_choices(filters), picks, key, cuts)
        _listing(data.drilldown(filters, cut, window), filters.tz, key)


def _chosen_cut(base: DrillChoices, picks: Sequence[str], key: str, cuts: Sequence[str]) -> Cut:
    """The selectboxes: what to list, how to cut it, the cut's value, and the channel."""
    what, how, which, where = st.columns(4)
    pick = _choose(what, _("What"), list(picks), f"{key}_drill_what", pick_label)
    by = _choose(how, _("Cut by"), [WHOLE, *cuts], f"{key}_drill_by", cut_label)
    cut = parse_pick(pick)
    if by != "channel" and base.channel:  # a day and a channel: a segment of a stacked bar
        channels = [ALL, *base.channel]
        state = f"{key}_drill_and_channel"
        channel = _choose(where, _("Channel"), channels, state, channel_choice)
        if channel != ALL:
            cut = replace(cut, channel=channel)
    if by == WHOLE or not base.of(by):
        return cut
    show = partial(value_label, by, agents=base.agents)
    value = _choose(which, cut_label(by), list(base.of(by)), f"{key}_drill_{by}", show)
    if by in ("day", "week"):
        return replace(cut, bucket=value, grain=by)
    return replace(cut, **{by: value})


def _listing(found: Drilldown, tz: str, key: str) -> None:
    """How many match, then the plain-text table and the CSV of exactly the rows shown."""
    if found.empty:
        st.info(_("No conversation matches this choice."), icon=":material/search_off:")
        return
    shown, total = number(found.rows.height), number(found.total)
    if found.capped:
        latest = _("Showing the latest {shown} of {total} conversations.")
        st.caption(latest.format(shown=shown, total=total))
    else:
        st.caption(_("{total} conversations, newest first.").format(total=total))
    table = conversations_table(found.rows, tz)
    column = st.column_config.Column
    config = {
        _("Opened at"): column(pinned=True),
        _("Conversation"): column(pinned=True),
        _("CSAT score"): column(width="small"),
        _("NPS score"): column(width="small"),
        _("Comment"): column(width="large"),
    }
    name = f"{key}-conversations"
    st.dataframe(table, hide_index=True, key=f"{name}_table", column_config=config, placeholder="")
    download_csv(_("Download CSV"), table, f"{name}.csv", key=f"{name}_csv")
