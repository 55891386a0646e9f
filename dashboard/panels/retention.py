"""Pieces of the retention page: tiles, the horizon note, the "what service is worth" summary,
and chart blocks that always offer the CSV of exactly the frame drawn."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import streamlit as st

from dashboard.charts.palette import BAD, GOOD, NEUTRAL, NONE
from dashboard.charts.retention import horizon_bars, labelled_bars, retention_curves
from dashboard.i18n import _, day, money, number, percent
from dashboard.kit.components import Tile, chart_block, table_block
from dashboard.kit.tiles import interval
from dashboard.kit.worth import (
    csat_labels,
    currency,
    fcr_labels,
    outcome_labels,
    value_sentences,
    value_table,
)
from queries.metrics.horizons import HORIZONS, at_horizon
from queries.metrics.rates import Rate
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.metrics.worth import RetentionView

OUTCOME_COLORS = {
    "csat_bucket": (GOOD, NEUTRAL, BAD, NONE),  # positive, neutral, negative, none
    "fcr": (GOOD, BAD, NONE),  # yes, no, open
}
WHEN = "%Y-%m-%d %H:%M"


def as_of_caption(as_of: datetime) -> str:
    return _("as of {when} UTC").format(when=as_of.strftime(WHEN))


def with_labels(frame: pl.DataFrame, by: str, labels: dict[str, str]) -> pl.DataFrame:
    """`frame` with a translated `label` column first."""
    names = pl.Series("label", [labels.get(v, str(v)) for v in frame[by].to_list()], pl.String)
    return frame.with_columns(names).select("label", pl.exclude("label"))


def horizon_names() -> dict[int, str]:
    return {d: _("{days} days").format(days=d) for d in HORIZONS}


def bounds(rate: Rate) -> list[float] | None:
    return None if rate.interval is None else list(rate.interval)


def retention_tiles(view: RetentionView) -> list[Tile]:
    helps = _(
        "Share of eligible customers with an order or renewal within {days} days after "
        "their first contact in the period."
    )
    tiles = [
        Tile(
            _("{days}-day retention").format(days=horizon.days),
            percent(horizon.retention.value),
            n=horizon.retention.n,
            interval=interval(bounds(horizon.retention), suffix="%"),
            help=helps.format(days=horizon.days),
        )
        for horizon in view.horizons
    ]
    worth = view.worth_horizon
    revenue_help = _(
        "Order and renewal amounts within {days} days after the first contact, per "
        "eligible customer."
    )
    tiles.append(
        Tile(
            _("Revenue per customer"),
            money(worth.revenue_per_customer, currency()),
            n=worth.retention.n,
            help=revenue_help.format(days=worth.days),
        )
    )
    return tiles


def definitions_note() -> None:
    st.caption(
        _(
            "Customers with a conversation in the period, counted from their first one (t0). "
            "Retained: an order or renewal in (t0, t0 + N days]. Eligible: t0 + N days has "
            "passed. A customer's outcome is the outcome of their first conversation in the period."
        )
    )


def horizon_note(view: RetentionView) -> None:
    """Say plainly which horizons this period is too recent for, and how to get them."""
    longest = view.longest
    if view.next_days is None:
        if longest.retention.n < view.customers:
            st.caption(
                _(
                    "90-day figures cover {n} of {total} customers: those first contacted by "
                    "{date}."
                ).format(
                    n=number(longest.retention.n),
                    total=number(view.customers),
                    date=longest.first_contact_by.strftime(WHEN),
                )
            )
        return
    text = _(
        "This period is too recent for {days}-day retention: a customer counts once {days} days "
        "have passed since their first contact."
    ).format(days=view.next_days)
    if view.value_days is not None:
        text += " " + _("Showing the figures that exist.")
    latest = day(longest.first_contact_by.date())
    text += " " + _("For 90-day figures, choose a period that ends before {date}.").format(
        date=latest
    )
    st.info(text, icon=":material/hourglass_top:")


def value_bars_frame(view: RetentionView) -> pl.DataFrame:
    """(label, retention, customers, good): the four sides of the two comparisons."""
    names = outcome_labels()
    rows = []
    for comparison in view.comparisons:
        labels = names[comparison.outcome]
        for group, rate, good in (
            (comparison.better, comparison.better_retention, True),
            (comparison.worse, comparison.worse_retention, False),
        ):
            rows.append((labels[group], rate.value, rate.n, good))
    schema = {"label": pl.String, "retention": pl.Float64, "customers": pl.Int64}
    return pl.DataFrame(rows, schema=schema | {"good": pl.Boolean}, orient="row")


def worth_block(view: RetentionView) -> None:
    """The sentences, the bars of both comparisons and the table behind them."""
    for sentence in value_sentences(view):
        st.markdown("- " + sentence)
    axis = _("Retention after {days} days (%)").format(days=view.worth_days)
    sides = value_bars_frame(view)
    figure = labelled_bars(
        sides, value="retention", n="customers", x_title=axis, suffix="%", x_max=100
    )
    chart_block(figure, sides, "retention-value")
    table_block(value_table(view.value), "retention-value-table")


def split_curves(view: RetentionView, name: str) -> None:
    """Retention curves by CSAT bucket and by FCR outcome, side by side."""
    axis = {"x_title": _("Days after first contact"), "y_title": _("Retention (%)")}
    cuts = [
        (_("By CSAT of the first contact"), view.by_csat, "csat_bucket", csat_labels()),
        (_("By first-contact resolution"), view.by_fcr, "fcr", fcr_labels()),
    ]
    for column, (title, frame, by, labels) in zip(st.columns(2), cuts, strict=True):
        with column:
            st.markdown(f"**{title}**")
            shown = with_labels(frame, by, labels)
            figure = retention_curves(shown, label="label", colors=OUTCOME_COLORS[by], **axis)
            chart_block(figure, shown, f"{name}-{by}")


def split_revenue(view: RetentionView, name: str) -> None:
    """Revenue per eligible customer at `worth_days`, by CSAT bucket and FCR outcome."""
    axis = _("Revenue per customer within {days} days ({currency})").format(
        days=view.worth_days, currency=currency()
    )
    st.caption(axis)  # said once here: as an axis title it overflows a narrow plot
    cuts = [(view.by_csat, "csat_bucket", csat_labels()), (view.by_fcr, "fcr", fcr_labels())]
    for column, (frame, by, labels) in zip(st.columns(2), cuts, strict=True):
        with column:
            shown = with_labels(at_horizon(frame, view.worth_days), by, labels)
            figure = labelled_bars(
                shown, value="revenue_per_customer", n="eligible", x_title=currency(), digits=0
            )
            chart_block(figure, shown, f"{name}-{by}")


def small_customers_note() -> None:
    note = _("Faded and hatched: fewer than {n} eligible customers, read with care.")
    note += " " + _("Whiskers: 95% interval.")
    st.caption(":gray[" + note.format(n=SMALL_SAMPLE) + "]")


def cohorts_chart(view: RetentionView, name: str) -> None:
    """Retention per month of first contact, one bar per horizon."""
    figure = horizon_bars(
        view.cohorts,
        x="month",
        names=horizon_names(),
        x_title=_("Month of first contact (display time zone)"),
        y_title=_("Retention (%)"),
        monthly=True,
    )
    chart_block(figure, view.cohorts, name)
