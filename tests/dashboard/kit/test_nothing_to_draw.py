"""A period with conversations but no answers yet draws no empty chart frame (issue 16)."""

from __future__ import annotations

import polars as pl

from dashboard.kit.components import nothing_to_draw


def test_empty_or_undefined_rates_draw_nothing() -> None:
    assert nothing_to_draw(
        pl.DataFrame({"bucket": [], "csat": []}, schema={"bucket": pl.Date, "csat": pl.Float64})
    )
    no_answers = pl.DataFrame(
        {"hour": list(range(24)), "csat": [None] * 24, "csat_n": [0] * 24},
        schema={"hour": pl.Int64, "csat": pl.Float64, "csat_n": pl.Int64},
    )
    assert nothing_to_draw(no_answers)
    assert not nothing_to_draw(no_answers.with_columns(csat=pl.lit(80.0)))
    assert not nothing_to_draw(pl.DataFrame({"day": [1], "conversations": [3]}))  # counts only
