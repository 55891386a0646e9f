"""`make bench`: build realistic worlds once, then time each page's query set.

Cold = a fresh engine and empty Streamlit caches; warm = the cached twin answering again.
Reports the median of N runs per backend and each page's ratio to an anchor measured in the
same run: DuckDB computing the overview's core KPI set on the same file or database, in its
own process (`tests/bench_anchor.py`). BENCH_SIZES=1000000,10000000 sets the world sizes.
Every row goes to artifacts/bench.json (size, backend, page, cold_s, warm_s, anchor_ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
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
from queries.plumbing import arrow_pool, schema
from queries.plumbing.db import make_engine, writing
from queries.plumbing.filters import Filters
from queries.plumbing.migrate import upgrade
from queries.plumbing.staleness import mark_dirty
from queries.summaries.build import refresh
from queries.views.drilldown import Cut

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
            data.drill_choices(f),
            data.drilldown(f, Cut(), 7),
        ),
    },
    "scorecard": {"3A scorecard": lambda f: data.scorecard_view(f, AS_OF)},
    "agents": {"agents": data.agents_view},
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
    "data_sources": {},  # one row per synced helpdesk: no period read
    "digests": {},  # the subscriptions: no period read
}


def page_loads() -> dict[str, Page]:
    """Every registry page's query set, in navigation order."""
    return {
        name: load for spec in registry.dashboard_pages() for name, load in LOADS[spec.stem].items()
    }


def world(url: str, spec: DemoSpec) -> tuple[Engine, float | None]:
    """Build the world at `url` unless it is already there, with its summaries, as `vigil
    demo` does; returns the build seconds (the summaries' first build included)."""
    engine = make_engine(url)
    upgrade(engine)
    if has_data(engine):
        refresh(engine, AS_OF, 7)  # built before the summaries existed: builds them once
        return engine, None
    started = time.perf_counter()
    build_demo(engine, spec)
    refresh(engine, AS_OF, 7)
    return engine, time.perf_counter() - started


def refresh_after_import(engine: Engine, conversations: int = 10_000) -> tuple[float, int]:
    """Seconds to refresh after an import of the world's last `conversations` conversations:
    they are marked stale as the importer marks them, then refreshed (the rows are the same,
    so the world is unchanged); and the buckets rewritten."""
    c = schema.conversations.c
    newest = sa.select(c.opened_at).order_by(c.opened_at.desc()).limit(conversations).subquery()
    with engine.connect() as conn:
        since = conn.execute(sa.select(sa.func.min(newest.c.opened_at))).scalar_one()
    with writing(engine) as conn:
        mark_dirty(conn, since)
    started = time.perf_counter()
    done = refresh(engine, AS_OF, 7)
    return time.perf_counter() - started, done.buckets


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def empty_caches() -> None:
    """Cold: no cached data and a fresh engine (the old one's pool and the idle Arrow
    connections closed first)."""
    data.engine().dispose()
    arrow_pool.close_idle()
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


def anchor_seconds(url: str, filters: Filters, runs: int) -> tuple[float, dict[str, Any]]:
    """The DuckDB anchor's median seconds and KPIs, in a separate process."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        kind, source = "sqlite", str(parsed.database)
    else:
        kind = "postgres"
        source = f"host={parsed.host} port={parsed.port or 5432} dbname={parsed.database}"
        source += f" user={parsed.username}" + (
            f" password={parsed.password}" if parsed.password else ""
        )
    lo, hi = (b.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") for b in filters.bounds_utc())
    command = [sys.executable, "-m", "tests.bench_anchor", kind, source, lo, hi, str(runs)]
    out = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return statistics.median(out["seconds"]), out["kpis"]


def rss_mib() -> float:
    """This process's resident memory (the pages' data path, caches warm)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


Rows = list[dict[str, Any]]


def record(rows: Rows, table: Table, key: tuple[int, str, str], cold: float | None,
           warm: float | None, anchor: float | None, **extra: Any) -> None:  # fmt: skip
    """One page's figures into the table and into bench.json's rows."""
    size, backend, page = key
    ratio = None if cold is None or not anchor else cold / anchor
    table.add_row(
        f"{size:,}",
        backend,
        page,
        "—" if cold is None else f"{cold:.3f} s",
        "—" if warm is None else f"{warm * 1000:.1f} ms",
        "—" if ratio is None else f"{ratio:.2f}",
    )
    rows.append({"size": size, "backend": backend, "page": page, "cold_s": cold,
                 "warm_s": warm, "anchor_ratio": ratio, **extra})  # fmt: skip


def bench_backend(name: str, url: str, spec: DemoSpec, runs: int, table: Table, rows: Rows) -> None:
    engine, built = world(url, spec)
    engine.dispose()
    size = spec.conversations
    if built is not None:
        console.print(f"{name}: built {size:,} conversations in {built:.1f} s")
    os.environ["VIGIL_DATABASE_URL"] = url
    empty_caches()
    filters = Filters(END - timedelta(days=89), END, "Asia/Taipei")
    anchor_s, kpis = anchor_seconds(url, filters, runs)
    record(rows, table, (size, name, "anchor (DuckDB, core KPIs)"), anchor_s, None, anchor_s,
           kpis=kpis, build_s=built)  # fmt: skip
    for page, load in page_loads().items():
        cold_s = median_seconds(partial(cold_load, load, filters), runs)
        warm_s = median_seconds(partial(load, filters), runs)
        record(rows, table, (size, name, page), cold_s, warm_s, anchor_s)
    for load in page_loads().values():
        load(filters)  # every page visited, caches warm
    memory = rss_mib()
    record(rows, table, (size, name, f"RSS after every page: {memory:.0f} MiB"), None, None, None,
           rss_mib=memory)  # fmt: skip
    cli_s = median_seconds(partial(cold_metrics, url, filters), runs)
    record(rows, table, (size, name, "vigil metrics (CLI)"), cli_s, None, anchor_s)
    engine = make_engine(url)
    refresh_s, buckets = refresh_after_import(engine)
    engine.dispose()
    page = f"summaries: refresh after a 10k import ({buckets:,} buckets)"
    record(rows, table, (size, name, page), refresh_s, None, None)
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
    sizes = os.environ.get("BENCH_SIZES", "1000000")
    parser.add_argument("--sizes", default=sizes, help="conversations per world, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "VIGIL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    folder = Path("data") / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    table = Table(title=f"Median of {args.runs} runs, the last 90 days of each world")
    for column in ("size", "backend", "page", "cold", "warm", "cold ÷ anchor"):
        table.add_column(column)
    rows: list[dict[str, Any]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        spec = DemoSpec(
            seed=7, customers=max(1_000, size // 8), days=365, conversations=size, end=END
        )
        sqlite_url = f"sqlite:///{folder / f'world-{size}.db'}"
        if not args.skip_sqlite:
            bench_backend("sqlite", sqlite_url, spec, args.runs, table, rows)
        if not args.skip_pg:
            bench_backend(
                "postgresql", pg_bench_url(args.pg_url, spec), spec, args.runs, table, rows
            )
    console.print(table)
    out = Path("artifacts") / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    console.print(f"wrote {out}")


if __name__ == "__main__":
    main()
