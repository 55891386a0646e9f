"""The digest subscriptions (digest_subscriptions; docs/digests.md): add, list, remove, the
claim of a period (one sender per period, whatever the number of job processes) and the
one-click removal of one recipient."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.db import reading, writing
from queries.plumbing.errors import BadInput
from queries.plumbing.filters import Filters
from queries.plumbing.schema import DIGEST_CONTENTS, DIGEST_SCHEDULES, digest_subscriptions
from queries.plumbing.times import known_zone
from queries.plumbing.translations import LANGUAGES

table = digest_subscriptions


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    recipients: tuple[str, ...]
    language: str
    zone: str
    schedule: str
    weekday: int
    hour: int
    content: str
    filters: dict[str, tuple[str, ...]]
    skip_when_empty: bool
    last_period_end: str | None

    def period(self, start: Any, end: Any) -> Filters:
        cuts = self.filters
        return Filters(
            start,
            end,
            self.zone,
            channels=cuts.get("channels", ()),
            teams=cuts.get("teams", ()),
            segments=cuts.get("segments", ()),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recipients": list(self.recipients),
            "language": self.language,
            "zone": self.zone,
            "schedule": self.schedule,
            "weekday": self.weekday,
            "hour": self.hour,
            "content": self.content,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "skip_when_empty": self.skip_when_empty,
            "last_period_end": self.last_period_end,
        }


def _check(
    recipients: list[str],
    language: str,
    zone: str,
    schedule: str,
    weekday: int,
    hour: int,
    content: str,
) -> None:
    bad = [r for r in recipients if "@" not in r or any(c in r for c in " ,;<>\r\n")]
    if not recipients or bad:
        raise BadInput(f"digest recipients: {bad[0] if bad else 'none given'!r} is not an address")
    if language not in LANGUAGES:
        raise BadInput(f"digest language {language!r}: use one of {', '.join(LANGUAGES)}")
    if not known_zone(zone):
        raise BadInput(f"digest zone {zone!r} is not an IANA time zone")
    if schedule not in DIGEST_SCHEDULES or content not in DIGEST_CONTENTS:
        raise BadInput(f"digest schedule {schedule!r} or content {content!r} is unknown")
    if not (0 <= weekday <= 6 and 0 <= hour <= 23):
        raise BadInput("digest weekday is 0 (Monday) to 6, hour 0 to 23")


def add(
    engine: Engine,
    recipients: list[str],
    *,
    language: str,
    zone: str,
    schedule: str,
    weekday: int,
    hour: int,
    content: str,
    filters: dict[str, list[str]],
    skip_when_empty: bool,
    now: datetime,
) -> int:
    _check(recipients, language, zone, schedule, weekday, hour, content)
    with writing(engine) as conn:
        return int(
            conn.execute(
                sa.insert(table).values(
                    recipients=json.dumps(recipients),
                    language=language,
                    zone=zone,
                    schedule=schedule,
                    weekday=weekday,
                    hour=hour,
                    content=content,
                    filters=json.dumps({k: v for k, v in filters.items() if v}),
                    skip_when_empty=skip_when_empty,
                    created_at=now,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )


def _row(row: Any) -> Subscription:
    cuts = {k: tuple(v) for k, v in json.loads(row.filters or "{}").items()}
    return Subscription(
        row.id,
        tuple(json.loads(row.recipients)),
        row.language,
        row.zone,
        row.schedule,
        row.weekday,
        row.hour,
        row.content,
        cuts,
        bool(row.skip_when_empty),
        row.last_period_end,
    )


def all_subscriptions(engine: Engine) -> list[Subscription]:
    with reading(engine) as conn:
        return [_row(r) for r in conn.execute(sa.select(table).order_by(table.c.id))]


def one(engine: Engine, subscription_id: int) -> Subscription:
    found = [s for s in all_subscriptions(engine) if s.id == subscription_id]
    if not found:
        raise BadInput(f"no digest subscription {subscription_id}")
    return found[0]


def remove(engine: Engine, subscription_id: int) -> None:
    with writing(engine) as conn:
        if conn.execute(sa.delete(table).where(table.c.id == subscription_id)).rowcount == 0:
            raise BadInput(f"no digest subscription {subscription_id}")


def claim(engine: Engine, subscription: Subscription, period_end: str) -> bool:
    """Take the period for this process: true for exactly one caller per period."""
    earlier = sa.or_(table.c.last_period_end.is_(None), table.c.last_period_end < period_end)
    with writing(engine) as conn:
        done = conn.execute(
            sa.update(table)
            .where(table.c.id == subscription.id, earlier)
            .values(last_period_end=period_end)
        )
        return done.rowcount == 1


def release(engine: Engine, subscription: Subscription, period_end: str) -> None:
    """Give the period back (the send failed): the next run tries again."""
    with writing(engine) as conn:
        conn.execute(
            sa.update(table)
            .where(table.c.id == subscription.id, table.c.last_period_end == period_end)
            .values(last_period_end=subscription.last_period_end)
        )


def sent(engine: Engine, subscription: Subscription, at: datetime) -> None:
    with writing(engine) as conn:
        conn.execute(sa.update(table).where(table.c.id == subscription.id).values(last_sent_at=at))


def leave(engine: Engine, subscription_id: int, address: str) -> None:
    """One recipient leaves (the one-click unsubscribe); the others keep the digest."""
    with writing(engine) as conn:
        row = conn.execute(sa.select(table).where(table.c.id == subscription_id)).first()
        if row is None:
            return
        kept = [r for r in json.loads(row.recipients) if r.lower() != address.lower()]
        conn.execute(
            sa.update(table)
            .where(table.c.id == subscription_id)
            .values(recipients=json.dumps(kept))
        )
