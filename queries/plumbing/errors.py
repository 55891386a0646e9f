"""The one error tree (docs/architecture.md, "Errors"). Every error Vigil raises on purpose is
a `VigilError`; both the read and the write doorway (`queries.plumbing.db`: `reading`,
`writing`, `read_frame`) turn driver failures into `DataUnavailable`, so a caller catches one
tree, never the driver's.

    VigilError
    ├── DataUnavailable       the database could not answer: unreachable, not migrated, full
    │   └── QueryTimedOut     a read ran past its statement timeout
    ├── BadInput              input the user must fix: a CSV, a timestamp, a database URL
    │   ├── CsvError          a bad CSV field: names the file, the line and the column
    │   ├── InstantError      a timestamp that is not ISO 8601 with Z or an offset
    │   └── ConfigError       a setting that is missing or wrong: names it, never its value
    ├── InvalidLink           a survey link forged, tampered with, or not a survey link
    │   └── ExpiredLink       a genuine survey link older than its lifetime
    └── TransportError        an e-mail could not be handed to the mail server
        ├── TransientError    trying again later may help (connection refused, 4xx)
        ├── PermanentError    it will never be accepted (5xx for the recipient)
        └── ServerRefused     the server refuses Vigil itself (login, greeting, sender, 421):
                              the whole send pauses, no invitation is charged an attempt

The CLI exits with 2 on BadInput and 1 on DataUnavailable (or an OSError such as a full disk),
with exactly one line on stderr."""

from __future__ import annotations


class VigilError(Exception):
    """The root of every error Vigil raises on purpose."""


class DataUnavailable(VigilError, RuntimeError):
    """The database could not answer: unreachable, timed out, not migrated, or out of room."""


class QueryTimedOut(DataUnavailable):
    """A read ran past its time limit (PostgreSQL `statement_timeout`, SQLite's progress
    handler: `queries.plumbing.db.reading`)."""


class BadInput(VigilError, ValueError):
    """Input the user must fix. The CLI prints it on one line and exits with code 2."""


class CsvError(BadInput):
    """A bad CSV field: names the file, the line, and the column."""

    def __init__(self, file: str, line: int, column: str | None, message: str) -> None:
        self.file, self.line, self.column, self.message = file, line, column, message
        where = f"{file}:{line}" + (f": column {column}" if column else "")
        super().__init__(f"{where}: {message}")


class InstantError(BadInput):
    """A timestamp given as text that is not ISO 8601 with `Z` or an explicit offset."""


class ConfigError(BadInput):
    """A setting that is missing or wrong. Names the setting and the rule, never its value."""


class InvalidLink(VigilError, ValueError):
    """The survey link was forged, tampered with, or is not a survey link."""


class ExpiredLink(InvalidLink):
    """The survey link was genuine but is older than the link lifetime."""


class TransportError(VigilError):
    """An e-mail could not be handed to the mail server (or written to the outbox)."""


class TransientError(TransportError):
    """Trying again later may help: retried with backoff."""


class PermanentError(TransportError):
    """The message will never be accepted: the invitation fails at once."""


class ServerRefused(TransportError):
    """The mail server refuses Vigil, not a recipient: a login refusal (535), a greeting,
    EHLO, STARTTLS or sender refusal, or 421. Every recipient would fail alike, so the send
    pauses (a circuit breaker) and the invitations stay due (docs/surveys.md, "Sending")."""
