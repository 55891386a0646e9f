"""`vigil digests send-now ID` and `vigil digests run-once --now ISO` (docs/digests.md): the
digest job once, recorded in job_runs, one line of result or of error."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence

from jobs import digests
from jobs.runs import recorded
from jobs.transport import make_sender
from queries.plumbing.clock import clock_for
from queries.plumbing.config import load_settings
from queries.plumbing.db import make_engine
from queries.plumbing.errors import BadInput, DataUnavailable, TransportError
from queries.plumbing.times import parse_instant


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vigil digests")
    parser.add_argument("--db")
    parser.add_argument("action", choices=["send-now", "run-once"])
    parser.add_argument("id", nargs="?", type=int)
    parser.add_argument("--now", type=parse_instant)
    args = parser.parse_args(argv)
    settings = load_settings()
    engine = make_engine(args.db or settings.database_url)
    clock = (lambda: args.now) if args.now else clock_for(settings)
    sender = make_sender(settings)
    try:
        if args.action == "send-now":
            if args.id is None:
                raise BadInput("send-now needs a subscription ID")
            outcome = digests.send_now(engine, settings, args.id, clock(), sender)
            print(f"digest {args.id}: {outcome}")
        else:
            counts: Counter[str] = recorded(
                engine,
                "digests",
                clock,
                lambda: digests.send_due(engine, settings, clock(), sender),
            )
            print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing due")
    except BadInput as exc:
        print(f"vigil digests: error: {exc}", file=sys.stderr)
        return 2
    except (DataUnavailable, TransportError) as exc:
        print(f"vigil digests: error: {exc}", file=sys.stderr)
        return 1
    finally:
        sender.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
