"""Bulk writes on SQLite take a large page cache and give it back (queries/plumbing/bulk.py)."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from queries.plumbing.bulk import BULK_CACHE_KIB, DEFAULT_CACHE_KIB, bulk_cache
from queries.plumbing.db import writing


def cache_kib(conn: Connection) -> int:
    return -int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_bulk_write_takes_the_large_cache_and_gives_it_back(sqlite_engine: Engine) -> None:
    with writing(sqlite_engine) as conn:
        assert cache_kib(conn) == DEFAULT_CACHE_KIB
        with bulk_cache(conn):
            assert cache_kib(conn) == BULK_CACHE_KIB
        assert cache_kib(conn) == DEFAULT_CACHE_KIB


def test_a_failed_bulk_write_gives_it_back_too(sqlite_engine: Engine) -> None:
    try:
        with writing(sqlite_engine) as conn, bulk_cache(conn):
            raise RuntimeError("the write failed")
    except RuntimeError:
        pass
    with writing(sqlite_engine) as conn:  # the pool hands the same connection out again
        assert cache_kib(conn) == DEFAULT_CACHE_KIB
