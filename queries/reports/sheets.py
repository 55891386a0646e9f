"""Spreadsheet output of every table Vigil hands out (docs/architecture.md, "Safe output";
docs/exports.md): the dashboard's CSV downloads and the digests' CSV attachments.

- UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese headers;
- headers in the reader's language: a frame's machine column (`csat_n`) takes its header from
  the one catalog, a column already labelled (`Category`, translated by the panel) is kept;
- values stay machine-readable: numbers are written raw (no thousands separator, no unit);
- a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
  (OWASP's CSV injection advice), so a spreadsheet shows it instead of running it."""

from __future__ import annotations

from functools import cache

import polars as pl

from queries.plumbing.translations import gettext_for

BOM = "\ufeff"
TRIGGERS = r"^[=+\-@\t\r]"
"""A cell a spreadsheet may read as a formula starts with one of these."""


@cache
def column_headers(language: str) -> dict[str, str]:
    """The header of each machine column the views' frames carry, in `language`."""
    _ = gettext_for(language).gettext
    return {
        "bucket": _("Band"),
        "category": _("Category"),
        "change": _("Change (points)"),
        "channel": _("Channel"),
        "conversations": _("Conversations"),
        "count": _("Number"),
        "csat": _("CSAT (%)"),
        "csat_bucket": _("CSAT band"),
        "csat_high": _("CSAT, 95% high"),
        "csat_low": _("CSAT, 95% low"),
        "csat_n": _("CSAT answers"),
        "csat_satisfied": _("Satisfied (4–5)"),
        "customers": _("Customers"),
        "date": _("Date"),
        "day": _("Day"),
        "day_first_response_median_s": _("Day median first response (s)"),
        "days": _("Days"),
        "demand": _("Contacts expected"),
        "detractor_share": _("Detractor share (%)"),
        "detractors": _("Detractors"),
        "eligible": _("Eligible"),
        "fcr": _("FCR (%)"),
        "fcr_one_touch": _("One-touch FCR (%)"),
        "fcr_survey": _("Surveyed FCR (%)"),
        "first_response_median_s": _("Median first response (s)"),
        "first_response_n": _("First responses"),
        "first_response_p90_s": _("p90 first response (s)"),
        "forecast": _("Forecast share"),
        "gap": _("Agents missing"),
        "good": _("Good"),
        "hour": _("Hour"),
        "in_target": _("In target"),
        "label": _("Label"),
        "local_hour": _("Customer's local hour"),
        "metric": _("Metric"),
        "month": _("Month"),
        "negative": _("Negative (1–2)"),
        "negative_share": _("Negative share (%)"),
        "negative_share_high": _("Negative share, 95% high"),
        "negative_share_low": _("Negative share, 95% low"),
        "night": _("Night"),
        "night_answered": _("Answered at night"),
        "night_first_response_median_s": _("Night median first response (s)"),
        "night_share": _("Night share (%)"),
        "nps": _("NPS score"),
        "nps_high": _("NPS, 95% high"),
        "nps_low": _("NPS, 95% low"),
        "nps_n": _("NPS answers"),
        "p_value": _("p-value"),
        "passive_share": _("Passive share (%)"),
        "passives": _("Passives"),
        "previous_conversations": _("Conversations, previous period"),
        "previous_csat_n": _("CSAT answers, previous period"),
        "previous_negative": _("Negative, previous period"),
        "previous_negative_share": _("Negative share, previous period (%)"),
        "promoter_share": _("Promoter share (%)"),
        "promoters": _("Promoters"),
        "required": _("Agents required"),
        "responded_at": _("Answered at"),
        "comment": _("Comment"),
        "resolved": _("Resolved"),
        "resolved_first_contact": _("Resolved at first contact"),
        "resolved_one_touch": _("Resolved in one touch"),
        "responses": _("Responses"),
        "retained": _("Retained"),
        "retention": _("Retention (%)"),
        "retention_high": _("Retention, 95% high"),
        "retention_low": _("Retention, 95% low"),
        "revenue": _("Revenue"),
        "revenue_per_customer": _("Revenue per customer"),
        "scheduled": _("Agents on shift"),
        "score": _("Score"),
        "segment": _("Segment"),
        "service_level": _("Service level (%)"),
        "share": _("Share (%)"),
        "stage": _("Stage"),
        "survey_resolved_n": _("Answered 'resolved?'"),
        "survey_resolved_yes": _("Said resolved"),
        "team": _("Team"),
        "value": _("Value"),
        "weekday": _("Weekday"),
        "zone": _("Time zone"),
    }


def headed(frame: pl.DataFrame, language: str) -> pl.DataFrame:
    """`frame` with its machine columns renamed to headers in `language` (a name two columns
    would share keeps the machine name of the second, so no column is lost)."""
    headers = column_headers(language)
    renamed: dict[str, str] = {}
    taken = set(frame.columns)
    for column in frame.columns:
        header = headers.get(column)
        if header and header != column and header not in taken:
            renamed[column] = header
            taken.add(header)
    return frame.rename(renamed)


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


def spreadsheet_csv(frame: pl.DataFrame, language: str) -> bytes:
    """The CSV file of `frame` for a reader of `language`: BOM, translated headers, raw
    numbers, formula-like text neutralised."""
    return (BOM + neutralised(headed(frame, language)).write_csv()).encode("utf-8")
