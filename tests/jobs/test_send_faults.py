"""Sending that survives its configuration (issue 17, findings 13 and 14), against real servers
on loopback: a login refusal pauses the whole send and the run is recorded failed until the
server accepts again; a tarpit that drips bytes meets the per-operation timeout and the run's
deadline; SIGTERM to `vigil jobs` finishes the message in flight and gives the rest back."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.engine import Engine

from jobs.runs import run_once
from jobs.surveys import SendingPaused, send
from jobs.transport import SmtpSender
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import job_runs, survey_invitations
from tests.e2e.conftest import free_port
from tests.jobs.conftest import Inbox, make_settings
from tests.jobs.workers import ROOT, due_outbox, statuses
from tests.worlds import DEMO_NOW

USER, PASSWORD = "vigil", "the-smtp-password-never-printed"


class Gate:
    """aiosmtpd's authenticator: refuses every login until `open` is set."""

    def __init__(self) -> None:
        self.open = False
        self.sessions: set[int] = set()  # smtplib tries each mechanism in one session

    def __call__(self, _server: Any, session: Any, _envelope: Any, _mech: str, data: Any) -> Any:
        self.sessions.add(id(session))
        ok = self.open and isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def login_server() -> Iterator[tuple[int, Inbox, Gate]]:
    inbox, gate, port = Inbox(), Gate(), free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=gate, auth_require_tls=False
    )
    controller.start()
    try:
        yield port, inbox, gate
    finally:
        controller.stop()


def invitations(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(survey_invitations).order_by(survey_invitations.c.id)))


def send_runs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        query = sa.select(job_runs).where(job_runs.c.job == "send").order_by(job_runs.c.id)
        return list(conn.execute(query))


def test_a_login_refusal_pauses_the_send_until_the_server_accepts(
    engine: Engine, login_server: tuple[int, Inbox, Gate]
) -> None:
    port, inbox, gate = login_server
    due_outbox(engine, 4, DEMO_NOW)
    settings = make_settings(
        smtp_port=port, smtp_user=USER, smtp_password=PASSWORD, quiet_hours="00:00-00:00"
    )
    sender = SmtpSender(settings)
    try:
        with pytest.raises(SendingPaused, match="535"):
            run_once(engine, settings, sender, "worker-1", DEMO_NOW)
        assert len(gate.sessions) == 1  # one refusal paused the send: no login per recipient
        rows = invitations(engine)
        assert [(r.status, r.attempts, r.claimed_by, r.last_error) for r in rows] == [
            ("pending", 0, None, None)
        ] * 4  # every invitation still due, none charged an attempt
        (paused,) = send_runs(engine)
        assert paused.status == "failed" and "535" in paused.error
        assert PASSWORD not in paused.error
        gate.open = True  # the password was fixed on the server's side, say
        result = run_once(engine, settings, sender, "worker-1", DEMO_NOW)
    finally:
        sender.close()
    assert result["send"] == {"sent": 4} and len(inbox.messages) == 4
    assert [run.status for run in send_runs(engine)] == ["failed", "ok"]


def test_run_once_says_the_send_paused_in_one_line(
    tmp_path: Path, login_server: tuple[int, Inbox, Gate]
) -> None:
    port, _inbox, _gate = login_server
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    engine = make_engine(url)
    upgrade(engine)
    due_outbox(engine, 2, DEMO_NOW)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env |= {
        "VIGIL_MAIL_TRANSPORT": "smtp", "VIGIL_SMTP_PORT": str(port), "VIGIL_SMTP_USER": USER,
        "VIGIL_SMTP_PASSWORD": PASSWORD, "VIGIL_QUIET_HOURS": "00:00-00:00",
        "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
    }  # fmt: skip
    command = [sys.executable, "-m", "jobs", "run-once", "--db", url, "--now", DEMO_NOW.isoformat()]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "sending paused" in lines[0] and "535" in lines[0], done.stderr
    assert PASSWORD not in done.stderr + done.stdout
    assert statuses(engine) == {"pending": 2}
    engine.dispose()


