"""CSV downloads that a spreadsheet opens as text, never as formulas (docs/architecture.md,
"Safe output"): a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
a leading single quote, as OWASP's CSV injection advice says. Number columns stay numbers."""

from __future__ import annotations

import polars as pl

TRIGGERS = r"^[=+\-@\t\r]"
"""A cell a spreadsheet may read as a formula starts with one of these."""


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that could start a formula prefixed by `'`."""
    texts = [name for name, dtype in frame.schema.items() if dtype in (pl.String, pl.Categorical)]
    return frame.with_columns(
        pl.when(pl.col(name).cast(pl.String).str.contains(TRIGGERS))
        .then(pl.lit("'") + pl.col(name).cast(pl.String))
        .otherwise(pl.col(name).cast(pl.String))
        .alias(name)
        for name in texts
    )


def spreadsheet_csv(frame: pl.DataFrame) -> str:
    """The CSV text of `frame`, safe to open in a spreadsheet."""
    return neutralised(frame).write_csv()
