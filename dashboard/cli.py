"""The `vigil` command line (DESIGN §5)."""

from __future__ import annotations

import argparse
import json
import os
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


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
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
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


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

    serve = sub.add_parser("serve", parents=[common], help="start the dashboard")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(handler=_serve)
    return parser


if __name__ == "__main__":
    sys.exit(main())
