"""`vigil sync`: keep Vigil in sync with a helpdesk through a mapping or a preset
(docs/connectors.md). Bad data or a bad mapping exits 2, an unreachable source 1."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from dashboard.cli.arguments import iso_instant
from dashboard.cli.summaries import refreshed
from queries.plumbing.clock import clock_for
from queries.plumbing.errors import BadInput
from queries.plumbing.settings import Settings

EngineFor = Callable[[argparse.Namespace, Settings], Engine]
SOURCES = ("chatwoot", "zendesk")


def register(sub: Any, common: argparse.ArgumentParser, engine_for: EngineFor) -> None:
    sync = sub.add_parser("sync", parents=[common], help="sync from a helpdesk (a mapping)")
    what = sync.add_mutually_exclusive_group(required=True)
    what.add_argument("--mapping", metavar="FILE", help="a TOML mapping (docs/connectors.md)")
    what.add_argument("--source", choices=SOURCES, help="a shipped preset")
    sync.add_argument("--source-url", dest="source_url", metavar="URL", help="the source database")
    sync.add_argument("--account", type=int, help="chatwoot: the account id")
    sync.add_argument("--subdomain", help="zendesk: S of https://S.zendesk.com")
    sync.add_argument("--email", help="zendesk: the API user's e-mail")
    sync.add_argument("--token-env", dest="token_env", metavar="VAR", help="zendesk: its token")
    sync.add_argument("--base-url", dest="base_url", help="zendesk: instead of the subdomain")
    sync.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a query parameter"
    )
    sync.add_argument("--since", type=iso_instant, help="read rows changed since (ISO 8601)")
    sync.add_argument("--dry-run", action="store_true", dest="dry_run")
    sync.set_defaults(handler=lambda args, settings: _sync(engine_for, args, settings))


def _params(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise BadInput(f"--param: expected NAME=VALUE, got {item!r}")
        params[name] = value
    if args.account is not None:
        params["account"] = args.account
    return params


def _sync(engine_for: EngineFor, args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from queries.connectors.mapping import load_mapping
    from queries.connectors.presets import SQL_PRESETS, preset_mapping
    from queries.connectors.sql_source import source_engine
    from queries.connectors.sync import sync

    if args.source == "zendesk":
        return _zendesk(engine_for(args, settings), args, settings)
    if not args.source_url:
        raise BadInput("--source-url is required (the source database's URL)")
    params = _params(args)
    if args.source:
        for name in SQL_PRESETS[args.source]:
            if name not in params:
                raise BadInput(f"--{name} is required with --source {args.source}")
        mapping = preset_mapping(args.source)
    else:
        mapping = load_mapping(Path(args.mapping))
    engine = engine_for(args, settings)
    report = sync(
        engine,
        source_engine(args.source_url),
        mapping,
        params=params,
        since=args.since,
        dry_run=args.dry_run,
        now=clock_for(settings)(),
    )
    return _finish(engine, settings, report, args.dry_run)


def _finish(engine: Engine, settings: Settings, report: Any, dry_run: bool) -> int:
    """Print the report, bring the summaries up to date after a real sync, fail on problems."""
    print(report)
    if not dry_run:
        refreshed(engine, settings)
    if report.problems:
        raise BadInput(f"{len(report.problems)} problem(s), first: {report.problems[0]}")
    return 0


def _zendesk(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    import os

    from queries.connectors.zendesk import sync_zendesk
    from queries.connectors.zendesk_api import ZendeskApi

    if not args.email or not args.token_env or not (args.subdomain or args.base_url):
        raise BadInput("--source zendesk needs --subdomain (or --base-url), --email, --token-env")
    token = os.environ.get(args.token_env)
    if not token:
        raise BadInput(f"--token-env: the variable {args.token_env} is not set")
    base = args.base_url or f"https://{args.subdomain}.zendesk.com"
    api = ZendeskApi(base, args.email, token)
    try:
        now = clock_for(settings)()
        report = sync_zendesk(engine, api, since=args.since, dry_run=args.dry_run, now=now)
    finally:
        api.close()
    return _finish(engine, settings, report, args.dry_run)
