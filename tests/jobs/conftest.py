"""Job fixtures: explicit settings, a real aiosmtpd server on loopback, and a scenario helper."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine

from queries.plumbing.settings import Settings
from tests.builders import World
from tests.e2e.conftest import free_port

SECRET = "test-secret-for-survey-links-at-least-32-chars"


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "secret_key": SECRET,
        "public_url": "https://vigil.example.test",
        "mail_from": "Support Surveys <surveys@support.example.test>",
        "mail_transport": "smtp",
        "timezone": "Asia/Taipei",
        "locale": "zh-TW",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Inbox:
    """What the SMTP server received; `refuse` makes it answer every message with that reply."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    refuse: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _from, _to, message in self.messages:
            counts[str(message["Message-ID"])] = counts.get(str(message["Message-ID"]), 0) + 1
        return counts


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(smtp_server: SmtpServer) -> Settings:
    return make_settings(smtp_port=smtp_server.port)


def resolved_conversation(
    world: World, customer_id: int, resolved_at: datetime, **kwargs: Any
) -> int:
    return world.conversation(
        customer_id=customer_id,
        opened_at=resolved_at - timedelta(hours=1),
        resolved_at=resolved_at,
        **kwargs,
    )


def outbox_dir(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


__all__ = ["Engine", "Inbox", "SmtpServer", "make_settings", "resolved_conversation"]
