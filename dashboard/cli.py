"""The `vigil` command line (DESIGN §5)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy.engine import Engine

from queries.db import DataUnavailable, make_engine
from queries.errors import BadInput
from queries.filters import Filters
from queries.settings import Settings

APP = Path(__file__).with_name("app.py")
# the ASGI app around APP: Streamlit plus the RFC 8058 one-click unsubscribe POST route
SERVER = Path(__file__).with_name("asgi.py")
stderr = Console(stderr=True)


_engines: list[Engine] = []


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    try:
        return int(args.handler(args, settings) or 0)
    except BadInput as exc:
        print(f"vigil {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except DataUnavailable as exc:
        print(f"vigil {args.command}: error: {exc}", file=sys.stderr)
        return 1
    finally:
        while _engines:
            _engines.pop().dispose()


def _engine(args: argparse.Namespace, settings: Settings) -> Engine:
    """The command's engine; `main` disposes it when the command ends."""
    _engines.append(make_engine(args.db or settings.database_url))
    return _engines[-1]


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar behind the plain `Progress` callback that `queries` reports to."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield report


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from queries.migrate import upgrade

    engine = _engine(args, settings)
    upgrade(engine)
    print(f"schema is current on {engine.url.render_as_string(hide_password=True)}")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from queries.demo import DemoSpec, build_demo, has_data
    from queries.migrate import upgrade

    engine = _engine(args, settings)
    upgrade(engine)
    if args.if_empty and has_data(engine):
        print("the database already holds data; demo world left as it is")
        return 0
    spec = DemoSpec(
        seed=args.seed, customers=args.customers, days=args.days, conversations=args.conversations
    )
    with _progress_bar() as progress:
        summary = build_demo(engine, spec, progress=progress)
    print(summary)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from queries.importer import import_directory

    engine = _engine(args, settings)
    with _progress_bar() as progress:
        summary = import_directory(engine, Path(args.directory), progress=progress)
    print(summary)
    return 0


def _metrics(args: argparse.Namespace, settings: Settings) -> int:
    from queries.metrics import compute_metrics

    filters = Filters(args.start, args.end, args.tz or settings.timezone)
    as_of = args.as_of or datetime.now(UTC)
    values = compute_metrics(
        _engine(args, settings), filters, as_of=as_of, fcr_window_days=settings.fcr_window_days
    )
    if args.json:
        print(json.dumps(values, ensure_ascii=False))
    else:
        width = max(len(key) for key in values)
        for key, value in values.items():
            print(f"{key:<{width}}  {'—' if value is None else value}")
    return 0


def _coverage(args: argparse.Namespace, settings: Settings) -> int:
    from queries.coverage import Targets, coverage

    filters = Filters(args.start, args.end, args.tz or settings.timezone)
    targets = Targets(
        seconds=args.target_seconds or settings.service_target_seconds,
        level=args.service_level if args.service_level is not None else settings.service_level,
        shrinkage=args.shrinkage if args.shrinkage is not None else settings.shrinkage,
    )
    result = coverage(_engine(args, settings), filters, targets)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    aht = "—" if result.aht_s is None else f"{result.aht_s:.0f} s"
    print(
        f"{filters.start} – {filters.end}, {filters.tz}; AHT {aht}; target "
        f"{targets.level:.0%} in {targets.seconds:g} s, shrinkage {targets.shrinkage:.0%}"
    )
    print(f"{'day':<4}{'hour':>5}{'demand':>9}{'scheduled':>11}{'required':>10}{'gap':>8}")
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for row in result.as_json()["rows"]:
        required = "—" if row["required"] is None else row["required"]
        gap = "—" if row["gap"] is None else f"{row['gap']:+.2f}"
        print(
            f"{days[row['weekday']]:<4}{row['hour']:>5}{row['demand']:>9.2f}"
            f"{row['scheduled']:>11.2f}{required:>10}{gap:>8}"
        )
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVER),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = dict(os.environ)
    if args.db:
        env["VIGIL_DATABASE_URL"] = args.db
    jobs = subprocess.Popen([sys.executable, "-m", "jobs"], env=env) if args.with_jobs else None
    server = subprocess.Popen(command, env=env)

    def stop(_signum: int, _frame: object) -> None:  # SIGTERM (systemd, tests): children too
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:  # the dashboard and the jobs process stop together (Ctrl-C or SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut this short
        for child in (server, jobs):
            if child is None:
                continue
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _jobs(args: argparse.Namespace, settings: Settings) -> int:
    """`vigil jobs [run-once [--now ISO]]` becomes `python -m jobs …` (exec, same pid); the
    dashboard layer does not import jobs/ (tests/test_architecture.py)."""
    command = [sys.executable, "-m", "jobs", *(["--db", args.db] if args.db else [])]
    if args.action == "run-once":
        command += ["run-once", *(["--now", args.now.isoformat()] if args.now else [])]
    else:
        command += ["--interval", str(args.interval)]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # the jobs process takes this pid: SIGTERM reaches it


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 timestamp: {text!r}") from exc
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"timestamp needs Z or an offset: {text!r}")
    return value


