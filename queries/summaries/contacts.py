"""Each conversation's retention facts, written at every refresh (docs/summaries.md,
"Contacts"): its outcome as a customer's first contact, what the customer did after it
(`metrics.contact_facts`) and the customer's previous opening, so that a period's first
contacts are a range scan (`summaries.cohorts`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.contact_facts import CSAT_BUCKET, FACT_COLUMNS, FCR_OUTCOME, contact_facts
from queries.metrics.horizons import HORIZONS
from queries.metrics.retention import cohort_activity
from queries.plumbing.db import read_frame
from queries.plumbing.schema import conversations, customer_activity
from queries.plumbing.schema_summaries import CUTS

CONTACT_COLUMNS = (
    *("conversation_id", "customer_id", "opened_us", "previous_us", *CUTS),
    *("csat_bucket", "fcr", *FACT_COLUMNS),
)
OPENED_US = pl.col("opened_at").dt.epoch("us")


def latest_before(engine: Engine, since: datetime) -> pl.DataFrame:
    """(customer_id, last_us): the latest opening before `since` of each customer who opens
    again from `since` on, one index seek each (none when nothing opened before)."""
    c, p = conversations.c, conversations.alias("p").c
    schema = {"customer_id": pl.Int64, "last_us": pl.Int64}
    older = read_frame(engine, sa.select(c.id).where(c.opened_at < since).limit(1))
    if older.is_empty():
        return pl.DataFrame(schema=schema)
    again = sa.select(c.customer_id).where(c.opened_at >= since).distinct().subquery()
    latest = (
        sa.select(sa.func.max(p.opened_at))
        .where(p.customer_id == again.c.customer_id, p.opened_at < since)
        .scalar_subquery()
    )
    found = read_frame(engine, sa.select(again.c.customer_id, latest.label("last_at")))
    return found.drop_nulls("last_at").select(
        pl.col("customer_id").cast(pl.Int64), last_us=pl.col("last_at").dt.epoch("us")
    )


def contacts_of(
    engine: Engine, frame: pl.DataFrame, latest: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(summary_contacts rows, `latest_before` as of the frame's end) of a chunk of
    `kpi_conversations` (with id and customer_id), later than everything in `latest`. The facts
    read the activity of its customers up to the longest horizon after its last opening."""
    if frame.is_empty():
        return pl.DataFrame(schema=_SCHEMA), latest
    frame = frame.sort("opened_at", "id").with_columns(
        previous_us=OPENED_US.shift(1).over("customer_id")
    )
    frame = frame.join(latest, on="customer_id", how="left", maintain_order="left").with_columns(
        previous_us=pl.coalesce("previous_us", "last_us")
    )
    newest = frame.group_by("customer_id").agg(last_us=OPENED_US.max())
    latest = pl.concat([latest, newest]).group_by("customer_id").agg(pl.col("last_us").max())
    opened = frame.get_column("opened_at")
    first: datetime = opened.min()  # type: ignore[assignment]
    last: datetime = opened.max()  # type: ignore[assignment]
    until = last + timedelta(days=max(HORIZONS))
    activity = cohort_activity(
        engine, frame.select("customer_id").unique(), first, until, amount=True
    )
    contacts = frame.select(
        *("id", "customer_id", "opened_at", "previous_us", *CUTS),
        csat_bucket=CSAT_BUCKET,
        fcr=FCR_OUTCOME,
    )
    rows = contact_facts(contacts, activity).with_columns(
        conversation_id=pl.col("id"), opened_us=OPENED_US
    )
    return rows.select(CONTACT_COLUMNS).cast(_SCHEMA), latest  # type: ignore[arg-type]


def new_activity_from(engine: Engine, seen: int) -> datetime | None:
    """The earliest day whose contacts activity written since `seen` (its ids) can change:
    its earliest occurred_at, less the longest horizon."""
    a = customer_activity.c
    stmt = sa.select(sa.func.min(a.occurred_at).label("at")).where(a.id > seen)
    found = read_frame(engine, stmt).item()
    return None if found is None else found - timedelta(days=max(HORIZONS))


_SCHEMA: dict[str, pl.DataType] = {
    "conversation_id": pl.Int64(),
    "customer_id": pl.Int64(),
    "opened_us": pl.Int64(),
    "previous_us": pl.Int64(),
    **{cut: pl.String() for cut in CUTS},
    "csat_bucket": pl.String(),
    "fcr": pl.String(),
    "returned_after_us": pl.Int64(),
    **{f"revenue_{d}": pl.Float64() for d in HORIZONS},
}
