"""`make bench`: build a realistic world once, then time each page's query set.

Cold = a fresh engine and empty Streamlit caches; warm = the cached twin answering again.
Reports the median of N runs per backend, and the ratio to the page budget (1.5 s / 50 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import streamlit as st
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine, make_url

from dashboard import data
from queries.coverage import Targets, coverage
from queries.db import make_engine
from queries.demand_zones import demand_zones
from queries.demo import DemoSpec, build_demo, has_data
from queries.filters import Filters
from queries.forecast import forecast
from queries.metrics import compute_metrics
from queries.migrate import upgrade
from queries.overview import overview
from queries.service_hours import service_hours

COLD_BUDGET_S, WARM_BUDGET_S = 1.5, 0.050
END = date(2026, 11, 1)
AS_OF = datetime(2026, 11, 2, tzinfo=UTC)
console = Console()

QuerySet = Callable[[Engine, Filters], Any]
PAGES: dict[str, tuple[QuerySet, Callable[[Filters], Any] | None]] = {
    "overview": (
        lambda engine, filters: overview(engine, filters, as_of=AS_OF),
        lambda filters: data.overview(filters, AS_OF),
    ),
    "coverage": (
        lambda engine, filters: coverage(engine, filters, Targets()),
        lambda filters: data.coverage(filters, Targets()),
    ),
    "demand zones": (
        demand_zones,
        lambda filters: data.demand_zones(filters),
    ),
    "service by hour": (
        lambda engine, filters: service_hours(engine, filters, 60),
        lambda filters: data.service_hours(filters, 60),
    ),
    "next week (4 weeks of history)": (
        lambda engine, filters: forecast(engine, filters, AS_OF, 4, Targets()),
        lambda filters: data.next_week(filters, AS_OF, 4, Targets()),
    ),
    "vigil metrics (CLI, no cache)": (
        lambda engine, filters: compute_metrics(engine, filters, as_of=AS_OF),
        None,
    ),
}


def world(url: str, spec: DemoSpec) -> tuple[Engine, float | None]:
    """Build the world at `url` unless it is already there; returns the build seconds."""
    engine = make_engine(url)
    upgrade(engine)
    if has_data(engine):
        return engine, None
    started = time.perf_counter()
    build_demo(engine, spec)
    return engine, time.perf_counter() - started


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def cold(url: str, query: QuerySet, filters: Filters) -> None:
    engine = make_engine(url)
    try:
        query(engine, filters)
    finally:
        engine.dispose()


def bench_backend(name: str, url: str, spec: DemoSpec, runs: int, table: Table) -> None:
    engine, built = world(url, spec)
    engine.dispose()
    if built is not None:
        console.print(f"{name}: built {spec.conversations:,} conversations in {built:.1f} s")
    os.environ["VIGIL_DATABASE_URL"] = url
    filters = Filters(END - timedelta(days=89), END, "Asia/Taipei")
    for page, (query, cached) in PAGES.items():
        st.cache_data.clear()
        st.cache_resource.clear()
        cold_s = median_seconds(partial(cold, url, query, filters), runs)
        warm_cell = "—"
        if cached is not None:
            cached(filters)
            warm_s = median_seconds(partial(cached, filters), runs)
            warm_cell = f"{warm_s * 1000:.1f} ms ({warm_s / WARM_BUDGET_S:.2f}×)"
        table.add_row(name, page, f"{cold_s:.3f} s ({cold_s / COLD_BUDGET_S:.2f}×)", warm_cell)


def pg_bench_url(admin_url: str, spec: DemoSpec) -> str:
    name = f"vigil_bench_{spec.conversations}"
    admin = sa.create_engine(
        make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        if not conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=120_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "VIGIL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    spec = DemoSpec(
        seed=7, customers=args.customers, days=365, conversations=args.conversations, end=END
    )
    folder = Path("data") / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    table = Table(
        title=f"Median of {args.runs} runs, 90 days of a "
        f"{args.conversations:,}-conversation world (budget 1.5 s cold, 50 ms warm)"
    )
    for column in ("backend", "page", "cold (× budget)", "warm (× budget)"):
        table.add_column(column)
    bench_backend(
        "sqlite", f"sqlite:///{folder / f'world-{args.conversations}.db'}", spec, args.runs, table
    )
    if not args.skip_pg:
        bench_backend("postgresql", pg_bench_url(args.pg_url, spec), spec, args.runs, table)
    console.print(table)


if __name__ == "__main__":
    main()
