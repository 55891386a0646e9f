"""Settings: defaults, validation, and every setting documented in the README."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    settings = Settings()
    assert settings.timezone == "Asia/Taipei"
    assert settings.locale == "zh-TW"
    assert settings.database_url == "sqlite:///data/vigil.db"
    assert settings.quiet_window == (time(21), time(9))
    assert settings.survey_delay == timedelta(hours=2)
    assert settings.currency == "TWD"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_TIMEZONE", "America/New_York")
    monkeypatch.setenv("VIGIL_SURVEY_THROTTLE", "P3D")
    monkeypatch.setenv("VIGIL_QUIET_HOURS", "22:30-07:00")
    monkeypatch.setenv("VIGIL_CURRENCY", "usd")
    settings = Settings()
    assert settings.currency == "USD"
    assert settings.timezone == "America/New_York"
    assert settings.survey_throttle == timedelta(days=3)
    assert settings.quiet_window == (time(22, 30), time(7))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("VIGIL_TIMEZONE", "Mars/Olympus", "unknown IANA time zone"),
        ("VIGIL_QUIET_HOURS", "late", "quiet hours must look like"),
        ("VIGIL_SERVICE_LEVEL", "1.5", "less than 1"),
        ("VIGIL_CURRENCY", "XYZ", "unknown ISO 4217 currency code"),
    ],
)
def test_bad_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=message):
        Settings()


def test_no_key_outside_demo_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIGIL_DEMO", raising=False)
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    settings = Settings()
    assert not settings.demo and settings.auth_mode == "local"
    with pytest.raises(ConfigError, match="VIGIL_SECRET_KEY is not set"):
        settings.link_keys()
    assert not (tmp_path / "data").exists()  # no key is made up outside the demo
    key = "k" * 40
    monkeypatch.setenv("VIGIL_SECRET_KEY", key)
    monkeypatch.setenv("VIGIL_OLD_SECRET_KEYS", '["' + "o" * 40 + '"]')
    assert Settings().link_keys() == [key, "o" * 40]


def _demo_key_in(folder: str) -> str:
    from queries.plumbing.settings import demo_key

    return demo_key(Path(folder) / "demo-secret.key")


def test_processes_starting_together_agree_on_one_demo_key(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        keys = set(pool.map(_demo_key_in, [str(tmp_path)] * 8))
    assert len(keys) == 1 and len(keys.pop()) >= 32
    assert [p.name for p in tmp_path.iterdir()] == ["demo-secret.key"]  # no draft left


def test_the_demo_makes_its_own_random_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIGIL_SECRET_KEY", raising=False)
    monkeypatch.setenv("VIGIL_DEMO", "true")
    first = Settings().link_keys()
    assert first == Settings().link_keys() and len(first[0]) >= 32
    key_file = tmp_path / "data" / "demo-secret.key"
    assert key_file.stat().st_mode & 0o077 == 0
    key_file.unlink()
    assert Settings().link_keys() != first


def test_every_setting_is_documented_in_the_readme() -> None:
    documented = set(re.findall(r"`VIGIL_([A-Z_]+)`", README.read_text(encoding="utf-8")))
    declared = {name.upper() for name in Settings.model_fields}
    assert declared - documented == set()


def test_now_pins_the_clock_to_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from queries.plumbing.clock import clock_for, wall_clock

    monkeypatch.delenv("VIGIL_NOW", raising=False)
    assert clock_for(Settings()) is wall_clock
    monkeypatch.setenv("VIGIL_NOW", "2026-11-02T08:30:00+08:00")
    pinned = clock_for(Settings())
    assert pinned() == datetime(2026, 11, 2, 0, 30, tzinfo=UTC)
    assert pinned().tzinfo is UTC


def test_a_naive_now_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_NOW", "2026-11-02T08:30:00")
    with pytest.raises(ValidationError, match="VIGIL_NOW"):
        Settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("VIGIL_SECRET_KEY", "k3y"),
        ("VIGIL_SECRET_KEY", "x" * 31),
        ("VIGIL_SECRET_KEY", "vigil-demo-secret-do-not-use-in-production"),
        ("VIGIL_OLD_SECRET_KEYS", '["' + "n" * 40 + '", "short-old-key"]'),
    ],
)
def test_weak_or_public_keys_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    from queries.plumbing.config import load_settings

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(name) and "\n" not in message
    assert "32 characters" in message or "published" in message
    assert value not in message and "short-old-key" not in message


ROOT = README.parent
PASSWORD = "hunter2-smtp-password-in-clear"


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "dashboard.cli", "migrate"],
        ["-m", "dashboard.cli", "serve"],
        ["-m", "jobs", "run-once"],
    ],
)
@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("VIGIL_SMTP_PORT", "twenty-five", "valid integer"),
        ("VIGIL_SECRET_KEY", "k3y", "at least 32 characters"),
        ("VIGIL_LOCALE", "fr", "'zh-TW' or 'en'"),
        ("VIGIL_ROLE_MAP", "{not json", "not valid JSON"),
    ],
)
def test_a_wrong_setting_is_one_line_without_values(
    tmp_path: Path, command: list[str], name: str, value: str, rule: str
) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env |= {"PYTHONPATH": str(ROOT), "VIGIL_SMTP_PASSWORD": PASSWORD, name: value,
            "VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'vigil.db'}"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, *command], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1, done.stderr
    assert name in lines[0] and rule in lines[0]
    for secret in (PASSWORD, value, "input_value", "Traceback"):
        assert secret not in done.stderr + done.stdout
