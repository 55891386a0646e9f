"""Helpers for the multi-process tests: a bulk outbox of due invitations, and run-once workers."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.plumbing.schema import conversations, customers, survey_invitations

ROOT = Path(__file__).resolve().parents[2]


def due_outbox(engine: Engine, count: int, now: datetime) -> None:
    """`count` customers in UTC, each with one resolved conversation and a due invitation."""
    resolved = now - timedelta(hours=3)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(customers),
            [
                {
                    "id": i,
                    "external_id": f"c{i}",
                    "name": f"Customer {i}",
                    "email": f"c{i}@example.test",
                    "locale": "en" if i % 2 else "zh-TW",
                    "time_zone": "UTC",
                    "survey_opt_out": False,
                }
                for i in range(1, count + 1)
            ],
        )
        conn.execute(
            sa.insert(conversations),
            [
                {
                    "id": i,
                    "external_id": f"x{i}",
                    "customer_id": i,
                    "channel": "chat",
                    "opened_at": resolved - timedelta(hours=1),
                    "resolved_at": resolved,
                    "agent_replies": 1,
                    "reopened_count": 0,
                }
                for i in range(1, count + 1)
            ],
        )
        conn.execute(
            sa.insert(survey_invitations),
            [
                {
                    "id": i,
                    "conversation_id": i,
                    "customer_id": i,
                    "status": "pending",
                    "locale": "en" if i % 2 else "zh-TW",
                    "channel": "chat",
                    "due_at": resolved + timedelta(hours=2),
                    "attempts": 0,
                    "created_at": resolved,
                }
                for i in range(1, count + 1)
            ],
        )
        if engine.dialect.name == "postgresql":
            for table in ("customers", "conversations", "survey_invitations"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count})"
                )


def start_worker(db_url: str, smtp_port: int, now: datetime, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "VIGIL_MAIL_TRANSPORT": "smtp",
        "VIGIL_SMTP_HOST": "127.0.0.1",
        "VIGIL_SMTP_PORT": str(smtp_port),
        "VIGIL_SECRET_KEY": "worker-test-secret-of-at-least-32-characters",
        "VIGIL_QUIET_HOURS": "00:00-00:00",  # off: these tests are about claims
    }
    command = [sys.executable, "-m", "jobs", "run-once", "--db", db_url, "--now", now.isoformat()]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def statuses(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(survey_invitations.c.status, sa.func.count()).group_by(
                survey_invitations.c.status
            )
        )
        return {status: int(n) for status, n in rows}
