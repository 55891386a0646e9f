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

from dashboard import data, registry
from queries.demo import DemoSpec, build_demo, has_data
from queries.metrics.roster import Targets
from queries.metrics.tallies import compute_metrics
from queries.plumbing.db import make_engine
from queries.plumbing.filters import Filters
from queries.plumbing.migrate import upgrade
from queries.views.drilldown import Cut

COLD_BUDGET_S, WARM_BUDGET_S = 1.5, 0.050
END = date(2026, 11, 1)
AS_OF = datetime(2026, 11, 2, tzinfo=UTC)
console = Console()

Page = Callable[[Filters], Any]
TARGETS = Targets()
EMAIL_ANSWERS = Cut("csat_answers", channel="email")
# Each page's query set, exactly as the page calls its cached twins in dashboard.data, for
# every page of the registry (a page missing here is a KeyError, not a silent gap).
LOADS: dict[str, dict[str, Page]] = {
    "overview": {"overview": lambda f: (data.overview(f, AS_OF), data.overview_cost(f))},
    "csat": {"csat": data.csat_view},
    "nps": {"nps": data.nps_view},
    "fcr": {"fcr": lambda f: data.fcr_view(f, 7)},
    "retention": {"retention and value": lambda f: data.retention_view(f, AS_OF)},
    "voice": {
        "voice of the customer": data.voice_view,
        "drill-down (CSAT answers by email)": lambda f: data.drilldown(f, EMAIL_ANSWERS, 7),
        "drill-down (whole period: choices, all conversations)": lambda f: (
            data.drill_choices(f, 7),
            data.drilldown(f, Cut(), 7),
        ),
    },
    "coverage": {
        "24-hour coverage": lambda f: (data.site_zones(), data.coverage(f, None, TARGETS))
    },
    "demand_zones": {"time zones of demand": data.demand_zones},
    "service_by_hour": {"service by hour": data.service_hours},
    "next_week": {"next week (4 weeks of history)": lambda f: data.next_week(f, AS_OF, 4, TARGETS)},
    "surveys": {
        "survey operations": lambda f: (
            data.job_heartbeat(),
            data.survey_funnel(f),
            data.survey_queue(AS_OF),
            data.survey_response_rates(f),
            data.survey_failures(),
        )
    },
    "people": {},  # accounts, sessions and the audit log: no period read, nothing grows with size
    "digests": {},  # the subscriptions: no period read
}


def page_loads() -> dict[str, Page]:
    """Every registry page's query set, in navigation order."""
    return {
        name: load for spec in registry.dashboard_pages() for name, load in LOADS[spec.stem].items()
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


def empty_caches() -> None:
    """Cold: no cached data and a fresh engine (the old one's pool closed first)."""
    data.engine().dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


def cold_load(load: Page, filters: Filters) -> None:
    empty_caches()
    load(filters)


def cold_metrics(url: str, filters: Filters) -> None:
    engine = make_engine(url)
    try:
        compute_metrics(engine, filters, as_of=AS_OF)
    finally:
        engine.dispose()


def bench_backend(name: str, url: str, spec: DemoSpec, runs: int, table: Table) -> None:
    engine, built = world(url, spec)
    engine.dispose()
    if built is not None:
        console.print(f"{name}: built {spec.conversations:,} conversations in {built:.1f} s")
    os.environ["VIGIL_DATABASE_URL"] = url
    empty_caches()
    filters = Filters(END - timedelta(days=89), END, "Asia/Taipei")
    for page, load in page_loads().items():
        cold_s = median_seconds(partial(cold_load, load, filters), runs)
        warm_s = median_seconds(partial(load, filters), runs)
        cold = f"{cold_s:.3f} s ({cold_s / COLD_BUDGET_S:.2f}×)"
        table.add_row(name, page, cold, f"{warm_s * 1000:.1f} ms ({warm_s / WARM_BUDGET_S:.2f}×)")
    cli_s = median_seconds(partial(cold_metrics, url, filters), runs)
    table.add_row(name, "vigil metrics (CLI)", f"{cli_s:.3f} s", "—")
    empty_caches()


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