class Tarpit:
    """A TCP server that answers every connection one byte at a time, `gap` seconds apart,
    and never finishes a line (the greeting never completes)."""

    def __init__(self, gap: float) -> None:
        self.gap, self.closing = gap, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closing.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            while not self.closing.wait(self.gap):  # the server's pace, not the test's
                try:
                    conn.sendall(b"2")
                except OSError:
                    return

    def close(self) -> None:
        self.closing.set()
        self.listener.close()


@pytest.fixture
def tarpit() -> Iterator[Tarpit]:
    server = Tarpit(gap=0.2)
    try:
        yield server
    finally:
        server.close()


def test_a_tarpit_meets_the_operation_timeout_and_the_run_deadline(
    engine: Engine, tarpit: Tarpit
) -> None:
    due_outbox(engine, 6, DEMO_NOW)
    settings = make_settings(
        smtp_port=tarpit.port, quiet_hours="00:00-00:00",
        smtp_timeout=timedelta(seconds=1), send_deadline=timedelta(seconds=2.5),
    )  # fmt: skip
    sender = SmtpSender(settings)
    started = time.monotonic()
    try:
        counts = send(engine, settings, DEMO_NOW, sender, "worker-1")
    finally:
        sender.close()
    took = time.monotonic() - started
    # each connection gets 1 s although bytes keep coming; the run stops after its 2.5 s
    # deadline with the message in flight: at most 3 tries of 1 s, the rest given back
    assert took < 2.5 + 1 + 1.5, took
    assert counts["retry"] == tarpit.connections and 1 <= counts["retry"] <= 4
    assert counts["released"] == 6 - counts["retry"] and counts["released"] >= 2
    rows = invitations(engine)
    assert {r.status for r in rows} == {"pending"} and {r.claimed_by for r in rows} == {None}
    tried = [r for r in rows if r.attempts]
    assert all("took longer than 1 s" in r.last_error for r in tried)


class SlowInbox(Inbox):
    """Takes `pace` seconds to accept each message (the server's pace)."""

    pace = 0.5

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.pace)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.slow
def test_sigterm_finishes_the_message_in_flight_and_gives_the_rest_back(tmp_path: Path) -> None:
    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    engine = make_engine(url)
    upgrade(engine)
    due_outbox(engine, 30, DEMO_NOW)  # 15 s of sending at the server's pace
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env |= {
        "VIGIL_MAIL_TRANSPORT": "smtp", "VIGIL_SMTP_PORT": str(port), "VIGIL_DATABASE_URL": url,
        "VIGIL_QUIET_HOURS": "00:00-00:00", "VIGIL_NOW": DEMO_NOW.isoformat(),
        "VIGIL_SECRET_KEY": "a-test-key-of-at-least-thirty-two-characters",
    }  # fmt: skip
    log = tmp_path / "jobs.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "jobs", "--interval", "30"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            bound = time.monotonic() + 60
            while len(inbox.messages) < 2 and time.monotonic() < bound and process.poll() is None:
                time.sleep(0.05)  # polling a condition, with a bound
            assert len(inbox.messages) >= 2, log.read_text()
            process.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            code = process.wait(timeout=20)
            stopped_in = time.monotonic() - signalled
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            controller.stop()
    assert code == 0, log.read_text()
    assert stopped_in < 10, stopped_in
    counts = statuses(engine)
    assert "sending" not in counts  # the rest of the claim was given back, not left to the lease
    assert counts["sent"] == len(inbox.messages) and counts["pending"] == 30 - counts["sent"]
    assert counts["pending"] > 10  # it did not wait for the whole batch
    with engine.connect() as conn:
        claimed = conn.execute(
            sa.select(sa.func.count()).where(
                survey_invitations.c.status == "pending",
                survey_invitations.c.claimed_by.is_not(None),
            )
        ).scalar_one()
    engine.dispose()
    assert claimed == 0
