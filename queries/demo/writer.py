"""Write the demo world into an empty database, in batches, inside one transaction."""

from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from queries.demo.spec import DemoSpec, DemoSummary
from queries.demo.world import World
from queries.plumbing import schema
from queries.plumbing.bulk import bulk_cache, insert_frame, sync_id_sequence
from queries.plumbing.db import reading, writing
from queries.plumbing.errors import BadInput
from queries.plumbing.progress import Progress, no_progress

BATCH_ROWS = 100_000


def has_data(engine: Engine) -> bool:
    """True when the conversations table has any row."""
    with reading(engine) as conn:
        return _has_rows(conn, schema.conversations)


def build_demo(engine: Engine, spec: DemoSpec, progress: Progress = no_progress) -> DemoSummary:
    """Simulate the world for `spec` and write it; the same spec always writes the same rows."""
    started = time.perf_counter()
    with reading(engine) as conn:
        _refuse_data(conn)
    world = World.simulate(spec, progress)
    summary = DemoSummary(spec, world.timeline.first_day, world.timeline.last_day)
    with writing(engine) as conn, bulk_cache(conn):
        _refuse_data(conn)
        for label, parts in world.steps():
            total, done = sum(frame.height for _, frame in parts), 0
            progress(label, done, total)
            for table, frame in parts:
                for offset in range(0, frame.height, BATCH_ROWS):
                    done += insert_frame(conn, table, frame.slice(offset, BATCH_ROWS))
                    progress(label, done, total)
                sync_id_sequence(conn, table)
                summary.rows[table.name] = frame.height
            del parts
    summary.seconds = time.perf_counter() - started
    return summary


def _has_rows(conn: Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.exists().select_from(table))).scalar_one()


def _refuse_data(conn: Connection) -> None:
    filled = [table.name for table in schema.BUSINESS_TABLES if _has_rows(conn, table)]
    if filled:
        raise BadInput(
            f"the database already holds data ({', '.join(filled)}); "
            "the demo world is built only into an empty database"
        )
