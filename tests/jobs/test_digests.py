"""The weekly executive digest through a real aiosmtpd server on loopback (docs/digests.md):
due Monday 08:00 Asia/Taipei, sent once, not before, not twice with two job processes on
PostgreSQL; its numbers are `vigil metrics` for the same week and filters; the PDF, CSV and
inline PNGs open; an empty week with "skip when empty" sends nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from dashboard.cli import main as vigil
from jobs import digests
from jobs.transport import make_sender
from queries.plumbing.settings import Settings
from queries.reports import subscriptions
from tests.builders import World, at
from tests.jobs.conftest import SECRET, SmtpServer

ROOT = Path(__file__).resolve().parents[2]
ZONE = "Asia/Taipei"
MONDAY_8 = at("2026-11-23 08:00", ZONE)  # the week 2026-11-16 .. 2026-11-22 is complete


def plant_week(engine: Engine) -> None:
    """Eight conversations in the week (two on another team), five answered; one the week
    after (not in the period)."""
    world = World(engine)
    customer = world.customer()
    day, night = world.agent(team="day"), world.agent(team="night")
    for index in range(8):
        opened = at(f"2026-11-{16 + index % 7} 10:00", ZONE)
        chat = world.conversation(
            customer_id=customer,
            agent_id=day if index < 6 else night,
            opened_at=opened,
            first_response_at=opened + timedelta(minutes=2),
            resolved_at=opened + timedelta(hours=1),
        )
        if index < 5:
            world.response(conversation_id=chat, csat=5 - index % 3, nps=10 - index)
    world.conversation(customer_id=customer, opened_at=at("2026-11-23 09:00", ZONE))


def subscribe(engine: Engine, teams: list[str] | None = None, skip: bool = True) -> int:
    return subscriptions.add(
        engine, ["boss@example.test", "cfo@example.test"], language="en", zone=ZONE,
        schedule="weekly", weekday=0, hour=8, content="executive",
        filters={"teams": teams or []}, skip_when_empty=skip, now=MONDAY_8 - timedelta(days=3),
    )  # fmt: skip


def run(engine: Engine, settings: Settings, now: datetime) -> dict[str, int]:
    sender = make_sender(settings)
    try:
        return dict(digests.send_due(engine, settings, now, sender))
    finally:
        sender.close()


def attachments(message: EmailMessage) -> dict[str, bytes]:
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("application/pdf", "text/csv", "image/png"):
            found[part.get_content_type()] = part.get_payload(decode=True)
    return found


def test_weekly_digest_is_sent_once_at_monday_eight_and_opens(
    engine: Engine, smtp_server: SmtpServer, smtp_settings: Settings, tmp_path: Path
) -> None:
    plant_week(engine)
    subscribe(engine, teams=["day"])
    assert run(engine, smtp_settings, MONDAY_8 - timedelta(minutes=1)) == {}
    assert smtp_server.inbox.messages == []
    assert run(engine, smtp_settings, MONDAY_8) == {"sent": 1}
    assert run(engine, smtp_settings, MONDAY_8 + timedelta(hours=2)) == {}
    inbox = smtp_server.inbox.messages
    assert sorted(to[0] for _f, to, _m in inbox) == ["boss@example.test", "cfo@example.test"]
    message = inbox[0][2]
    assert "2026-11-16 – 2026-11-22" in str(message["Subject"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    files = attachments(message)

    reader = PdfReader(io.BytesIO(files["application/pdf"]))
    assert len(reader.pages) == 2  # tiles and every metric, then the chart
    pdf = tmp_path / "digest.pdf"
    pdf.write_bytes(files["application/pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("Executive summary", "Period: 2026-11-16 – 2026-11-22", "Team = day"):
        assert expected in text
    image = Image.open(io.BytesIO(files["image/png"]))
    assert image.format == "PNG" and image.size == (1200, 480)

    sheet = files["text/csv"]
    assert sheet.startswith(b"\xef\xbb\xbf")
    rows = dict(list(csv.reader(io.StringIO(sheet.decode("utf-8-sig"))))[1:])
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", printed)
        url = engine.url.render_as_string(hide_password=False)
        args = ["metrics", "--db", url, "--start", "2026-11-16", "--end", "2026-11-22"]
        assert (
            vigil([*args, "--tz", ZONE, "--team", "day", "--json", "--as-of", MONDAY_8.isoformat()])
            == 0
        )
    metrics = json.loads(printed.getvalue())
    assert metrics["conversations"] == 6 == int(rows["conversations"])
    for key, value in metrics.items():
        assert rows[key] == ("" if value is None else str(value)), key


def test_an_empty_week_with_skip_when_empty_sends_nothing(
    engine: Engine, smtp_server: SmtpServer, smtp_settings: Settings
) -> None:
    subscribe(engine, skip=True)
    assert run(engine, smtp_settings, MONDAY_8) == {"skipped_empty": 1}
    assert smtp_server.inbox.messages == []


def test_two_jobs_processes_on_postgresql_send_once(
    request: pytest.FixtureRequest, smtp_server: SmtpServer
) -> None:
    if os.environ.get("VIGIL_TEST_PG_URL") is None:
        pytest.skip("needs VIGIL_TEST_PG_URL")
    from tests.conftest import _pg_engine

    engine = _pg_engine(request.getfixturevalue("pg_database"))
    plant_week(engine)
    subscribe(engine)
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "VIGIL_SECRET_KEY": SECRET,
        "VIGIL_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "VIGIL_MAIL_TRANSPORT": "smtp", "VIGIL_SMTP_PORT": str(smtp_server.port),
    }  # fmt: skip
    command = [sys.executable, "-m", "jobs.digest_run", "run-once", "--now", MONDAY_8.isoformat()]
    workers = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [w.communicate()[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0]
    assert sum("sent 1" in out for out in outputs) == 1, outputs
    assert len(smtp_server.inbox.messages) == 2  # one digest, to its two recipients
    engine.dispose()


def plant_pain(engine: Engine) -> None:
    """A billing pain point that rose: the week before all happy, this week all unhappy."""
    world = World(engine)
    customer = world.customer()
    for day, csat in ((10, 5), (11, 5), (12, 4), (17, 1), (18, 2), (19, 1)):
        opened = at(f"2026-11-{day} 10:00", ZONE)
        chat = world.conversation(customer_id=customer, opened_at=opened, category="billing")
        comment = "帳單金額錯誤，等了三天" if csat < 3 else None
        world.response(conversation_id=chat, csat=csat, comment=comment)


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_the_weekly_pain_point_report_as_a_digest_pdf(
    sqlite_engine: Engine, smtp_server: SmtpServer, smtp_settings: Settings, tmp_path: Path,
    language: str,
) -> None:  # fmt: skip
    plant_pain(sqlite_engine)
    sub = subscriptions.add(
        sqlite_engine, ["lead@example.test"], language=language, zone=ZONE, schedule="weekly",
        weekday=0, hour=8, content="pain_points", filters={}, skip_when_empty=True, now=MONDAY_8,
    )  # fmt: skip
    sender = make_sender(smtp_settings)
    try:
        assert digests.send_now(sqlite_engine, smtp_settings, sub, MONDAY_8, sender) == "sent"
    finally:
        sender.close()
    [(_from, _to, message)] = smtp_server.inbox.messages
    pdf = tmp_path / "pain.pdf"
    pdf.write_bytes(attachments(message)["application/pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    expected = {
        "zh-TW": ["每週顧客痛點報告", "負評比例", "billing", "帳單金額錯誤"],
        "en": ["Weekly pain-point report", "Biggest risers", "billing", "帳單金額錯誤"],
    }
    for word in expected[language]:
        assert word in text, word
    assert "billing" in message.get_body(preferencelist=("plain",)).get_content()
