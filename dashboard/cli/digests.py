"""`vigil digests add|list|remove|send-now ID|run-once --now ISO` (docs/digests.md). Adding,
listing and removing are done here; sending is the jobs layer's (`python -m jobs.digest_run`,
exec'd, since the dashboard layer does not import jobs/)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from sqlalchemy.engine import Engine

from queries.plumbing.clock import clock_for
from queries.plumbing.settings import Settings
from queries.reports import subscriptions

EngineFor = Callable[[argparse.Namespace, Settings], Engine]


def add_parser(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, engine: EngineFor
) -> None:
    digests = sub.add_parser("digests", parents=[common], help="scheduled report e-mails")
    action = digests.add_subparsers(dest="digest_action", required=True)
    add = action.add_parser("add", parents=[common], help="subscribe recipients to a digest")
    add.add_argument("--to", action="append", required=True, help="a recipient (repeatable)")
    add.add_argument(
        "--content", choices=["executive", "pain_points", "coverage"], default="executive"
    )
    add.add_argument("--schedule", choices=["weekly", "daily", "monthly"], default="weekly")
    add.add_argument("--weekday", type=int, default=0, help="weekly: 0 = Monday … 6 = Sunday")
    add.add_argument("--hour", type=int, default=8, help="local hour in --tz")
    add.add_argument("--tz", help="display zone (default: VIGIL_TIMEZONE)")
    add.add_argument("--language", help="zh-TW or en (default: VIGIL_LOCALE)")
    add.add_argument("--team", action="append", default=[])
    add.add_argument("--channel", action="append", default=[])
    add.add_argument("--segment", action="append", default=[])
    add.add_argument("--send-empty", action="store_true", help="send even when the period is empty")
    action.add_parser("list", parents=[common], help="the subscriptions, as JSON lines")
    remove = action.add_parser("remove", parents=[common], help="delete a subscription")
    remove.add_argument("id", type=int)
    now = action.add_parser("send-now", parents=[common], help="send its last period now")
    now.add_argument("id", type=int)
    once = action.add_parser("run-once", parents=[common], help="send whatever is due at --now")
    once.add_argument("--now", help="the clock (ISO 8601 with offset)")
    digests.set_defaults(handler=lambda args, settings: run(args, settings, engine))


def run(args: argparse.Namespace, settings: Settings, engine: EngineFor) -> int:
    if args.digest_action in ("send-now", "run-once"):
        command = [sys.executable, "-m", "jobs.digest_run", *(["--db", args.db] if args.db else [])]
        command.append(args.digest_action)
        if args.digest_action == "send-now":
            command.append(str(args.id))
        elif args.now:
            command += ["--now", args.now]
        sys.stdout.flush()
        os.execv(sys.executable, command)
    db = engine(args, settings)
    if args.digest_action == "add":
        new = subscriptions.add(
            db,
            args.to,
            language=args.language or settings.locale,
            zone=args.tz or settings.timezone,
            schedule=args.schedule,
            weekday=args.weekday,
            hour=args.hour,
            content=args.content,
            filters={"teams": args.team, "channels": args.channel, "segments": args.segment},
            skip_when_empty=not args.send_empty,
            now=clock_for(settings)(),
        )
        print(new)
    elif args.digest_action == "list":
        for found in subscriptions.all_subscriptions(db):
            print(json.dumps(found.as_json(), ensure_ascii=False))
    else:
        subscriptions.remove(db, args.id)
        print(f"removed digest subscription {args.id}")
    return 0
