"""Alerts (docs/digests.md, "Alerts"): a planted next-week gap fires once and stays quiet in
its cool-down; a loopback webhook receiver gets the JSON; an unreachable webhook is retried,
then recorded failed, and tried again on the next run (nothing lost)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.alerts import check_alerts
from jobs.transport import make_sender
from queries.plumbing.schema import alert_events
from queries.plumbing.settings import Settings
from tests.builders import World, at
from tests.e2e.conftest import free_port
from tests.jobs.conftest import SmtpServer, make_settings

ZONE = "Asia/Taipei"
NOW = at("2026-11-25 12:00", ZONE)  # a Wednesday


def plant_demand_without_shifts(engine: Engine) -> None:
    """Four weeks of contacts at 10:00 every day and no shift at all: every coming 10:00 is
    understaffed."""
    world = World(engine)
    customer = world.customer()
    for day in range(1, 29):
        opened = at("2026-11-25 10:00", ZONE) - timedelta(days=day)
        for minute in range(0, 60, 6):
            world.conversation(
                customer_id=customer,
                opened_at=opened + timedelta(minutes=minute),
                handle_seconds=900,
            )


def events(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(alert_events).order_by(alert_events.c.id)))


def run(engine: Engine, settings: Settings, now: Any, sleeps: list[float] | None = None) -> Any:
    sender = make_sender(settings)
    try:
        return check_alerts(
            engine, settings, now, sender, sleep=(sleeps if sleeps is not None else []).append
        )
    finally:
        sender.close()


def test_a_next_week_gap_fires_once_then_stays_quiet(
    sqlite_engine: Engine, smtp_server: SmtpServer
) -> None:
    plant_demand_without_shifts(sqlite_engine)
    settings = make_settings(smtp_port=smtp_server.port, alert_recipients=["lead@example.test"])
    assert run(sqlite_engine, settings, NOW)["sent"] == 2  # the gap, and no survey job ever ran
    subjects = [str(m["Subject"]) for _f, _t, m in smtp_server.inbox.messages]
    gap = next(m for _f, _t, m in smtp_server.inbox.messages if "不足" in str(m["Subject"]))
    assert "/next_week" in gap.get_content()
    assert len(subjects) == 2
    assert run(sqlite_engine, settings, NOW + timedelta(hours=1)) == {"quiet": 2}
    assert run(sqlite_engine, settings, NOW + timedelta(hours=23)) == {"quiet": 2}
    assert len(smtp_server.inbox.messages) == 2
    assert run(sqlite_engine, settings, NOW + timedelta(hours=25))["sent"] == 2  # cool-down over


class Receiver(BaseHTTPRequestHandler):
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Receiver.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Receiver.bodies = []
    server = HTTPServer(("127.0.0.1", free_port()), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook"
    finally:
        server.shutdown()
        server.server_close()


def test_a_loopback_webhook_gets_the_json(sqlite_engine: Engine, webhook: str) -> None:
    plant_demand_without_shifts(sqlite_engine)
    settings = make_settings(alert_webhook_url=webhook, locale="en")
    assert run(sqlite_engine, settings, NOW)["sent"] == 2
    [gap] = [b for b in Receiver.bodies if b["condition"] == "next_week_gaps"]
    assert gap["text"].startswith("*Next 7 days:")  # what Slack and Teams show
    assert len(gap["facts"]["top"]) == 5
    assert "https://vigil.example.test/next_week" in gap["text"]
    assert {e.status for e in events(sqlite_engine)} == {"sent"}


def test_an_unreachable_webhook_is_retried_then_recorded_failed(sqlite_engine: Engine) -> None:
    plant_demand_without_shifts(sqlite_engine)
    dead = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    settings = make_settings(alert_webhook_url=dead, alert_attempts=3)
    sleeps: list[float] = []
    assert run(sqlite_engine, settings, NOW, sleeps) == {"failed": 2}
    assert sleeps == [2.0, 4.0, 2.0, 4.0]  # backoff between the three tries of each
    rows = events(sqlite_engine)
    assert [(r.status, r.attempts) for r in rows] == [("failed", 3), ("failed", 3)]
    assert all(r.error and "Connect" in r.error for r in rows)
    assert json.loads(rows[0].detail)["condition"] == "next_week_gaps"  # the body is kept
    assert run(sqlite_engine, settings, NOW + timedelta(minutes=5)) == {"failed": 2}  # not quiet
