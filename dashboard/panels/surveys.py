"""Pieces of the survey operations page: translated labels, the heartbeat alarm, the funnel
tiles, and each section's chart or table. Every number comes from `queries.views.surveys`."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.charts.surveys import funnel, queue_by_hour
from dashboard.i18n import _, duration, number, percent
from dashboard.kit.components import Tile, chart_block, section, table_block
from dashboard.kit.names import zone as zone_label
from dashboard.sidebar import channel_label
from queries.views.surveys import Heartbeat, ResponseRates, SurveyFunnel, SurveyQueue


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


def funnel_tiles(view: SurveyFunnel, queue: SurveyQueue) -> list[Tile]:
    return [
        Tile(_("Surveys sent"), number(view.sent)),
        Tile(_("Response rate"), percent(view.response_rate.value), n=view.response_rate.n),
        Tile(_("Due in the next 24 h"), number(queue.pending)),
        Tile(_("Failed"), number(view.failed)),
    ]


def heartbeat_banner(beats: Heartbeat) -> None:
    now = data.now()  # not the cache key's floored minute: the last run may be later
    if not beats.alive(now):
        st.error(
            _(
                "The jobs process has not run for more than 5 minutes, so no surveys are being "
                "sent. Start it with `vigil jobs` (or `make run`)."
            ),
            icon=":material/error:",
        )
        return
    if (error := beats.send_paused) is not None:
        st.error(
            _(
                "Sending is paused: the last send run failed ({error}). Invitations stay due "
                "and go out at the first run the mail server accepts."
            ).format(error=error),
            icon=":material/pause_circle:",
        )
    st.success(
        _("The jobs process is running; last run {ago} ago.").format(
            ago=duration(beats.seconds_since(now))
        ),
        icon=":material/favorite:",
    )


def funnel_sections(view: SurveyFunnel) -> None:
    """The funnel chart and, beside it, what happened to the invitations."""
    left, right = st.columns(2)
    with left, section(_("Survey funnel")):
        chart_block(funnel(view.stages, stage_labels()), view.stages, "survey-funnel")
    with right, section(_("What happened to the invitations")):
        outcomes_table(view.outcomes)


def outcomes_table(frame: pl.DataFrame) -> None:
    rows = [
        {_("Status"): status_label(s), _("Reason"): reason_label(r), _("Invitations"): n}
        for s, r, n in frame.iter_rows()
    ]
    table_block(pl.DataFrame(rows), "survey-outcomes")


def rates_tables(view: ResponseRates) -> None:
    by_channel, by_language = st.columns(2)
    with by_channel:
        rates_table(view.by_channel, "channel")
    with by_language:
        rates_table(view.by_locale, "locale")


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


def queue_chart(queue: SurveyQueue, tz: str) -> None:
    if queue.empty:
        st.caption(_("Nothing is due in the next 24 hours."))
        return
    x_title = _("Due hour ({zone})").format(zone=zone_label(tz))
    axes = {"x_title": x_title, "y_title": _("Invitations")}
    chart_block(queue_by_hour(queue.due, tz=tz, **axes), queue.due, "survey-queue")


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
