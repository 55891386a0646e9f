"""Pieces of the survey operations page: translated labels, the heartbeat alarm, tables."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import _, duration, number, percent
from dashboard.kit.components import Tile, table_block
from dashboard.sidebar import channel_label
from queries.views.surveys import scheduler_alive


def stage_labels() -> dict[str, str]:
    return {
        "resolved": _("Resolved conversations"),
        "invited": _("Invitations created"),
        "sent": _("Surveys sent"),
        "answered": _("Answered via the link"),
    }


def status_label(status: str) -> str:
    return {
        "pending": _("Waiting to send"),
        "sending": _("Sending"),
        "sent": _("Sent"),
        "failed": _("Failed"),
        "suppressed": _("Not sent (suppressed)"),
        "cancelled": _("Cancelled"),
    }.get(status, status)


def reason_label(reason: str | None) -> str:
    return {
        None: "",
        "opted_out": _("Customer unsubscribed"),
        "no_email": _("No email address"),
        "throttled": _("Already surveyed recently"),
        "reopened": _("Conversation reopened"),
        "expired": _("Too old to send"),
    }.get(reason, reason or "")


def funnel_tiles(stages: pl.DataFrame, queue: pl.DataFrame, outcomes: pl.DataFrame) -> list[Tile]:
    count = dict(zip(stages["stage"], stages["count"], strict=True))
    rate = 100.0 * count["answered"] / count["sent"] if count["sent"] else None
    failed = int(outcomes.filter(pl.col("status") == "failed")["count"].sum())
    return [
        Tile(_("Surveys sent"), number(count["sent"])),
        Tile(_("Response rate"), percent(rate), n=count["sent"]),
        Tile(_("Due in the next 24 h"), number(int(queue["pending"].sum()))),
        Tile(_("Failed"), number(failed)),
    ]


def heartbeat_banner(beats: pl.DataFrame) -> None:
    now = data.now()  # not the cache key's floored minute: the last run may be later
    if not scheduler_alive(beats, now):
        st.error(
            _(
                "The jobs process has not run for more than 5 minutes, so no surveys are being "
                "sent. Start it with `vigil jobs` (or `make run`)."
            ),
            icon=":material/error:",
        )
        return
    last = beats["started_at"].max()
    assert isinstance(last, datetime)
    st.success(
        _("The jobs process is running; last run {ago} ago.").format(
            ago=duration(max((now - last).total_seconds(), 0.0))
        ),
        icon=":material/favorite:",
    )


def outcomes_table(frame: pl.DataFrame) -> None:
    rows = [
        {_("Status"): status_label(s), _("Reason"): reason_label(r), _("Invitations"): n}
        for s, r, n in frame.iter_rows()
    ]
    table_block(pl.DataFrame(rows), "survey-outcomes")


def rates_table(frame: pl.DataFrame, by: str) -> None:
    label = channel_label if by == "channel" else str
    rows = [
        {
            (_("Channel") if by == "channel" else _("Language")): label(key or "—"),
            _("Sent"): sent,
            _("Answered"): answered,
            _("Response rate"): percent(rate),
        }
        for key, sent, answered, rate in frame.iter_rows()
    ]
    table_block(pl.DataFrame(rows), f"survey-rates-by-{by}")


def failures_table(frame: pl.DataFrame) -> None:
    if frame.is_empty():
        st.caption(_("No failed deliveries."))
        return
    rows = [
        {
            _("Conversation"): conversation,
            _("Status"): status_label(status),
            _("Attempts"): attempts,
            _("Next try / last try (UTC)"): f"{due:%Y-%m-%d %H:%M}",
            _("Last error"): error,
        }
        for _id, conversation, status, attempts, due, error in frame.iter_rows()
    ]
    table_block(pl.DataFrame(rows), "survey-failures")
