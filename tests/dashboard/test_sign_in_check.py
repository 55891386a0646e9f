"""What `vigil serve` says, or refuses, about sign-in before it starts anything."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.cli import oidc
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
    ],
)
def test_a_mode_it_cannot_honour_is_refused(
    values: dict[str, object], address: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        sign_in_check(settings(**values), address)


PROVIDER = {
    "oidc_metadata_url": "https://id.example.com/.well-known/openid-configuration",
    "oidc_client_id": "vigil",
    "oidc_client_secret": "s3cret-client",
}


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory and home without any .streamlit/secrets.toml."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def test_oidc_without_a_provider_is_refused_naming_both_ways(elsewhere: Path) -> None:
    with pytest.raises(ConfigError, match=r"VIGIL_OIDC_METADATA_URL.*or an \[auth\] section"):
        sign_in_check(settings(auth="oidc"), "0.0.0.0")
    partial = {"oidc_metadata_url": PROVIDER["oidc_metadata_url"], "oidc_client_id": "vigil"}
    with pytest.raises(ConfigError, match="needs VIGIL_OIDC_CLIENT_SECRET ") as refused:
        sign_in_check(settings(auth="oidc", **partial), "0.0.0.0")
    assert "\n" not in str(refused.value)


def test_oidc_from_settings_names_its_source(elsewhere: Path) -> None:
    line = sign_in_check(settings(auth="oidc", **PROVIDER), "0.0.0.0")
    assert line == "vigil serve: sign-in oidc (from VIGIL_OIDC_* settings)"


def test_an_incomplete_secrets_toml_is_named_without_its_values(elsewhere: Path) -> None:
    folder = elsewhere / ".streamlit"
    folder.mkdir()
    (folder / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "https://v.example.com/oauth2callback"\n'
        'client_id = "vigil"\nclient_secret = "s3cret-client"\n'
        'server_metadata_url = "https://id.example.com/.well-known/openid-configuration"\n'
    )
    with pytest.raises(ConfigError, match=r"secrets.toml: \[auth\] lacks cookie_secret") as no:
        sign_in_check(settings(auth="oidc"), "0.0.0.0")
    assert "s3cret" not in str(no.value)
    with (folder / "secrets.toml").open("a") as out:
        out.write('cookie_secret = "another-secret"\n')
    line = sign_in_check(settings(auth="oidc"), "0.0.0.0")
    assert line == f"vigil serve: sign-in oidc (from {folder / 'secrets.toml'})"


def test_the_settings_become_an_owner_only_auth_section(tmp_path: Path) -> None:
    values = settings(auth="oidc", public_url="https://vigil.example.com/", **PROVIDER)
    section = oidc.auth_section(values)
    written = oidc.write_secrets(section, tmp_path)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    auth = tomllib.loads(written.read_text())["auth"]
    assert auth["redirect_uri"] == "https://vigil.example.com/oauth2callback"
    assert auth["client_secret"] == "s3cret-client" and auth["client_id"] == "vigil"
    derived = auth["cookie_secret"]  # no VIGIL_OIDC_COOKIE_SECRET: derived from the key
    assert len(derived) == 64 and KEY not in derived
    assert oidc.auth_section(values)["cookie_secret"] == derived
    chosen = settings(auth="oidc", oidc_cookie_secret="mine-" * 8, **PROVIDER)
    assert oidc.auth_section(chosen)["cookie_secret"] == "mine-" * 8


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


def test_serve_with_oidc_but_no_provider_stops_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env.update(
        VIGIL_DATABASE_URL=f"sqlite:///{tmp_path / 'vigil.db'}",
        VIGIL_AUTH="oidc",
        VIGIL_SECRET_KEY=KEY,
        VIGIL_OIDC_CLIENT_ID="vigil",
        HOME=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", "1"]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(lines) == 1 and "VIGIL_AUTH=oidc needs VIGIL_OIDC_METADATA_URL" in lines[0]
