"""The alert job (docs/digests.md, "Alerts"): each condition that holds is sent once, then
stays quiet for VIGIL_ALERT_COOLDOWN. To the webhook (JSON, retried with backoff, then
recorded failed) when VIGIL_ALERT_WEBHOOK_URL is set, else by e-mail to
VIGIL_ALERT_RECIPIENTS. Every try is a row in alert_events, so nothing is lost unseen."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.digests import singleton
from jobs.mail import POLICY, one_line
from jobs.transport import Sender
from queries.plumbing.db import reading, writing
from queries.plumbing.errors import TransportError
from queries.plumbing.schema import alert_events
from queries.plumbing.settings import Settings
from queries.reports.alerts import Alert, due_alerts

log = logging.getLogger("vigil.jobs")
LOCK_KEY = 0x5649_4741  # "VIGA"
Sleep = Callable[[float], None]


def quiet(engine: Engine, condition: str, now: datetime, settings: Settings) -> bool:
    """True while `condition` fired (sent) within the cool-down."""
    with reading(engine) as conn:
        last = conn.execute(
            sa.select(sa.func.max(alert_events.c.fired_at)).where(
                alert_events.c.condition == condition, alert_events.c.status == "sent"
            )
        ).scalar()
    return last is not None and now - last < settings.alert_cooldown


def post(url: str, body: dict[str, object], attempts: int, sleep: Sleep) -> tuple[int, str | None]:
    """POST `body`, retried with backoff: (tries made, the last error or None)."""
    error: str | None = None
    for attempt in range(1, attempts + 1):
        try:
            answer = httpx.post(url, json=body, timeout=10)
            if answer.status_code < 300:
                return attempt, None
            error = f"HTTP {answer.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if attempt < attempts:
            sleep(min(2.0**attempt, 30))
    return attempts, error


def message(alert: Alert, settings: Settings, now: datetime) -> EmailMessage:
    mail = EmailMessage(policy=POLICY)
    mail["Subject"] = one_line(f"Vigil · {alert.title}")
    mail["From"] = one_line(settings.mail_from)
    mail["To"] = ", ".join(settings.alert_recipients)
    mail["Date"] = formatdate(now.timestamp(), usegmt=True)
    mail["Message-ID"] = make_msgid("alert")
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content("\n".join([alert.title, "", *alert.lines, "", alert.link]), charset="utf-8")
    return mail


def deliver(
    alert: Alert, settings: Settings, now: datetime, sender: Sender, sleep: Sleep
) -> tuple[str, int, str | None]:
    if settings.alert_webhook_url:
        tries, error = post(
            settings.alert_webhook_url, alert.as_json(), settings.alert_attempts, sleep
        )
        return "webhook", tries, error
    try:
        sender.send(message(alert, settings, now))
    except TransportError as exc:
        return "email", 1, f"{type(exc).__name__}: {exc}"
    return "email", 1, None


def check_alerts(
    engine: Engine, settings: Settings, now: datetime, sender: Sender, sleep: Sleep = time.sleep
) -> Counter[str]:
    counts: Counter[str] = Counter()
    if not settings.alert_webhook_url and not settings.alert_recipients:
        return counts
    with singleton(engine, LOCK_KEY) as mine:
        if not mine:
            return Counter(other_process=1)
        alerts = due_alerts(
            engine, settings.timezone, now, settings.locale, settings.public_url,
            settings.alert_stale_minutes,
        )  # fmt: skip
        for alert in alerts:
            if quiet(engine, alert.condition, now, settings):
                counts["quiet"] += 1
                continue
            channel, tries, error = deliver(alert, settings, now, sender, sleep)
            status = "failed" if error else "sent"
            with writing(engine) as conn:
                conn.execute(
                    sa.insert(alert_events).values(
                        condition=alert.condition,
                        fired_at=now,
                        channel=channel,
                        status=status,
                        attempts=tries,
                        detail=json.dumps(alert.as_json(), ensure_ascii=False),
                        error=error,
                    )
                )
            counts[status] += 1
    return counts
