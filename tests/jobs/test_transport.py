"""The transports themselves: the `file` outbox (atomic, parseable, one file per invitation)
and SMTP over STARTTLS and implicit TLS with login, against aiosmtpd with a certificate made
in the test (openssl CLI) that the client is told to trust."""

from __future__ import annotations

import email
import email.policy
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.engine import Engine

from jobs.mail import Recipient, render
from jobs.surveys import send
from jobs.transport import FileSender, SmtpSender
from queries.plumbing.errors import ServerRefused, TransientError
from queries.plumbing.schema import survey_invitations
from tests.builders import World, utc
from tests.conftest import skip_or_fail
from tests.e2e.conftest import free_port
from tests.jobs.conftest import Inbox, make_settings, resolved_conversation

NOW = utc("2024-06-05 06:00")  # 14:00 in Taipei, outside quiet hours
USER, PASSWORD = "vigil", "s3cret-pass"


def message(invitation_id: int = 7) -> EmailMessage:
    recipient = Recipient(
        invitation_id, "ann@example.test", "Ann", "en", "Europe/London", NOW, "phone"
    )
    return render(recipient, make_settings(), NOW)


# ---------------------------------------------------------------- the file transport


def read_eml(path: Path) -> EmailMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_the_file_transport_writes_one_parseable_eml_per_invitation(tmp_path: Path) -> None:
    outbox = tmp_path / "new" / "outbox"  # created on demand
    sender = FileSender(outbox)
    original = message(7)
    sender.send(original)
    sender.send(message(8))
    sender.close()
    assert sorted(p.name for p in outbox.iterdir()) == [
        "survey-invitation-7.eml",
        "survey-invitation-8.eml",
    ]  # and no .part file left behind
    parsed = read_eml(outbox / "survey-invitation-7.eml")
    for header in ("Message-ID", "Subject", "To", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert parsed[header] == original[header], header
    plain, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert plain is not None and html is not None
    assert "/respond?t=" in plain.get_content()


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender = FileSender(tmp_path)
    sender.send(message(7))
    before = (tmp_path / "survey-invitation-7.eml").read_bytes()

    def disk_full(self: Path, data: bytes) -> int:
        with self.open("wb") as handle:  # half the message reaches the disk, then it fails
            handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(TransientError, match="outbox write failed"):
        sender.send(message(7))
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["survey-invitation-7.eml"]
    assert (tmp_path / "survey-invitation-7.eml").read_bytes() == before


def test_a_resend_through_the_file_transport_keeps_the_message_id(
    engine: Engine, tmp_path: Path
) -> None:
    world = World(engine)
    customer = world.customer(email="ming@example.test", locale="zh-TW")
    conversation = resolved_conversation(world, customer, NOW - timedelta(hours=5))
    invitation = world.invitation(
        conversation_id=conversation,
        status="pending",
        due_at=NOW - timedelta(hours=1),
        locale="zh-TW",
    )
    outbox = tmp_path / "outbox"
    settings = make_settings(mail_transport="file", outbox_dir=outbox)
    sender = FileSender(settings.outbox_dir)
    assert dict(send(engine, settings, NOW, sender, "worker-1")) == {"sent": 1}
    first = read_eml(outbox / f"survey-invitation-{invitation}.eml")
    with engine.begin() as conn:  # a released lease puts the row back after it was sent
        conn.execute(sa.update(survey_invitations).values(status="pending"))
    later = NOW + timedelta(minutes=11)
    assert dict(send(engine, settings, later, sender, "worker-2")) == {"sent": 1}
    (only,) = outbox.iterdir()
    again = read_eml(only)
    assert (
        again["Message-ID"]
        == first["Message-ID"]
        == (f"<survey-invitation-{invitation}@support.example.test>")
    )
    assert again["Date"] != first["Date"]  # it really was written again
    assert "我們的服務如何" in again["Subject"]


# ---------------------------------------------------------------- SMTP with TLS


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """Trusts this certificate only; host names are checked (the SAN is 127.0.0.1)."""
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    openssl = shutil.which("openssl")
    if openssl is None:
        skip_or_fail("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            str(openssl),
            *("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Certificate(cert, key)


class Logins:
    """aiosmtpd's authenticator: accepts USER/PASSWORD and remembers every attempt."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, bool]] = []

    def __call__(
        self, _server: Any, session: Any, _envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        self.attempts.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)


@dataclass
class TlsServer:
    port: int
    inbox: Inbox
    logins: Logins
    tls: str


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request: pytest.FixtureRequest, certificate: Certificate) -> Iterator[TlsServer]:
    """STARTTLS required before MAIL and AUTH (starttls), or TLS from the first byte (ssl)."""
    inbox, logins, port = Inbox(), Logins(), free_port()
    options: dict[str, Any] = {"authenticator": logins, "auth_require_tls": True}
    if request.param == "starttls":
        options |= {"tls_context": certificate.server_context(), "require_starttls": True}
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    else:  # aiosmtpd counts only STARTTLS as TLS for AUTH; here every byte is encrypted
        options["auth_require_tls"] = False
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=port,
            ssl_context=certificate.server_context(),
            **options,
        )
    controller.start()
    try:
        yield TlsServer(port, inbox, logins, request.param)
    finally:
        controller.stop()


def deliver(server: TlsServer, context: ssl.SSLContext | None, **settings: Any) -> None:
    sender = SmtpSender(
        make_settings(smtp_port=server.port, smtp_tls=server.tls, **settings), context
    )
    try:
        sender.send(message())
    finally:
        sender.close()


def test_tls_with_login_delivers(tls_server: TlsServer, certificate: Certificate) -> None:
    deliver(tls_server, certificate.client_context(), smtp_user=USER, smtp_password=PASSWORD)
    assert [ok for _mechanism, ok in tls_server.logins.attempts] == [True]
    ((mail_from, rcpt_tos, received),) = tls_server.inbox.messages
    assert (mail_from, rcpt_tos) == ("surveys@support.example.test", ["ann@example.test"])
    assert received["Message-ID"] == "<survey-invitation-7@support.example.test>"


def test_tls_without_login_delivers(tls_server: TlsServer, certificate: Certificate) -> None:
    deliver(tls_server, certificate.client_context())
    assert tls_server.logins.attempts == [] and len(tls_server.inbox.messages) == 1


def test_a_wrong_password_is_refused_and_nothing_is_sent(
    tls_server: TlsServer, certificate: Certificate
) -> None:
    with pytest.raises(ServerRefused, match=r"^535 .*\(login\)$") as refused:  # pauses the send
        deliver(tls_server, certificate.client_context(), smtp_user=USER, smtp_password="wrong")
    assert "wrong" not in str(refused.value)
    assert tls_server.inbox.messages == []


def test_an_untrusted_certificate_is_not_used(tls_server: TlsServer) -> None:
    """The default context (system CAs) rejects the self-signed certificate: a transient
    error, and the password never leaves the client."""
    with pytest.raises(TransientError, match="CERTIFICATE_VERIFY_FAILED"):
        deliver(tls_server, None, smtp_user=USER, smtp_password=PASSWORD)
    assert tls_server.logins.attempts == [] and tls_server.inbox.messages == []


def test_a_private_ca_can_be_trusted_through_ssl_cert_file(
    tls_server: TlsServer, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What docs/surveys.md tells operators: OpenSSL's SSL_CERT_FILE, no Vigil setting."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    deliver(tls_server, None, smtp_user=USER, smtp_password=PASSWORD)
    assert len(tls_server.inbox.messages) == 1
