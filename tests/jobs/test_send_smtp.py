"""Sending over real SMTP (aiosmtpd on loopback): recipients, language, links, headers,
resends, quiet hours at send time, outages and retries, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobs.surveys import send
from jobs.transport import SmtpSender
from queries.plumbing.schema import conversations, customers, survey_invitations
from queries.surveys.links import verify
from tests.builders import World, at, utc
from tests.jobs.conftest import SECRET, SmtpServer, make_settings, resolved_conversation

NOW = utc("2024-06-05 12:00")  # 20:00 Taipei, 13:00 London, 08:00 New York (quiet)


def pending(world: World, customer: int, locale: str = "en", due: Any = None) -> int:
    conversation = resolved_conversation(world, customer, NOW - timedelta(hours=5))
    return world.invitation(
        conversation_id=conversation,
        status="pending",
        due_at=due or NOW - timedelta(hours=1),
        locale=locale,
    )


def row(engine: Engine, invitation_id: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(survey_invitations).where(survey_invitations.c.id == invitation_id)
        ).one()


def links(text: str) -> list[str]:
    return re.findall(r"https://vigil\.example\.test/respond\?[^\s\"<]+", text)


def run(engine: Engine, settings: Any, now: Any = NOW) -> dict[str, int]:
    sender = SmtpSender(settings)
    try:
        return dict(send(engine, settings, now, sender, "worker-1"))
    finally:
        sender.close()


def test_emails_arrive_in_the_customers_language_with_signed_links(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    world = World(engine)
    en = world.customer(
        name="Ann <script>alert(1)</script>\r\nBcc: evil@x.test",
        email="ann@example.test",
        time_zone="Europe/London",
    )
    zh = world.customer(name="王小明", email="ming@example.test", locale="zh-TW")
    first, second = pending(world, en, "en"), pending(world, zh, "zh-TW")
    settings = make_settings(smtp_port=smtp_server.port)
    assert run(engine, settings) == {"sent": 2}

    received = {to[0]: (sender, message) for sender, to, message in smtp_server.inbox.messages}
    assert set(received) == {"ann@example.test", "ming@example.test"}
    sender, english = received["ann@example.test"]
    assert sender == "surveys@support.example.test"
    assert english["Subject"].startswith("Vigil: how did we do?")
    assert "Bcc" not in english  # the CR/LF in the name did not start a header
    (to,) = english["To"].addresses
    assert to.addr_spec == "ann@example.test" and "\n" not in to.display_name
    assert english["Message-ID"] == f"<survey-invitation-{first}@support.example.test>"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = english.get_body(("html",)).get_content()
    text = english.get_body(("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    text_links = links(text)
    assert len(text_links) == 5 + 11 + 1
    assert [parse_qs(urlsplit(u).query).get("csat") for u in text_links[:5]] == [
        [str(n)] for n in range(1, 6)
    ]
    token = parse_qs(urlsplit(text_links[0]).query)["t"][0]
    link = verify(SECRET, token, timedelta(days=28), now=NOW + timedelta(days=27))
    assert (link.invitation_id, link.locale, link.purpose) == (first, "en", "answer")
    unsubscribe = english["List-Unsubscribe"].strip("<>")
    assert unsubscribe == text_links[-1]
    leave = verify(SECRET, parse_qs(urlsplit(unsubscribe).query)["t"][0], timedelta(days=28), NOW)
    assert leave.purpose == "unsubscribe"

    _, chinese = received["ming@example.test"]
    assert "我們的服務如何" in chinese["Subject"]
    assert "王小明 您好" in chinese.get_body(("plain",)).get_content()
    assert chinese["Message-ID"] == f"<survey-invitation-{second}@support.example.test>"
    sent = row(engine, first)
    assert (sent.status, sent.attempts, sent.sent_at) == ("sent", 1, NOW)
    assert sent.expires_at == NOW + timedelta(days=28)


def test_a_resend_keeps_the_message_id(engine: Engine, smtp_server: SmtpServer) -> None:
    world = World(engine)
    invitation = pending(world, world.customer(time_zone="Europe/London"))
    settings = make_settings(smtp_port=smtp_server.port)
    run(engine, settings)
    with engine.begin() as conn:  # a released lease puts the row back after it was sent
        conn.execute(sa.update(survey_invitations).values(status="pending"))
    run(engine, settings, NOW + timedelta(minutes=11))
    assert list(smtp_server.inbox.by_message_id().values()) == [2]
    assert row(engine, invitation).attempts == 2


def test_quiet_hours_at_send_time_defer_without_sending(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    world = World(engine)
    invitation = pending(world, world.customer(time_zone="America/New_York"))
    assert run(engine, make_settings(smtp_port=smtp_server.port)) == {"deferred": 1}
    assert smtp_server.inbox.messages == []
    deferred = row(engine, invitation)
    assert (deferred.status, deferred.attempts, deferred.claimed_by) == ("pending", 0, None)
    assert deferred.due_at == at("2024-06-05 09:00", "America/New_York")


def test_an_outage_retries_with_backoff_then_fails(engine: Engine, smtp_server: SmtpServer) -> None:
    world = World(engine)
    invitation = pending(world, world.customer(time_zone="Europe/London"))
    down = make_settings(
        smtp_port=smtp_server.port + 1 if smtp_server.port < 65535 else 1, survey_max_attempts=3
    )
    now = NOW
    for attempt, wait in ((1, 1), (2, 2)):
        assert run(engine, down, now) == {"retry": 1}
        retry = row(engine, invitation)
        assert (retry.status, retry.attempts) == ("pending", attempt)
        assert retry.due_at == now + timedelta(minutes=wait) and retry.last_error
        assert run(engine, down, now) == {}  # not due yet: nothing is claimed
        now = retry.due_at
    assert run(engine, down, now) == {"failed": 1}
    failed = row(engine, invitation)
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert "SMTP" in failed.last_error


def test_temporary_refusals_recover_and_nothing_is_lost(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    world = World(engine)
    ids = [
        pending(world, world.customer(email=f"c{i}@example.test", time_zone="Europe/London"))
        for i in range(5)
    ]
    bounced = pending(world, world.customer(email="gone@example.test", time_zone="UTC"))
    settings = make_settings(smtp_port=smtp_server.port)
    smtp_server.inbox.refuse = "451 4.3.0 mailbox busy, try later"
    assert run(engine, settings) == {"retry": 6}
    smtp_server.inbox.refuse = None
    assert run(engine, settings, NOW + timedelta(minutes=1)) == {"sent": 6}
    assert sorted(smtp_server.inbox.by_message_id().values()) == [1] * 6
    assert {row(engine, i).status for i in [*ids, bounced]} == {"sent"}


def test_a_permanent_refusal_fails_at_once(engine: Engine, smtp_server: SmtpServer) -> None:
    world = World(engine)
    invitation = pending(world, world.customer(time_zone="UTC"))
    smtp_server.inbox.refuse = "550 5.1.1 no such user"
    assert run(engine, make_settings(smtp_port=smtp_server.port)) == {"failed": 1}
    failed = row(engine, invitation)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error.startswith("550")


def test_facts_that_changed_since_enqueue_block_the_send(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    """The enqueue rules for reopen, opt-out and address apply again at send (one rule)."""
    world = World(engine)
    came_back, opted_out, no_address, fine = (
        world.customer(email=f"c{i}@example.test", time_zone="UTC") for i in range(4)
    )
    reopened = pending(world, came_back)
    unsubscribed = pending(world, opted_out)
    unreachable = pending(world, no_address)
    sent = pending(world, fine)
    with engine.begin() as conn:
        conn.execute(  # reopened and not resolved any more; not yet counted in reopened_count
            sa.update(conversations)
            .where(conversations.c.id == row(engine, reopened).conversation_id)
            .values(resolved_at=None)
        )
        conn.execute(
            sa.update(customers).where(customers.c.id == opted_out).values(survey_opt_out=True)
        )
        conn.execute(sa.update(customers).where(customers.c.id == no_address).values(email=" "))
    assert run(engine, make_settings(smtp_port=smtp_server.port)) == {
        "cancelled": 1,
        "suppressed": 2,
        "sent": 1,
    }
    assert [to for _from, to, _msg in smtp_server.inbox.messages] == [["c3@example.test"]]
    outcomes = {i: (row(engine, i).status, row(engine, i).reason) for i in (reopened, sent)}
    assert outcomes == {reopened: ("cancelled", "reopened"), sent: ("sent", None)}
    assert (row(engine, unsubscribed).status, row(engine, unsubscribed).reason) == (
        "suppressed",
        "opted_out",
    )
    assert (row(engine, unreachable).status, row(engine, unreachable).reason) == (
        "suppressed",
        "no_email",
    )


def test_the_throttle_is_an_enqueue_rule_and_not_checked_again_at_send(
    engine: Engine, smtp_server: SmtpServer
) -> None:
    """Two pending invitations of one customer (enqueued with the throttle off) both go out:
    at send each invitation is itself the customer's latest, so re-throttling would block all."""
    world = World(engine)
    ann = world.customer(email="ann@example.test", time_zone="UTC")
    first, second = pending(world, ann), pending(world, ann)
    assert run(engine, make_settings(smtp_port=smtp_server.port)) == {"sent": 2}
    assert {row(engine, i).status for i in (first, second)} == {"sent"}
