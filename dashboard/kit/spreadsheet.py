"""CSV downloads in the session's language (docs/architecture.md, "Safe output"): the file is
`queries.reports.sheets.spreadsheet_csv`, the one writer the digests' attachments use too."""

from __future__ import annotations

import polars as pl

from dashboard.i18n import current_language
from queries.reports import sheets


def spreadsheet_csv(frame: pl.DataFrame) -> bytes:
    """The CSV file of `frame`: BOM, headers in the session's language, raw numbers, formula-like
    text neutralised."""
    return sheets.spreadsheet_csv(frame, current_language())
