"""`vigil users add|list|disable|enable|reset-password`: the accounts of VIGIL_AUTH=local (and
the roles and team scope of proxy and oidc accounts). A password comes from stdin, or is
generated and printed once; it is never logged."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from queries.access import accounts, audit
from queries.access.viewer import ROLES
from queries.plumbing.clock import clock_for
from queries.plumbing.settings import Settings

EngineFor = Callable[[argparse.Namespace, Settings], Engine]


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, generated): generated with --generate, else the first line of stdin when it
    is piped, else a prompt on the terminal."""
    if args.generate:
        return accounts.generated_password(), True
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n"), False
    return getpass.getpass("password: "), False


def _add(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    now = clock_for(settings)()
    password, generated = (None, False) if args.no_password else _password(args)
    teams = tuple(t.strip() for t in (args.teams or "").split(",") if t.strip())
    account = accounts.add(engine, args.name, args.role, now, password, teams)
    audit.record(
        engine, audit.ACCOUNT, None, now, None, {"added": account.name, "role": account.role}
    )
    scope = ", ".join(account.teams) or "all teams"
    print(f"added {account.name} ({account.role}; {scope})")
    if generated:
        print(f"password (shown once): {password}")
    return 0


def _list(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    for a in accounts.accounts(engine):
        state = "disabled" if a.disabled_at else "active"
        print(f"{a.name}\t{a.role}\t{','.join(a.teams) or '*'}\t{state}")
    return 0


def _enable(enabled: bool) -> Callable[[Engine, argparse.Namespace, Settings], int]:
    def run(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
        now = clock_for(settings)()
        accounts.set_enabled(engine, args.name, enabled, now)
        change = "enabled" if enabled else "disabled"
        audit.record(engine, audit.ACCOUNT, None, now, None, {change: args.name})
        print(f"{change} {args.name}" + ("" if enabled else "; its sessions have ended"))
        return 0

    return run


def _reset(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    now = clock_for(settings)()
    password, generated = _password(args)
    accounts.reset_password(engine, args.name, password, now)
    audit.record(engine, audit.ACCOUNT, None, now, None, {"password reset": args.name})
    print(f"new password set for {args.name}; its sessions have ended")
    if generated:
        print(f"password (shown once): {password}")
    return 0


ACTIONS = {
    "add": _add,
    "list": _list,
    "disable": _enable(False),
    "enable": _enable(True),
    "reset-password": _reset,
}


def register(sub: Any, common: argparse.ArgumentParser, engine_for: EngineFor) -> None:
    users = sub.add_parser("users", parents=[common], help="manage sign-in accounts")
    users.add_argument("action", choices=list(ACTIONS))
    users.add_argument("name", nargs="?", help="the account's sign-in name or e-mail")
    users.add_argument("--role", choices=ROLES, default="viewer")
    users.add_argument("--teams", help="comma-separated teams the account is scoped to")
    users.add_argument("--generate", action="store_true", help="generate the password, print once")
    users.add_argument("--no-password", action="store_true", help="proxy or oidc: no password")

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        if args.action != "list" and not args.name:
            users.error(f"users {args.action} needs NAME")
        return ACTIONS[args.action](engine_for(args, settings), args, settings)

    users.set_defaults(handler=handler)
