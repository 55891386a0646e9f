"""`vigil summaries rebuild [--since D]` (docs/summaries.md), and the refresh that ends every
import, demo build and sync."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime, time

from sqlalchemy.engine import Engine

from dashboard.cli.arguments import iso_date
from queries.plumbing.clock import clock_for
from queries.plumbing.settings import Settings
from queries.plumbing.staleness import EVERYTHING
from queries.summaries.build import Refresh, refresh

EngineFor = Callable[[argparse.Namespace, Settings], Engine]


def refreshed(engine: Engine, settings: Settings, since: datetime | None = None) -> Refresh:
    """Bring the summaries up to date after a write, and say so on one line."""
    done = refresh(engine, clock_for(settings)(), settings.fcr_window_days, since)
    print(describe(done), file=sys.stderr)  # stdout keeps each command's own contract
    return done


def describe(done: Refresh) -> str:
    if done.skipped:
        return "summaries: another process is refreshing them"
    if done.since is None:
        return "summaries: up to date"
    return f"summaries: {done.buckets:,} buckets rebuilt from {done.since} in {done.seconds:.1f} s"


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, engine: EngineFor
) -> None:
    parser = sub.add_parser("summaries", parents=[common], help="the summaries the pages read")
    action = parser.add_subparsers(dest="summaries_action", required=True)
    rebuild = action.add_parser("rebuild", parents=[common], help="rebuild them from the rows")
    rebuild.add_argument("--since", type=iso_date, help="from this UTC day on (default: all)")

    def run(args: argparse.Namespace, settings: Settings) -> int:
        since = EVERYTHING if args.since is None else datetime.combine(args.since, time(), UTC)
        refreshed(engine(args, settings), settings, since)
        return 0

    parser.set_defaults(handler=run)
