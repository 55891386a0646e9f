"""The digests page's pieces (admins; docs/digests.md): the subscriptions as a table, a form
to add one and a picker to remove one. Sending is the jobs process's."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import LANGUAGES, _
from dashboard.kit.staffing import weekday_names
from queries.plumbing.errors import BadInput
from queries.reports import subscriptions


def content_names() -> dict[str, str]:
    return {
        "executive": _("Executive summary"),
        "pain_points": _("Weekly pain-point report"),
        "coverage": _("Coverage outlook"),
    }


def schedule_names() -> dict[str, str]:
    return {"weekly": _("Weekly"), "daily": _("Daily"), "monthly": _("Monthly (the 1st)")}


def when(s: subscriptions.Subscription) -> str:
    day = f" {weekday_names()[s.weekday]}" if s.schedule == "weekly" else ""
    return f"{schedule_names()[s.schedule]}{day} {s.hour:02d}:00 ({s.zone})"


def subscriptions_table() -> pl.DataFrame:
    rows = subscriptions.all_subscriptions(data.primary())
    return pl.DataFrame(
        {
            "ID": [s.id for s in rows],
            _("Recipients"): [", ".join(s.recipients) for s in rows],
            _("Content"): [content_names()[s.content] for s in rows],
            _("Schedule"): [when(s) for s in rows],
            _("Language"): [LANGUAGES[s.language] for s in rows],
            _("Skip when empty"): [s.skip_when_empty for s in rows],
            _("Last period sent"): [s.last_period_end or "—" for s in rows],
        },
        schema_overrides={"ID": pl.Int64},
    )


def pick(where: Any, label: str, names: dict[str, str]) -> str:
    """A select box of the translated `names`, answering the chosen key."""
    chosen = where.selectbox(label, list(names.values()))
    return next(key for key, name in names.items() if name == chosen)


def add_form() -> None:
    with st.form("digest-add", clear_on_submit=True):
        recipients = st.text_input(_("Recipients (comma-separated e-mail addresses)"))
        content = st.selectbox(
            _("Content"), list(content_names()), format_func=lambda k: content_names()[k]
        )
        left, middle, right = st.columns(3)
        schedule = left.selectbox(
            _("Schedule"), list(schedule_names()), format_func=lambda k: schedule_names()[k]
        )
        days = weekday_names()
        weekday = days.index(str(middle.selectbox(_("Weekday"), days)))
        hour = right.number_input(_("Hour"), min_value=0, max_value=23, value=8)
        zone = st.text_input(_("Display zone"), value=data.settings().timezone)
        language = pick(st, _("Language"), LANGUAGES)
        teams = st.multiselect(_("Team"), data.filter_options().teams, placeholder=_("All teams"))
        skip = st.checkbox(_("Skip when empty"), value=True)
        if st.form_submit_button(_("Add subscription")):
            try:
                new = subscriptions.add(
                    data.primary(),
                    [r.strip() for r in recipients.split(",") if r.strip()],
                    language=str(language), zone=zone.strip(), schedule=str(schedule),
                    weekday=int(weekday), hour=int(hour), content=str(content),
                    filters={"teams": list(teams)}, skip_when_empty=skip, now=data.now(),
                )  # fmt: skip
            except BadInput as exc:
                st.error(str(exc))
            else:
                st.success(_("Subscription {id} added.").format(id=new))


def remove_form(table: pl.DataFrame) -> None:
    if table.is_empty():
        return
    chosen = st.selectbox(_("Subscription to remove"), table.get_column("ID").to_list())
    if st.button(_("Remove subscription"), type="secondary"):
        subscriptions.remove(data.primary(), int(chosen))
        st.rerun()
