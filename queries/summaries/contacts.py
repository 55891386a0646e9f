"""Each conversation's retention facts (docs/summaries.md, "Contacts"): its outcome as a
customer's first contact and what the customer did after it (`metrics.worth.contact_facts`),
stored at every refresh. A period's cohort is then one row per customer, read in SQL, and
no activity at all; `vigil metrics` and the Retention page still read the activity."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.contact_facts import CSAT_BUCKET, FACT_COLUMNS, FCR_OUTCOME, contact_facts
from queries.metrics.horizons import HORIZONS
from queries.metrics.retention import cohort_activity
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import customer_activity, summary_contacts
from queries.plumbing.schema_summaries import CUTS
from queries.summaries.read import cut_terms

CONTACT_COLUMNS = ("conversation_id", "customer_id", "opened_us", *CUTS, "csat_bucket", "fcr")
COHORT_COLUMNS = ("customer_id", "t0", "conversation_id", "csat_bucket", "fcr", *FACT_COLUMNS)
"""A period's first contacts as `metrics.worth.with_horizons` takes them."""


def contacts_of(engine: Engine, frame: pl.DataFrame) -> pl.DataFrame:
    """summary_contacts rows of a `kpi_conversations` frame (with id and customer_id), from the
    activity of its customers up to the longest horizon after its last opening."""
    if frame.is_empty():
        return pl.DataFrame(schema=_SCHEMA)
    opened = frame.get_column("opened_at")
    first: datetime = opened.min()  # type: ignore[assignment]
    last: datetime = opened.max()  # type: ignore[assignment]
    until = last + timedelta(days=max(HORIZONS))
    activity = cohort_activity(
        engine, frame.select("customer_id").unique(), first, until, amount=True
    )
    contacts = frame.select(
        "id",
        "customer_id",
        "opened_at",
        *CUTS,
        csat_bucket=CSAT_BUCKET,
        fcr=FCR_OUTCOME,
    )
    return (
        contact_facts(contacts, activity)
        .with_columns(conversation_id=pl.col("id"), opened_us=pl.col("opened_at").dt.epoch("us"))
        .select(*CONTACT_COLUMNS, *FACT_COLUMNS)
        .cast(_SCHEMA)  # type: ignore[arg-type]
    )


def new_activity_from(engine: Engine, seen: int) -> datetime | None:
    """The earliest day whose contacts activity written since `seen` (its ids) can change:
    its earliest occurred_at, less the longest horizon."""
    a = customer_activity.c
    stmt = sa.select(sa.func.min(a.occurred_at).label("at")).where(a.id > seen)
    found = read_frame(engine, stmt).item()
    return None if found is None else found - timedelta(days=max(HORIZONS))


def cohort(engine: Engine, filters: Filters) -> pl.DataFrame:
    """`COHORT_COLUMNS` of the filtered period's customers: each one's first conversation in it
    (earliest opening, then lowest id), picked in SQL."""
    k = summary_contacts.c
    lo, hi = (int(bound.timestamp()) * 1_000_000 for bound in filters.bounds_utc())
    order = (k.opened_us, k.conversation_id)
    rank = sa.func.row_number().over(partition_by=k.customer_id, order_by=order).label("rank")
    wanted = [k[name] for name in COHORT_COLUMNS if name != "t0"] + [k.opened_us]
    ranked = (
        sa.select(*wanted, rank)
        .where(k.opened_us >= lo, k.opened_us < hi, *cut_terms(summary_contacts, filters))
        .subquery()
    )
    stmt = sa.select(*(ranked.c[c.name] for c in wanted)).where(ranked.c.rank == 1)
    frame = read_frame(engine, stmt)
    t0 = pl.from_epoch(pl.col("opened_us"), time_unit="us").dt.replace_time_zone("UTC")
    return (
        frame.cast({name: _SCHEMA[name] for name in frame.columns})
        .with_columns(t0=t0)
        .select(COHORT_COLUMNS)
        .sort("customer_id")
    )


_SCHEMA: dict[str, pl.DataType] = {
    "conversation_id": pl.Int64(),
    "customer_id": pl.Int64(),
    "opened_us": pl.Int64(),
    **{cut: pl.String() for cut in CUTS},
    "csat_bucket": pl.String(),
    "fcr": pl.String(),
    "returned_after_us": pl.Int64(),
    **{f"revenue_{d}": pl.Float64() for d in HORIZONS},
}
