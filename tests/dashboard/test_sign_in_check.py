"""What `vigil serve` says, or refuses, about sign-in before it starts anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli.processes import sign_in_check
from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KEY = "k" * 40


def settings(**values: object) -> Settings:
    return Settings(secret_key=KEY, **values)  # type: ignore[arg-type]


def test_the_start_up_line_names_the_mode() -> None:
    assert sign_in_check(settings(), "0.0.0.0") == "vigil serve: sign-in local"
    demo = sign_in_check(settings(demo=True), "0.0.0.0")
    assert demo == "vigil serve: no sign-in (demo mode): every browser is an admin"
    loopback = sign_in_check(settings(auth="none"), "127.0.0.1")
    assert "no sign-in (loopback 127.0.0.1)" in loopback


@pytest.mark.parametrize(
    ("values", "address", "message"),
    [
        ({"auth": "none"}, "0.0.0.0", "only in demo mode or on a loopback address"),
        ({"auth": "proxy"}, "10.0.0.5", "must listen on loopback"),
        ({"auth": "oidc"}, "127.0.0.1", "not available in this version"),
    ],
)
def test_a_mode_it_cannot_honour_is_refused(
    values: dict[str, object], address: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        sign_in_check(settings(**values), address)


def test_serve_without_a_key_stops_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env["VIGIL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'vigil.db'}"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", "1"]
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(lines) == 1 and "VIGIL_SECRET_KEY is not set" in lines[0]
    assert not (tmp_path / "data").exists()
