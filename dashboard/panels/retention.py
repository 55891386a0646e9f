"""Pieces of the retention page: translated groups, tiles, the "what service is worth" summary,
and chart blocks that always offer the CSV of exactly the frame drawn."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.charts.retention import BAD, GOOD, labelled_bars, retention_curves
from dashboard.data import settings
from dashboard.i18n import _, day, money, number, percent, signed
from dashboard.kit.components import Tile, chart_block
from dashboard.kit.tiles import interval
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.metrics.worth import HORIZONS, RetentionView, at_horizon


def currency() -> str:
    return settings().currency


OUTCOME_COLORS = {
    "csat_bucket": (GOOD, "#e4a84b", BAD, "#99a8b2"),  # positive, neutral, negative, none
    "fcr": (GOOD, BAD, "#99a8b2"),  # yes, no, open
}


def csat_labels() -> dict[str, str]:
    return {
        "positive": _("CSAT 4–5 (positive)"),
        "neutral": _("CSAT 3 (neutral)"),
        "negative": _("CSAT 1–2 (negative)"),
        "none": _("No CSAT answer"),
    }


def fcr_labels() -> dict[str, str]:
    return {
        "yes": _("Resolved at first contact"),
        "no": _("Not resolved at first contact"),
        "open": _("Still open"),
    }


def with_labels(frame: pl.DataFrame, by: str, labels: dict[str, str]) -> pl.DataFrame:
    """`frame` with a translated `label` column first."""
    names = pl.Series("label", [labels.get(v, str(v)) for v in frame[by].to_list()], pl.String)
    return frame.with_columns(names).select("label", pl.exclude("label"))


def horizon_names() -> dict[int, str]:
    return {d: _("{days} days").format(days=d) for d in HORIZONS}


def retention_tiles(view: RetentionView) -> list[Tile]:
    helps = _("Share of eligible customers with an order or renewal within {days} days after "
              "their first contact in the period.")  # fmt: skip
    tiles = []
    for row in view.totals.iter_rows(named=True):
        bounds = None if row["retention"] is None else [row["retention_low"], row["retention_high"]]
        tiles.append(Tile(
            _("{days}-day retention").format(days=row["days"]), percent(row["retention"]),
            n=row["eligible"], interval=interval(bounds, suffix="%"),
            help=helps.format(days=row["days"]),
        ))  # fmt: skip
    days = view.value_days or max(HORIZONS)
    row = at_horizon(view.totals, days).row(0, named=True)
    tiles.append(Tile(
        _("Revenue per customer"), money(row["revenue_per_customer"], currency()),
        n=row["eligible"],
        help=_("Order and renewal amounts within {days} days after the first contact, per "
               "eligible customer.").format(days=days),
    ))  # fmt: skip
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
    if view.value_days == max(HORIZONS):
        eligible = at_horizon(view.totals, max(HORIZONS)).item(0, "eligible")
        if eligible < view.customers:
            st.caption(
                _("90-day figures cover {n} of {total} customers: those first contacted by {date}.")
                .format(n=number(eligible), total=number(view.customers),
                        date=view.first_contact_by[max(HORIZONS)].strftime("%Y-%m-%d %H:%M"))
            )  # fmt: skip
        return
    days = min(HORIZONS) if view.value_days is None else view.value_days + 30
    text = _(
        "This period is too recent for {days}-day retention: a customer counts once {days} days "
        "have passed since their first contact."
    ).format(days=days)
    if view.value_days is not None:
        text += " " + _("Showing the figures that exist.")
    latest = day(view.first_contact_by[max(HORIZONS)].date())
    text += " " + _("For 90-day figures, choose a period that ends before {date}.").format(
        date=latest
    )
    st.info(text, icon=":material/hourglass_top:")


def value_sentences(view: RetentionView) -> list[str]:
    """One plain sentence per comparison: retention, difference and its 95 % interval."""
    texts = {
        "fcr": _("Resolved at first contact: **{a}** still buying after {days} days, against "
                 "**{b}** when not ({diff} points, 95% CI {low} to {high}; n = {na} and {nb})."),
        "csat_bucket": _("CSAT 4–5: **{a}** still buying after {days} days, against **{b}** "
                         "after CSAT 1–2 ({diff} points, 95% CI {low} to {high}; n = {na} and "
                         "{nb})."),
    }  # fmt: skip
    out = []
    for row in view.value.iter_rows(named=True):
        if row["retention_diff"] is None:
            continue
        out.append(texts[row["comparison"]].format(
            a=percent(row["retention_a"]), b=percent(row["retention_b"]), days=row["days"],
            diff=signed(row["retention_diff"], 1), low=signed(row["retention_diff_low"], 1),
            high=signed(row["retention_diff_high"], 1), na=number(row["n_a"]),
            nb=number(row["n_b"]),
        ))  # fmt: skip
    return out


def value_bars_frame(view: RetentionView) -> pl.DataFrame:
    """(label, retention, customers, good): the four sides of the two comparisons."""
    names = {"fcr": fcr_labels(), "csat_bucket": csat_labels()}
    rows = []
    for row in view.value.iter_rows(named=True):
        for side, good in (("a", True), ("b", False)):
            label = names[row["comparison"]][row[f"group_{side}"]]
            rows.append((label, row[f"retention_{side}"], row[f"n_{side}"], good))
    schema = {"label": pl.String, "retention": pl.Float64, "customers": pl.Int64}
    return pl.DataFrame(rows, schema=schema | {"good": pl.Boolean}, orient="row")


def value_table(value: pl.DataFrame) -> pl.DataFrame:
    """The comparisons with translated headers, rounded for reading."""
    names = {"fcr": _("First-contact resolution"), "csat_bucket": _("CSAT")}
    groups = fcr_labels() | csat_labels()
    revenue = _("Revenue ({currency})").format(currency=currency())
    r = pl.col
    return value.select(
        r("comparison").replace(names).alias(_("Comparison")),
        r("group_a").replace(groups).alias(_("Better service")),
        r("n_a").alias(_("Customers (better)")),
        r("group_b").replace(groups).alias(_("Worse service")),
        r("n_b").alias(_("Customers (worse)")),
        r("days").alias(_("Days")),
        *(r(f"retention_{p}").round(1).alias(h) for p, h in _parts(_("Retention"))),
        r("retention_p").round(4).alias(_("Retention p-value")),
        *(r(f"revenue_{p}").round(0).alias(h) for p, h in _parts(revenue)),
        r("revenue_p").round(4).alias(_("Revenue p-value")),
    )


def _parts(what: str) -> list[tuple[str, Any]]:
    return [
        ("a", _("{what} (better)").format(what=what)),
        ("b", _("{what} (worse)").format(what=what)),
        ("diff", _("{what} difference").format(what=what)),
        ("diff_low", _("{what} difference, 95% low").format(what=what)),
        ("diff_high", _("{what} difference, 95% high").format(what=what)),
    ]


def split_curves(view: RetentionView, name: str) -> None:
    """Retention curves by CSAT bucket and by FCR outcome, side by side."""
    axis = {"x_title": _("Days after first contact"), "y_title": _("Retention (%)")}
    cuts = [(_("By CSAT of the first contact"), view.by_csat, "csat_bucket", csat_labels()),
            (_("By first-contact resolution"), view.by_fcr, "fcr", fcr_labels())]  # fmt: skip
    for column, (title, frame, by, labels) in zip(st.columns(2), cuts, strict=True):
        with column:
            st.markdown(f"**{title}**")
            shown = with_labels(frame, by, labels)
            figure = retention_curves(shown, label="label", colors=OUTCOME_COLORS[by], **axis)
            chart_block(figure, shown, f"{name}-{by}")


def split_revenue(view: RetentionView, name: str) -> None:
    """Revenue per eligible customer at the longest horizon, by CSAT bucket and FCR outcome."""
    days = view.value_days or max(HORIZONS)
    axis = _("Revenue per customer within {days} days ({currency})").format(
        days=days, currency=currency()
    )
    st.caption(axis)  # said once here: as an axis title it overflows a narrow plot
    cuts = [(view.by_csat, "csat_bucket", csat_labels()), (view.by_fcr, "fcr", fcr_labels())]
    for column, (frame, by, labels) in zip(st.columns(2), cuts, strict=True):
        with column:
            shown = with_labels(at_horizon(frame, days), by, labels)
            figure = labelled_bars(shown, value="revenue_per_customer", n="eligible",
                                   x_title=currency(), digits=0)  # fmt: skip
            chart_block(figure, shown, f"{name}-{by}")


def small_customers_note() -> None:
    st.caption(":gray[" + _("Grey: fewer than {n} eligible customers, read with care. "
                            "Whiskers: 95% interval.").format(n=SMALL_SAMPLE) + "]")  # fmt: skip
