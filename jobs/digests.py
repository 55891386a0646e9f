"""The digest job (docs/digests.md): send every subscription that is due, once per period.

A singleton: on PostgreSQL only the process holding the advisory lock runs it
(`pg_try_advisory_lock`), and each period is claimed on its row besides, so two jobs
processes never send one period twice. A transient mail failure gives the claim back (the
next run, within the grace, tries again); a permanent one is recorded and kept."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.digest_mail import digest_message
from jobs.transport import Sender
from queries.plumbing.db import reading
from queries.plumbing.errors import PermanentError, TransientError
from queries.plumbing.settings import Settings
from queries.reports import subscriptions
from queries.reports.digest import Digest, build
from queries.reports.document import Chart
from queries.reports.images import chart_png
from queries.reports.pdf import document_pdf
from queries.reports.schedule import is_due, latest_due, period_before

log = logging.getLogger("vigil.jobs")
LOCK_KEY = 0x5649_4744  # "VIGD": the digest job's advisory lock


@contextmanager
def singleton(engine: Engine, key: int = LOCK_KEY) -> Iterator[bool]:
    """True in the one process that may run the digests now (always true on SQLite)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with reading(engine) as conn:
        mine = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield mine
        finally:
            if mine:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})


def files(digest: Digest, settings: Settings) -> tuple[bytes, list[bytes]]:
    """The PDF and the chart PNGs, each chart drawn once."""
    drawn: dict[int, bytes] = {}

    def image(chart: Chart) -> bytes:
        if id(chart) not in drawn:
            drawn[id(chart)] = chart_png(chart.figure, chart.title, str(settings.chromium))
        return drawn[id(chart)]

    pdf = document_pdf(digest.document, image)
    return pdf, [image(chart) for chart in digest.document.charts]


def deliver(
    engine: Engine,
    settings: Settings,
    subscription: subscriptions.Subscription,
    period: tuple[object, object],
    now: datetime,
    sender: Sender,
) -> str:
    """Build and send one digest to each recipient: "sent" or "skipped_empty"."""
    filters = subscription.period(*period)
    digest = build(subscription.content, engine, filters, subscription.language, now)
    if digest.empty and subscription.skip_when_empty:
        return "skipped_empty"
    made = files(digest, settings)
    for address in subscription.recipients:
        sender.send(digest_message(digest, address, subscription.id, made, settings, now))
    subscriptions.sent(engine, subscription, now)
    return "sent"


def send_due(engine: Engine, settings: Settings, now: datetime, sender: Sender) -> Counter[str]:
    """Every subscription due at `now`, once per period."""
    counts: Counter[str] = Counter()
    with singleton(engine) as mine:
        if not mine:
            return Counter(other_process=1)
        for sub in subscriptions.all_subscriptions(engine):
            due = latest_due(sub.schedule, sub.weekday, sub.hour, sub.zone, now)
            if not sub.recipients or not is_due(due, sub.schedule, now, sub.last_period_end):
                continue
            end = due.end.isoformat()
            if not subscriptions.claim(engine, sub, end):
                counts["taken"] += 1
                continue
            try:
                counts[deliver(engine, settings, sub, (due.start, due.end), now, sender)] += 1
            except TransientError:
                subscriptions.release(engine, sub, end)
                counts["retry"] += 1
                log.warning("digest send failed, will retry", extra={"subscription": sub.id})
            except PermanentError:
                counts["failed"] += 1
                log.exception("digest refused", extra={"subscription": sub.id})
    return counts


def send_now(
    engine: Engine, settings: Settings, subscription_id: int, now: datetime, sender: Sender
) -> str:
    """`vigil digests send-now ID`: the last complete period as of `now`, whatever is due."""
    sub = subscriptions.one(engine, subscription_id)
    local_day = now.astimezone(sub.period(now.date(), now.date()).zone).date()
    return deliver(engine, settings, sub, period_before(sub.schedule, local_day), now, sender)
