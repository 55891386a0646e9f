"""The `vigil` command line (docs/metrics.md, "Command line")."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

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

from dashboard.cli import digests, processes, scorecard, summaries, sync, users
from dashboard.cli.arguments import iso_date, iso_instant, period, share, zone_name
from queries.plumbing.clock import clock_for
from queries.plumbing.config import load_settings
from queries.plumbing.db import make_engine
from queries.plumbing.errors import BadInput, DataUnavailable
from queries.plumbing.settings import Settings

stderr = Console(stderr=True)


_engines: list[Engine] = []


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Every failure is one line on stderr (docs/metrics.md, "Command line"):
    exit 2 for bad input, 1 when the database or the disk fails."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return int(args.handler(args, settings) or 0)
    except BadInput as exc:
        return _fail(args, exc, 2)
    except DataUnavailable as exc:
        return _fail(args, exc, 1)
    except OSError as exc:  # a full disk or an unwritable path, outside the database
        return _fail(
            args, f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), 1
        )
    finally:
        while _engines:
            _engines.pop().dispose()


def _fail(args: argparse.Namespace, error: object, code: int) -> int:
    line = " ".join(str(error).split())  # one line, whatever the driver's message held
    print(f"vigil {args.command}: error: {line}", file=sys.stderr)
    return code


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (no usage block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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

        try:
            yield report
        except BaseException:  # leave the failure's one line alone on stderr:
            bar.live.transient = True  # no final bar,
            bar.live.stop()
            bar.disable = True  # nor the blank line a non-terminal gets after it
            raise


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from queries.plumbing.migrate import upgrade

    engine = _engine(args, settings)
    upgrade(engine)
    print(f"schema is current on {engine.url.render_as_string(hide_password=True)}")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from queries.demo import DemoSpec, build_demo, has_data
    from queries.plumbing.migrate import upgrade

    engine = _engine(args, settings)
    upgrade(engine)
    if args.if_empty and has_data(engine):
        print("the database already holds data; demo world left as it is")
        return 0
    yesterday = clock_for(settings)().date() - timedelta(days=1)  # the last whole UTC day
    spec = DemoSpec(
        seed=args.seed,
        customers=args.customers,
        days=args.days,
        conversations=args.conversations,
        end=yesterday,
    )
    with _progress_bar() as progress:
        summary = build_demo(engine, spec, progress=progress)
    print(summary)
    summaries.refreshed(engine, settings)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from queries.importer import import_directory

    engine = _engine(args, settings)
    with _progress_bar() as progress:
        summary = import_directory(
            engine, Path(args.directory), progress=progress, now=clock_for(settings)()
        )
    print(summary)
    summaries.refreshed(engine, settings)
    return 0


def _metrics(args: argparse.Namespace, settings: Settings) -> int:
    from queries.metrics.tallies import compute_metrics

    filters = period(args, settings.timezone)
    as_of = args.as_of or clock_for(settings)()
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
    from queries.metrics.roster import Targets
    from queries.metrics.targets import channel_targets
    from queries.views.coverage import coverage

    filters = period(args, settings.timezone)
    targets = Targets(
        seconds=args.target_seconds or settings.service_target_seconds,
        level=args.service_level if args.service_level is not None else settings.service_level,
        shrinkage=args.shrinkage if args.shrinkage is not None else settings.shrinkage,
    )
    if args.per_channel:
        channels = tuple(channel_targets(settings.service_targets).items())
        targets = replace(targets, channels=channels, occupancy=settings.deferred_occupancy)
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


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="vigil", description="Vigil support KPI dashboard")
    common = OneLineParser(add_help=False)
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
    metrics.add_argument("--start", type=iso_date, required=True)
    metrics.add_argument("--end", type=iso_date, required=True)
    metrics.add_argument("--tz", type=zone_name)
    metrics.add_argument("--as-of", type=iso_instant, dest="as_of")
    metrics.add_argument("--team", action="append", default=[], help="cut to a team (repeatable)")
    metrics.add_argument("--json", action="store_true")
    metrics.set_defaults(handler=_metrics)

    cover = sub.add_parser("coverage", parents=[common], help="print the §4 coverage")
    cover.add_argument("--start", type=iso_date, required=True)
    cover.add_argument("--end", type=iso_date, required=True)
    cover.add_argument("--tz", type=zone_name)
    cover.add_argument("--team", action="append", default=[], help="cut to a team (repeatable)")
    cover.add_argument("--target-seconds", type=share(0, None), dest="target_seconds")
    cover.add_argument("--service-level", type=share(0, 1), dest="service_level")
    cover.add_argument("--shrinkage", type=share(0, 1, closed_low=True))
    cover.add_argument(
        "--per-channel",
        action="store_true",
        dest="per_channel",
        help="each channel against its own target (VIGIL_SERVICE_TARGETS), as the pages do",
    )
    cover.add_argument("--json", action="store_true")
    cover.set_defaults(handler=_coverage)

    digests.add_parser(sub, common, _engine)

    serve = sub.add_parser("serve", parents=[common], help="start the dashboard")
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument(
        "--with-jobs", action="store_true", help="also run the jobs process (as `make run` does)"
    )
    serve.set_defaults(handler=processes.serve)

    jobs = sub.add_parser("jobs", parents=[common], help="run the survey jobs until stopped")
    jobs.add_argument("action", nargs="?", choices=["run-once"], help="one cycle, then exit")
    jobs.add_argument("--now", type=iso_instant, help="run-once: the clock (ISO 8601 with offset)")
    jobs.add_argument("--interval", type=float, default=60.0, help="seconds between runs")
    jobs.set_defaults(handler=processes.jobs)
    users.register(sub, common, _engine)
    scorecard.register(sub, common, _engine)
    sync.register(sub, common, _engine)
    summaries.register(sub, common, _engine)
    return parser


if __name__ == "__main__":
    sys.exit(main())
