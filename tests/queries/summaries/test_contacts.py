"""The summaries' contacts (docs/summaries.md, "Contacts") on both backends: each one's facts
equal an independent computation from the rows, a partial rebuild writes what a full one
writes, and activity written by any path is never missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import sqlalchemy as sa
from polars.testing import assert_frame_equal
from sqlalchemy.engine import Engine

from queries.demo import build_demo
from queries.metrics.worth import summarise_retention, value_of_service
from queries.plumbing.db import read_frame, writing
from queries.plumbing.schema import conversations, customer_activity, summary_contacts
from queries.summaries.build import SUMMARY_TABLES, refresh
from queries.summaries.read import ready, serves
from queries.views.overview import overview, overview_from_rows
from queries.views.retention import customer_frame, retention_view, service_value
from tests.conftest import _pg_engine
from tests.queries.summaries.conftest import NOW, SPEC
from tests.queries.summaries.test_summaries import periods, same

US = 1_000_000
DAY_US = 86_400 * US


def contacts(engine: Engine) -> pl.DataFrame:
    return read_frame(engine, sa.select(summary_contacts)).sort("conversation_id")


def expected_facts(engine: Engine) -> pl.DataFrame:
    """previous_us, returned_after_us and revenue_d per conversation, by brute force: every
    conversation against every activity row of its customer."""
    c, a = conversations.c, customer_activity.c
    rows = read_frame(engine, sa.select(c.id, c.customer_id, c.opened_at)).with_columns(
        opened_us=pl.col("opened_at").dt.epoch("us")
    )
    activity = read_frame(engine, sa.select(a.customer_id, a.occurred_at, a.amount))
    previous = rows.sort("opened_us", "id").with_columns(
        previous_us=pl.col("opened_us").shift(1).over("customer_id")
    )
    pairs = rows.join(
        activity.with_columns(at=pl.col("occurred_at").dt.epoch("us")), on="customer_id"
    )
    later = pairs.filter(pl.col("at") > pl.col("opened_us"))
    wait = pl.col("at") - pl.col("opened_us")
    facts = later.group_by("id").agg(
        returned_after_us=wait.filter(wait <= 90 * DAY_US).min(),
        **{f"revenue_{d}": pl.col("amount").filter(wait <= d * DAY_US).sum() for d in (30, 60, 90)},
    )
    return (
        previous.select("id", "previous_us")
        .join(facts, on="id", how="left")
        .with_columns(pl.col(f"revenue_{d}").fill_null(0.0) for d in (30, 60, 90))
        .rename({"id": "conversation_id"})
        .sort("conversation_id")
    )


def test_each_contacts_facts_are_those_of_its_rows(world: Engine) -> None:
    got = contacts(world)
    assert (
        got.height
        == read_frame(
            world, sa.select(sa.func.count().label("n")).select_from(conversations)
        ).item()
    )
    expected = expected_facts(world)
    assert got.get_column("returned_after_us").drop_nulls().len() > 100  # the world has returns
    assert got.get_column("previous_us").drop_nulls().len() > 100
    assert_frame_equal(
        got.select(expected.columns), expected, check_dtypes=False, rel_tol=1e-9, abs_tol=1e-9
    )


def test_a_partial_rebuild_writes_what_a_full_one_writes(world: Engine) -> None:
    full = contacts(world)
    refresh(world, NOW, 7, since=datetime(2026, 11, 3, tzinfo=UTC))
    assert_frame_equal(contacts(world), full)


def test_activity_written_around_the_importer_is_never_missed(world: Engine) -> None:
    filters = periods("Asia/Kathmandu")[0]
    with world.connect() as conn:
        customer_id, opened_at = conn.execute(
            sa.select(conversations.c.customer_id, sa.func.min(conversations.c.opened_at))
            .group_by(conversations.c.customer_id)
            .order_by(conversations.c.customer_id)
            .limit(1)
        ).one()
    as_of = NOW + timedelta(days=120)  # every horizon reached: the new activity counts
    before = overview(world, filters, as_of=as_of)
    with writing(world) as conn:  # straight into the table: no dirty mark
        conn.execute(
            customer_activity.insert().values(
                customer_id=customer_id, occurred_at=opened_at + timedelta(days=1), amount=1000.0
            )
        )
    assert ready(world, filters, 7) is None  # activity the contacts do not hold: rows decide
    rows = overview_from_rows(world, filters, as_of=as_of)
    assert rows.worth.longest.revenue_per_customer != before.worth.longest.revenue_per_customer
    refresh(world, NOW, 7)  # the job's next run reaches back for the new activity
    fast = overview(world, filters, as_of=as_of)
    assert fast.fresh is not None
    assert same(fast.worth, rows.worth) and same(fast.mature, rows.mature)


def test_the_retention_page_from_summaries_equals_the_page_from_rows(world: Engine) -> None:
    as_of = NOW + timedelta(days=70)
    for filters in (periods("Asia/Kolkata")[0], periods("Pacific/Chatham")[2]):
        assert serves(world, filters, 7)
        fast = retention_view(world, filters, as_of=as_of)
        rows = customer_frame(world, filters, as_of=as_of)
        assert fast.customers == rows.height > 0 and fast.value_days is not None
        assert same(fast, summarise_retention(rows, filters.tz, as_of))
        assert same(service_value(world, filters, as_of=as_of, days=60), value_of_service(rows, 60))


def test_a_refresh_on_postgresql_leaves_the_planner_their_size(pg_database: str) -> None:
    engine = _pg_engine(pg_database)  # VACUUM (ANALYZE) is PostgreSQL's alone
    build_demo(engine, SPEC)  # written without statistics: reltuples is -1 until analysed
    refresh(engine, NOW, 7)
    with engine.connect() as conn:
        for table in SUMMARY_TABLES:
            known = conn.execute(
                sa.text("SELECT reltuples FROM pg_class WHERE relname = :name"),
                {"name": table.name},
            ).scalar_one()
            rows = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            assert rows > 0 and known == rows, table.name
    engine.dispose()
