"""Pieces of the Data sources page: the sources table with translated headers and local
times (docs/connectors.md, "Scheduled sync")."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.i18n import _
from dashboard.kit.components import table_block
from queries.plumbing.formats import rounded_column
from queries.views.data_sources import DataSourcesView


def _local(name: str, tz: str) -> pl.Expr:
    return pl.col(name).dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M")


def sources_table(view: DataSourcesView, tz: str) -> pl.DataFrame:
    """One row per source: last sync, status, rows, watermark, lag in minutes, last error."""
    status = {"ok": _("ok"), "failed": _("failed")}
    return view.sources.select(
        pl.col("source").alias(_("Source")),
        _local("last_sync", tz).alias(_("Last sync")),
        pl.col("status").replace(status).alias(_("Status")),
        pl.col("rows_read").alias(_("Rows read")),
        pl.col("rows_written").alias(_("Rows written")),
        _local("watermark", tz).alias(_("Watermark")),
        rounded_column(pl.col("lag_s") / 60, 0).alias(_("Lag (minutes)")),
        pl.col("vigil_surveys").alias(_("Vigil sends surveys")),
        pl.col("last_error").fill_null("").alias(_("Last error")),
    )


def intro(tz: str) -> None:
    text = _("Helpdesks kept in sync by `vigil sync` and VIGIL_SYNC (docs/connectors.md).")
    st.caption(text + " " + _("Times in {zone}.").format(zone=tz))


def sources_block(view: DataSourcesView, tz: str) -> None:
    """The sources table, or a note that nothing is synced yet."""
    if view.empty:
        st.info(_("No helpdesk is synced yet."), icon=":material/sync_disabled:")
        return
    table_block(sources_table(view, tz), "data-sources")
    st.caption(
        _(
            "Lag: how far the newest change read lies behind now. Where Vigil does not send "
            "surveys, the helpdesk sends its own, so no customer is asked twice."
        )
    )
