"""Vigil settings: one explicit object per process, read from VIGIL_* and an optional .env."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from babel.numbers import is_currency
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from queries.plumbing.errors import ConfigError
from queries.plumbing.schema import CHANNELS, Role
from queries.plumbing.times import known_zone

DATA_DIR = Path("data")
DEFAULT_SQLITE_PATH = DATA_DIR / "vigil.db"
DEMO_KEY_FILE = DATA_DIR / "demo-secret.key"  # generated on the demo's first run
AuthMode = Literal["oidc", "local", "proxy", "none"]


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


class SyncSource(BaseModel):
    """One entry of VIGIL_SYNC (docs/connectors.md, "Scheduled sync"): a preset or a mapping
    file, and the name of the environment variable that holds the source's URL (so the
    password is never in the list)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    preset: Literal["chatwoot", "zendesk"] | None = None
    mapping: Path | None = None
    url_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    token_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")  # zendesk
    params: dict[str, str | int] = {}  # chatwoot: account; zendesk: subdomain or base_url, email
    vigil_surveys: bool | None = None  # unset: the preset's own (Chatwoot, Zendesk: false)

    @model_validator(mode="after")
    def _one_kind(self) -> SyncSource:
        if (self.preset is None) == (self.mapping is None):
            raise ValueError(f"sync source {self.name!r} needs exactly one of preset or mapping")
        needs = "token_env" if self.preset == "zendesk" else "url_env"
        if getattr(self, needs) is None:
            raise ValueError(f"sync source {self.name!r} needs {needs}")
        return self


