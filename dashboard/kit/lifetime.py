"""Repurchase and lifetime value as read (`queries.metrics.lifetime`): tiles, one sentence per
comparison and the table by service outcome, shared by the retention page and the overview."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.i18n import _, money, number, percent, signed
from dashboard.kit.components import Tile, table_block, tile_row
from dashboard.kit.worth import csat_labels, currency, fcr_labels, read_with_care, small_sample_note
from queries.plumbing.formats import rounded_column
from queries.views.retention import LifetimeView


def _span(low: float | None, high: float | None, fmt: Any) -> str | None:
    return None if low is None or high is None else f"{fmt(low)} – {fmt(high)}"


def lifetime_tiles(view: LifetimeView) -> list[Tile]:
    """Repurchase within 90 days (Wilson 95 %), CLV over 365 days (normal 95 %) and the
    projected 12-month CLV, each with its n."""
    row, unit = view.total, currency()
    return [
        Tile(
            _("Repurchase rate (90 days)"),
            percent(row["repurchase"]),
            n=row["repurchase_n"],
            interval=_span(row["repurchase_low"], row["repurchase_high"], lambda v: percent(v)),
            help=_("Customers with another order within 90 days after their first contact."),
        ),
        Tile(
            _("Customer lifetime value (365 days)"),
            money(row["clv"], unit),
            n=row["clv_n"],
            interval=_span(row["clv_low"], row["clv_high"], lambda v: money(v, unit)),
            help=_(
                "Revenue per customer in the 365 days after first contact; only customers "
                "whose 365 days have passed."
            ),
        ),
        Tile(
            _("Projected 12-month CLV"),
            money(row["projected_clv"], unit),
            n=row["projection_n"],
            help=_(
                "A projection, not a measurement: the monthly activity of the first 90 days "
                "continued at its own rate of decline, times the spend per active month."
            ),
        ),
    ]


def lifetime_sentences(view: LifetimeView) -> list[str]:
    """Better against worse service: the repurchase difference and its Newcombe interval,
    with a small-sample warning under SMALL_SAMPLE customers in a group."""
    texts = {
        "fcr": _(
            "Resolved at first contact: **{a}** bought again within 90 days, against **{b}** "
            "when not ({diff} points, 95% CI {low} to {high}; n = {na} and {nb})."
        ),
        "csat_bucket": _(
            "CSAT 4–5: **{a}** bought again within 90 days, against **{b}** after CSAT 1–2 "
            "({diff} points, 95% CI {low} to {high}; n = {na} and {nb})."
        ),
    }
    rows = {(r["outcome"], r["group"]): r for r in view.by_outcome.iter_rows(named=True)}
    out = []
    for diff in view.differences.iter_rows(named=True):
        if diff["repurchase_diff"] is None:
            continue
        a, b = rows[(diff["outcome"], diff["better"])], rows[(diff["outcome"], diff["worse"])]
        sentence = texts[diff["outcome"]].format(
            a=percent(a["repurchase"]),
            b=percent(b["repurchase"]),
            diff=signed(diff["repurchase_diff"], 1),
            low=signed(diff["repurchase_diff_low"], 1),
            high=signed(diff["repurchase_diff_high"], 1),
            na=number(a["repurchase_n"]),
            nb=number(b["repurchase_n"]),
        )
        out.append(sentence + small_sample_note(a["repurchase_n"], b["repurchase_n"]))
    return out


def lifetime_table(view: LifetimeView) -> pl.DataFrame:
    """Every group with n, rates and intervals, and a "read with care" mark under 30."""
    groups = {"all": _("All customers")} | fcr_labels() | csat_labels()
    unit = currency()
    r = pl.col
    seen = (r("repurchase_n") + r("clv_n") + r("projection_n") > 0) | (r("outcome") == "all")
    return view.by_outcome.filter(seen).select(
        r("group").replace_strict(groups, return_dtype=pl.String).alias(_("Customer group")),
        r("repurchase_n").alias(_("n (90 days)")),
        rounded_column(r("repurchase"), 1).alias(_("Repurchase rate (%)")),
        rounded_column(r("repurchase_low"), 1).alias(_("Repurchase 95% low")),
        rounded_column(r("repurchase_high"), 1).alias(_("Repurchase 95% high")),
        r("clv_n").alias(_("n (365 days)")),
        rounded_column(r("clv"), 0).alias(_("CLV, 365 days ({currency})").format(currency=unit)),
        rounded_column(r("projected_clv"), 0).alias(
            _("Projected 12-month CLV ({currency})").format(currency=unit)
        ),
        read_with_care("repurchase_n", "projection_n"),
    )


def lifetime_block(view: LifetimeView, name: str | None = "lifetime-value") -> None:
    """The tiles, the sentences and, with a `name`, the table by outcome (with its CSV)."""
    tile_row(lifetime_tiles(view))
    sentences = lifetime_sentences(view)
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
    if name is not None:
        table_block(lifetime_table(view), name)
