"""The mature cohort a page reads while the chosen period is too recent for 90-day retention
(`queries.metrics.retention.mature_period`, docs/metrics.md "Mature cohort"): its label, the
caption that names it, and the one-click way back to the chosen period."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboard.i18n import _, day
from queries.metrics.retention import mature_period
from queries.plumbing.filters import Filters


def label(period: Filters) -> str:
    return _("Cohort {start} – {end}").format(start=day(period.start), end=day(period.end))


def chosen(key: str) -> bool:
    """Has the reader asked for their own period (the toggle `key`)?"""
    return bool(st.session_state.get(key, False))


def pending(filters: Filters, as_of: datetime) -> Filters | None:
    """The mature cohort of `filters` whatever the toggle (`mature_period`)."""
    return mature_period(filters, as_of)


def cohort_for(filters: Filters, as_of: datetime, key: str) -> Filters | None:
    """The mature cohort to read instead of `filters`, or None to read `filters` as chosen."""
    mature = mature_period(filters, as_of)
    return None if mature is None or chosen(key) else mature


def note(mature: Filters | None, key: str) -> None:
    """Which cohort (`mature`, None when the chosen period is mature) the value metrics read,
    with the toggle back to the chosen period."""
    if mature is None:
        return
    if not chosen(key):
        st.caption(
            _(
                "The period is too recent for 90-day retention, so it and What service is worth "
                "read the latest 30 days whose 90 days have passed: {cohort}."
            ).format(cohort=label(mature))
        )
    st.toggle(_("Read retention on the chosen period instead"), key=key)
