"""Vigil settings: one explicit object per process, read from VIGIL_* and an optional .env."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import is_currency
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("data") / "vigil.db"
DEMO_SECRET = "vigil-demo-secret-do-not-use-in-production"


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


class Settings(BaseSettings):
    """Every setting of README, "Settings". Build it with `Settings()`; never at import time."""

    model_config = SettingsConfigDict(env_prefix="VIGIL_", env_file=".env", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    timezone: str = "Asia/Taipei"
    locale: Literal["zh-TW", "en"] = "zh-TW"
    demo: bool = True
    secret_key: SecretStr = SecretStr(DEMO_SECRET)
    public_url: str = "http://127.0.0.1:8501"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    mail_from: str = "Vigil <surveys@vigil.invalid>"
    mail_transport: Literal["smtp", "file"] = "file"
    outbox_dir: Path = Path("data") / "outbox"

    survey_delay: timedelta = timedelta(hours=2)
    survey_max_age: timedelta = timedelta(days=7)
    survey_throttle: timedelta = timedelta(days=7)
    quiet_hours: str = "21:00-09:00"
    survey_max_attempts: int = Field(default=5, ge=1)
    survey_link_ttl: timedelta = timedelta(days=28)

    fcr_window_days: int = Field(default=7, ge=0)
    service_target_seconds: int = Field(default=60, gt=0)
    service_level: float = Field(default=0.80, gt=0, lt=1)
    shrinkage: float = Field(default=0.30, ge=0, lt=1)
    currency: str = "TWD"
    now: datetime | None = None  # pins queries.clock; unset, the wall clock

    @field_validator("now")
    @classmethod
    def _aware_now(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("VIGIL_NOW needs a Z or an explicit offset, e.g. 2026-11-01T12:00Z")
        return None if value is None else value.astimezone(UTC)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not is_currency(value.upper()):
            raise ValueError(f"unknown ISO 4217 currency code {value!r}")
        return value.upper()

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours_format(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @model_validator(mode="after")
    def _real_secret_outside_demo(self) -> Settings:
        if not self.demo and self.secret_key.get_secret_value() in ("", DEMO_SECRET):
            raise ValueError("VIGIL_SECRET_KEY must be set to a real secret when VIGIL_DEMO=false")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quiet_window(self) -> tuple[time, time]:
        return parse_quiet_hours(self.quiet_hours)


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """'21:00-09:00' -> (21:00, 09:00). The window may wrap past midnight."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError as exc:
        raise ValueError(f"quiet hours must look like 21:00-09:00, got {value!r}") from exc
    return start, end
