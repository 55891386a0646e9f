"""Column builders shared by the table frames."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

UTC_TYPE = pl.Datetime("us", "UTC")


def masked(series: pl.Series, valid: np.ndarray | None) -> pl.Series:
    """`series` with null where `valid` is False (unchanged when `valid` is None)."""
    if valid is None:
        return series
    return series.zip_with(
        pl.Series(valid, dtype=pl.Boolean), pl.Series([None], dtype=series.dtype)
    )


def utc_column(epoch_s: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """Epoch seconds as a timezone-aware UTC column."""
    series = pl.from_epoch(pl.Series(epoch_s.astype(np.int64)), time_unit="s").cast(UTC_TYPE)
    return masked(series, valid)


def int_column(values: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    return masked(pl.Series(values.astype(np.int64)), valid)


def text_column(values: np.ndarray | pl.Series, valid: np.ndarray | None = None) -> pl.Series:
    return masked(pl.Series(values, dtype=pl.String), valid)


def external_ids(prefix: str, count: int, width: int) -> pl.Series:
    """C000001, C000002, … widened when the count needs more digits."""
    width = max(width, len(str(count)))
    return prefix + pl.Series(np.arange(1, count + 1)).cast(pl.String).str.zfill(width)


def labels(values: Sequence[str | None], index: np.ndarray) -> pl.Series:
    """`values[index]` as a string column, without building a wide numpy string array."""
    return pl.Series(list(values), dtype=pl.String).gather(pl.Series(index, dtype=pl.Int64))
