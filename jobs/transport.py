"""Mail transports: SMTP (none / STARTTLS / implicit TLS, optional login) and an .eml outbox.

A sender raises TransientError when trying again later may help (connection refused, 4xx),
PermanentError when it cannot (5xx for the recipient) and ServerRefused when the server refuses
Vigil itself (login, greeting, sender, 421), which pauses the whole send. Each SMTP operation
has `VIGIL_SMTP_TIMEOUT` in all, however slowly the server drips its bytes (a watchdog closes
the socket). It keeps one SMTP connection open across a batch and reconnects after a failure;
call close() when the batch is done.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from queries.plumbing.errors import PermanentError, ServerRefused, TransientError
from queries.plumbing.settings import Settings


class Sender(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class FileSender:
    """Writes each message to OUTBOX_DIR/<invitation>.eml (a resend overwrites the file)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, message: EmailMessage) -> None:
        stem = str(message["Message-ID"]).strip("<>").split("@")[0]
        target = self.folder / f"{stem}.eml"
        partial = target.with_suffix(".eml.part")
        try:  # readers of the folder see the whole old file or the whole new one, never half
            partial.write_bytes(message.as_bytes())
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise TransientError(f"outbox write failed: {exc}") from exc

    def close(self) -> None:
        pass


class SmtpSender:
    """TLS verifies the server's certificate and host name against `context`; by default the
    system's trusted CAs (OpenSSL honours SSL_CERT_FILE for a private CA)."""

    def __init__(self, settings: Settings, context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.context = context
        self._smtp: smtplib.SMTP | None = None

    @property
    def timeout(self) -> float:
        return self.settings.smtp_timeout.total_seconds()

    @contextmanager
    def _watchdog(self, smtp: smtplib.SMTP, what: str) -> Iterator[None]:
        """`what` gets `timeout` seconds in all; then its socket is shut and it fails."""
        fired = threading.Event()

        def cut() -> None:
            fired.set()
            sock = getattr(smtp, "sock", None)
            if sock is not None:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.timeout, cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        except (OSError, smtplib.SMTPException) as exc:
            if fired.is_set():
                host = self.settings.smtp_host
                raise TransientError(
                    f"SMTP {host}: {what} took longer than {self.timeout:g} s"
                ) from exc
            raise
        finally:
            timer.cancel()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = self.context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_tls == "ssl":
            smtp = smtplib.SMTP_SSL(timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(timeout=self.timeout)
        stage = "greeting"
        try:
            with self._watchdog(smtp, "connecting and logging in"):
                smtp._host = s.smtp_host  # type: ignore[attr-defined]  # what TLS checks against
                code, reply = smtp.connect(s.smtp_host, s.smtp_port)
                if code != 220:
                    raise smtplib.SMTPConnectError(code, reply)
                stage = "EHLO"
                smtp.ehlo()
                if s.smtp_tls == "starttls":
                    stage = "STARTTLS"
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if s.smtp_user:
                    stage = "login"
                    password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                    smtp.login(s.smtp_user, password)
        except smtplib.SMTPResponseException as exc:  # the server answered, and said no
            smtp.close()
            raise ServerRefused(f"{exc.smtp_code} {_text(exc.smtp_error)} ({stage})") from exc
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        sender = parseaddr(str(message["From"]))[1]
        recipient = parseaddr(str(message["To"]))[1]
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            with self._watchdog(self._smtp, "sending a message"):
                refused = self._smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            self._classify(code, reply)
            raise  # pragma: no cover - _classify always raises
        except smtplib.SMTPSenderRefused as exc:  # MAIL FROM: every recipient would fail alike
            self.close()
            raise ServerRefused(f"{exc.smtp_code} {_text(exc.smtp_error)} (sender)") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            self._classify(exc.smtp_code, exc.smtp_error)
            raise  # pragma: no cover
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TransientError(f"SMTP {self.settings.smtp_host}: {exc}") from exc
        if refused:
            code, reply = next(iter(refused.values()))
            self._classify(code, reply)

    @staticmethod
    def _classify(code: int, reply: bytes | str) -> None:
        error = f"{code} {_text(reply)}"
        if code == 421:  # the service is closing the channel: not about this recipient
            raise ServerRefused(error)
        if 500 <= code < 600:
            raise PermanentError(error)
        raise TransientError(error)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            smtp.close()


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def make_sender(settings: Settings) -> Sender:
    if settings.mail_transport == "file":
        return FileSender(settings.outbox_dir)
    return SmtpSender(settings)
