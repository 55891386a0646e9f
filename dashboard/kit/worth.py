"""What service is worth, as read: the translated outcome groups of a first contact, and the
value-of-service sentences and table (`queries.metrics.worth`) that the retention page and the
overview both show; the voice page names its CSAT score bands with the same labels, and the
lifetime block marks its small samples with the same note and column."""

from __future__ import annotations

import polars as pl

from dashboard.data import settings
from dashboard.i18n import _, number, percent, signed
from queries.metrics.thresholds import SMALL_SAMPLE
from queries.metrics.worth import RetentionView
from queries.plumbing.formats import rounded_column


def currency() -> str:
    return settings().currency


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


def outcome_labels() -> dict[str, dict[str, str]]:
    """Group names per outcome column of `worth.COMPARISONS`."""
    return {"fcr": fcr_labels(), "csat_bucket": csat_labels()}


def small_sample_note(*counts: int) -> str:
    """The grey warning that ends a comparison's sentence when a group has fewer than
    SMALL_SAMPLE customers; "" otherwise."""
    if min(counts) >= SMALL_SAMPLE:
        return ""
    warning = _("Small sample: fewer than {n} customers in a group, read with care.")
    return f" :gray[{warning.format(n=SMALL_SAMPLE)}]"


def read_with_care(*counts: str) -> pl.Expr:
    """A comparison table's "Read with care" column: "Small sample" where the least of the
    `counts` columns is under SMALL_SAMPLE."""
    return (
        pl.when(pl.min_horizontal(*counts) < SMALL_SAMPLE)
        .then(pl.lit(_("Small sample")))
        .otherwise(pl.lit(""))
        .alias(_("Read with care"))
    )


def value_sentences(view: RetentionView) -> list[str]:
    """One plain sentence per comparison: retention, difference and its 95 % interval (Newcombe),
    with a grey small-sample warning when either group has fewer than SMALL_SAMPLE customers."""
    texts = {
        "fcr": _(
            "Resolved at first contact: **{a}** still buying after {days} days, against "
            "**{b}** when not ({diff} points, 95% CI {low} to {high}; n = {na} and {nb})."
        ),
        "csat_bucket": _(
            "CSAT 4–5: **{a}** still buying after {days} days, against **{b}** "
            "after CSAT 1–2 ({diff} points, 95% CI {low} to {high}; n = {na} and "
            "{nb})."
        ),
    }
    out = []
    for comparison in view.comparisons:
        better, worse, diff = (
            comparison.better_retention,
            comparison.worse_retention,
            comparison.difference,
        )
        if diff is None:
            continue
        out.append(
            texts[comparison.outcome].format(
                a=percent(better.value),
                b=percent(worse.value),
                days=comparison.days,
                diff=signed(diff.difference, 1),
                low=signed(diff.low, 1),
                high=signed(diff.high, 1),
                na=number(better.n),
                nb=number(worse.n),
            )
            + small_sample_note(better.n, worse.n)
        )
    return out


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
        *(rounded_column(r(f"retention_{p}"), 1).alias(h) for p, h in _parts(_("Retention"))),
        r("retention_p").round(4).alias(_("Retention p-value")),
        *(rounded_column(r(f"revenue_{p}"), 0).alias(h) for p, h in _parts(revenue)),
        r("revenue_p").round(4).alias(_("Revenue p-value")),
        read_with_care("n_a", "n_b"),
    )


def _parts(what: str) -> list[tuple[str, str]]:
    return [
        ("a", _("{what} (better)").format(what=what)),
        ("b", _("{what} (worse)").format(what=what)),
        ("diff", _("{what} difference").format(what=what)),
        ("diff_low", _("{what} difference, 95% low").format(what=what)),
        ("diff_high", _("{what} difference, 95% high").format(what=what)),
    ]
