"""A mergeable histogram of first-response waits (docs/summaries.md, "Medians").

Waits under `FINE_UNTIL` seconds fall in whole-second bins, read as their lower edge, so
whole-second data gives exact medians. Longer waits fall in bins `RATIO` wide, read at
1 % above their lower edge. Either way a bin's value is within 1 s or 1 % of every wait in
it, whichever is larger, and so is a median read from the bins.
"""

from __future__ import annotations

import math

import polars as pl

FINE_UNTIL = 600
RATIO = 1.02
TOP_BIN = 32_000  # past 3 years: the last bin


def wait_bin(seconds: pl.Expr) -> pl.Expr:
    """The bin (Int16) of a wait in seconds; negative waits count as 0."""
    wait = seconds.clip(lower_bound=0)
    coarse = FINE_UNTIL + ((wait / FINE_UNTIL).log() / math.log(RATIO)).floor()
    return (
        pl.when(wait < FINE_UNTIL)
        .then(wait.floor())
        .otherwise(coarse.clip(upper_bound=TOP_BIN))
        .cast(pl.Int16)
    )


def bin_value(index: int) -> float:
    """The wait a bin stands for, in seconds."""
    if index < FINE_UNTIL:
        return float(index)
    return FINE_UNTIL * RATIO ** (index - FINE_UNTIL) * (1 + (RATIO - 1) / 2)


def median_of(histogram: pl.DataFrame) -> float | None:
    """The median of (bin, n) rows as `pl.median` defines it (the mean of the two middle
    values when n is even), each value read from its bin; None when n is 0."""
    ordered = histogram.filter(pl.col("n") > 0).sort("bin")
    total = int(ordered.get_column("n").sum())
    if total == 0:
        return None
    reached = ordered.get_column("n").cum_sum().to_list()
    bins = ordered.get_column("bin").to_list()

    def value_at(rank: int) -> float:  # the rank-th smallest wait, from 1
        return bin_value(next(b for b, upto in zip(bins, reached, strict=True) if upto >= rank))

    low, high = (total + 1) // 2, total // 2 + 1
    return (value_at(low) + value_at(high)) / 2