def _share(low: float, high: float | None, *, closed_low: bool = False) -> Callable[[str], float]:
    """An argparse type: a number in (low, high), or [low, high) with closed_low."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
        above = value >= low if closed_low else value > low
        if not above or (high is not None and value >= high):
            bracket = "[" if closed_low else "("
            upper = "∞" if high is None else f"{high:g}"
            raise argparse.ArgumentTypeError(f"{text} is outside {bracket}{low:g}, {upper})")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vigil", description="Vigil support KPI dashboard")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database URL (default: VIGIL_DATABASE_URL, then SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", parents=[common], help="create or upgrade the schema").set_defaults(
        handler=_migrate
    )

    demo = sub.add_parser("demo", parents=[common], help="build the demo world")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--customers", type=int, default=20_000)
    demo.add_argument("--days", type=int, default=365)
    demo.add_argument("--conversations", type=int, default=150_000)
    demo.add_argument("--if-empty", action="store_true", help="only when the database is empty")
    demo.set_defaults(handler=_demo)

    imp = sub.add_parser("import", parents=[common], help="import the §6 CSV files in DIR")
    imp.add_argument("directory", metavar="DIR")
    imp.set_defaults(handler=_import)

    metrics = sub.add_parser("metrics", parents=[common], help="print the §3 KPIs")
    metrics.add_argument("--start", type=_date, required=True)
    metrics.add_argument("--end", type=_date, required=True)
    metrics.add_argument("--tz")
    metrics.add_argument("--as-of", type=_instant, dest="as_of")
    metrics.add_argument("--json", action="store_true")
    metrics.set_defaults(handler=_metrics)

    cover = sub.add_parser("coverage", parents=[common], help="print the §4 coverage")
    cover.add_argument("--start", type=_date, required=True)
    cover.add_argument("--end", type=_date, required=True)
    cover.add_argument("--tz")
    cover.add_argument("--target-seconds", type=_share(0, None), dest="target_seconds")
    cover.add_argument("--service-level", type=_share(0, 1), dest="service_level")
    cover.add_argument("--shrinkage", type=_share(0, 1, closed_low=True))
    cover.add_argument("--json", action="store_true")
    cover.set_defaults(handler=_coverage)

    serve = sub.add_parser("serve", parents=[common], help="start the dashboard")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument(
        "--with-jobs", action="store_true", help="also run the jobs process (as `make run` does)"
    )
    serve.set_defaults(handler=_serve)

    jobs = sub.add_parser("jobs", parents=[common], help="run the survey jobs until stopped")
    jobs.add_argument("action", nargs="?", choices=["run-once"], help="one cycle, then exit")
    jobs.add_argument("--now", type=_instant, help="run-once: the clock (ISO 8601 with offset)")
    jobs.add_argument("--interval", type=float, default=60.0, help="seconds between runs")
    jobs.set_defaults(handler=_jobs)
    return parser


if __name__ == "__main__":
    sys.exit(main())