class Settings(BaseSettings):
    """Every setting of README, "Settings". Build it with `Settings()`; never at import time."""

    model_config = SettingsConfigDict(env_prefix="VIGIL_", env_file=".env", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    read_database_url: str | None = None  # the pages' reads; writes stay on database_url
    timezone: str = "Asia/Taipei"
    locale: Literal["zh-TW", "en"] = "zh-TW"
    demo: bool = False  # explicit: `make run` and `vigil demo` set it
    secret_key: SecretStr | None = None
    old_secret_keys: list[SecretStr] = []  # still accepted for links, newest first
    public_url: str = "http://127.0.0.1:8501"
    allowed_hosts: list[str] = []  # unset: public_url's host and the loopback names

    auth: AuthMode | None = None  # unset: "none" in demo mode, else "local"
    session_ttl: timedelta = timedelta(hours=12)
    signin_max_failures: int = Field(default=5, ge=1)  # per account and per address
    signin_failure_window: timedelta = timedelta(minutes=15)
    proxy_user_header: str = "X-Forwarded-Email"
    proxy_groups_header: str = "X-Forwarded-Groups"
    oidc_metadata_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_cookie_secret: SecretStr | None = None
    oidc_role_claim: str = "groups"
    oidc_team_claim: str | None = None
    role_map: dict[str, Role] = {}  # group or claim value -> role, e.g. {"cs-leads": "supervisor"}

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    mail_from: str = "Vigil <surveys@vigil.invalid>"
    brand_name: str = "Vigil"  # the sender's name, in the survey subject and sign-off
    mail_transport: Literal["smtp", "file"] = "file"
    outbox_dir: Path = Path("data") / "outbox"
    smtp_timeout: timedelta = Field(default=timedelta(seconds=30), gt=timedelta(0))  # per operation
    send_deadline: timedelta = Field(default=timedelta(minutes=2), gt=timedelta(0))  # per send run

    survey_delay: timedelta = timedelta(hours=2)
    survey_max_age: timedelta = timedelta(days=7)
    survey_throttle: timedelta = timedelta(days=7)
    quiet_hours: str = "21:00-09:00"
    survey_max_attempts: int = Field(default=5, ge=1)
    survey_link_ttl: timedelta = timedelta(days=28)

    fcr_window_days: int = Field(default=7, ge=0)
    service_target_seconds: int = Field(default=60, gt=0)  # the one-queue model of §4
    service_targets: dict[str, int] = {}  # per channel, seconds; over queries.metrics.targets
    deferred_occupancy: float = Field(default=0.85, gt=0, le=1)  # e-mail and social agents
    service_level: float = Field(default=0.80, gt=0, lt=1)
    shrinkage: float = Field(default=0.30, ge=0, lt=1)
    scorecard_weights: dict[str, float] = {}  # "pillar.component" -> weight (docs/metrics.md)
    currency: str = "TWD"
    now: datetime | None = None  # pins queries.clock; unset, the wall clock
    chromium: Path = Path("/usr/bin/chromium")  # kaleido draws export charts with it
    alert_recipients: list[str] = []  # e-mail addresses of the alerts (docs/digests.md)
    alert_webhook_url: str | None = None  # a Slack- or Teams-compatible incoming webhook
    alert_cooldown: timedelta = Field(default=timedelta(hours=24), gt=timedelta(0))
    alert_stale_minutes: int = Field(default=30, gt=0)  # survey jobs silent this long: alert
    alert_attempts: int = Field(default=3, ge=1)  # webhook tries before recorded failed

    sync: list[SyncSource] = []  # the sources `vigil jobs` keeps in sync (docs/connectors.md)
    sync_interval: timedelta = Field(default=timedelta(minutes=5), gt=timedelta(0))

    @field_validator("now")
    @classmethod
    def _aware_now(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("VIGIL_NOW needs a Z or an explicit offset, e.g. 2026-11-01T12:00Z")
        return None if value is None else value.astimezone(UTC)

    @field_validator("service_targets")
    @classmethod
    def _known_channels(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(CHANNELS))
        if unknown:
            raise ValueError(
                f"unknown channel {unknown[0]!r}; the channels are {', '.join(CHANNELS)}"
            )
        if any(seconds <= 0 for seconds in value.values()):
            raise ValueError("a service target is a positive number of seconds")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not known_zone(value):
            raise ValueError("unknown IANA time zone, e.g. Asia/Taipei")
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not is_currency(value.upper()):
            raise ValueError("unknown ISO 4217 currency code, e.g. TWD")
        return value.upper()

    @field_validator("secret_key")
    @classmethod
    def _strong_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_key(value)
        return value

    @field_validator("old_secret_keys")
    @classmethod
    def _strong_old_keys(cls, value: list[SecretStr]) -> list[SecretStr]:
        for key in value:
            check_key(key)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours_format(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @property
    def auth_mode(self) -> AuthMode:
        return self.auth or ("none" if self.demo else "local")

    def link_keys(self) -> list[str]:
        """The keys that sign (the first) and verify survey links and sessions' cookies.
        Outside demo mode VIGIL_SECRET_KEY is required; the demo keeps a random key in data/."""
        if self.secret_key is not None:
            current = self.secret_key.get_secret_value()
        elif self.demo:
            current = demo_key(DEMO_KEY_FILE)
        else:
            raise ConfigError(
                "VIGIL_SECRET_KEY is not set: generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'` "
                '(docs/deploying.md, "Secret key")'
            )
        return [current, *(key.get_secret_value() for key in self.old_secret_keys)]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quiet_window(self) -> tuple[time, time]:
        return parse_quiet_hours(self.quiet_hours)


def demo_key(path: Path) -> str:
    """The demo's own random key: made once, kept in `path` (owner-only), never a constant."""
    if not path.exists():  # written aside, then linked: two processes starting agree on one
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".demo-key-")
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """'21:00-09:00' -> (21:00, 09:00). The window may wrap past midnight."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError as exc:
        raise ValueError("quiet hours must look like 21:00-09:00") from exc
    return start, end


MIN_KEY_LENGTH = 32
PUBLIC_KEYS = frozenset({"vigil-demo-secret-do-not-use-in-production"})
"""Keys once published with Vigil: anyone can sign links with them, so they are refused."""


def check_key(key: SecretStr) -> None:
    """A signing key is long and not public (docs/deploying.md, "Secret key")."""
    text = key.get_secret_value()
    if len(text) < MIN_KEY_LENGTH:
        raise ValueError(f"a secret key needs at least {MIN_KEY_LENGTH} characters")
    if text in PUBLIC_KEYS:
        raise ValueError("this key was published with Vigil's demo: generate your own")
