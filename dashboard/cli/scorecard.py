"""`vigil scorecard --start D --end D [--tz TZ] [--team T] [--json]`: the 3A scorecard page's
numbers and its agent table (docs/metrics.md, "3A scorecard")."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from dashboard.cli.arguments import iso_date, period, zone_name
from queries.plumbing.clock import clock_for
from queries.plumbing.filters import Filters
from queries.plumbing.settings import Settings

EngineFor = Callable[[argparse.Namespace, Settings], Engine]


def register(sub: Any, common: argparse.ArgumentParser, engine_for: EngineFor) -> None:
    card = sub.add_parser("scorecard", parents=[common], help="print the 3A scorecard")
    card.add_argument("--start", type=iso_date, required=True)
    card.add_argument("--end", type=iso_date, required=True)
    card.add_argument("--tz", type=zone_name)
    card.add_argument("--team", action="append", default=[], help="cut to a team (repeatable)")
    card.add_argument("--json", action="store_true")

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        return run(engine_for(args, settings), args, settings)

    card.set_defaults(handler=handler)


def scorecard_json(engine: Engine, filters: Filters, settings: Settings) -> dict[str, Any]:
    """The page's numbers (`scorecard_view`) and the agent view's table, as one object."""
    from queries.views.agents import agents_view
    from queries.views.scorecard import Settings3A, scorecard_view

    card = Settings3A.of(settings)
    now = clock_for(settings)()
    values = scorecard_view(engine, filters, card, now).as_json()
    return values | {"agents": agents_view(engine, filters, card).as_json()}


def run(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    filters = period(args, settings.timezone)
    values = scorecard_json(engine, filters, settings)
    if args.json:
        print(json.dumps(values, ensure_ascii=False, default=str))
        return 0
    print(f"{filters.start} – {filters.end}, {filters.tz}: {values['conversations']} conversations")
    for key, pillar in values["pillars"].items():
        shown = "not measured" if pillar["value"] is None else f"{pillar['value']:.1f}"
        print(f"  {key:<13} {shown}")
        for name, part in pillar["components"].items():
            value = "—" if part["value"] is None else f"{part['value']:.1f}"
            print(f"    {name:<26} {value:>6}  n={part['n']}  weight {part['weight']:g}")
    reviews = values["reviews"]
    iqs = "—" if reviews["iqs"] is None else f"{reviews['iqs']:.1f}"
    print(f"  reviews {reviews['reviews']}, IQS {iqs}")
    return 0
