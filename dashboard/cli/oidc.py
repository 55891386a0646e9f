"""VIGIL_AUTH=oidc for `vigil serve` (docs/deploying.md, "Signing people in"): Streamlit's
`st.login` reads its provider only from secrets files ([auth]), so the VIGIL_OIDC_* settings
become a secrets file in a private folder (owner-only) handed to Streamlit with
`--secrets.files`; without them, `.streamlit/secrets.toml` [auth] must be complete. Neither the
file nor its values are ever printed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import tomllib
from pathlib import Path

from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import Settings

CALLBACK = "/oauth2callback"
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
SETTINGS = {  # the VIGIL_OIDC_* settings the [auth] keys come from
    "server_metadata_url": "VIGIL_OIDC_METADATA_URL",
    "client_id": "VIGIL_OIDC_CLIENT_ID",
    "client_secret": "VIGIL_OIDC_CLIENT_SECRET",
}


def redirect_uri(settings: Settings) -> str:
    return settings.public_url.rstrip("/") + CALLBACK


def cookie_secret(settings: Settings) -> str:
    """VIGIL_OIDC_COOKIE_SECRET, else a key derived from VIGIL_SECRET_KEY (rotating that key
    then signs everyone out of OIDC)."""
    if settings.oidc_cookie_secret is not None:
        return settings.oidc_cookie_secret.get_secret_value()
    key = settings.link_keys()[0].encode()
    return hmac.new(key, b"vigil oidc cookie secret", hashlib.sha256).hexdigest()


def from_settings(settings: Settings) -> bool:
    """True when the VIGIL_OIDC_* settings describe the provider (they win over secrets.toml)."""
    return any(
        value is not None
        for value in (
            settings.oidc_metadata_url,
            settings.oidc_client_id,
            settings.oidc_client_secret,
        )
    )


def auth_section(settings: Settings) -> dict[str, str]:
    """The [auth] section the settings give; a missing one is a ConfigError naming it."""
    secret = settings.oidc_client_secret
    values = {
        "server_metadata_url": settings.oidc_metadata_url,
        "client_id": settings.oidc_client_id,
        "client_secret": None if secret is None else secret.get_secret_value(),
    }
    missing = [SETTINGS[key] for key, value in values.items() if not value]
    if missing:
        raise ConfigError(f"VIGIL_AUTH=oidc needs {', '.join(missing)} (docs/deploying.md)")
    if not settings.public_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"VIGIL_AUTH=oidc needs an absolute VIGIL_PUBLIC_URL, not {settings.public_url!r}"
        )
    return {
        "redirect_uri": redirect_uri(settings),
        "cookie_secret": cookie_secret(settings),
        **{key: str(value) for key, value in values.items()},
    }


SCRIPT_DIR = Path(__file__).resolve().parents[1]  # dashboard/, where dashboard/asgi.py is


def secrets_files(cwd: Path, home: Path) -> list[Path]:
    """Where Streamlit looks for secrets by default (global, project, script); later win."""
    return [
        home / ".streamlit" / "secrets.toml",
        cwd / ".streamlit" / "secrets.toml",
        SCRIPT_DIR / ".streamlit" / "secrets.toml",
    ]


def check_secrets_toml(cwd: Path, home: Path) -> Path:
    """The secrets.toml whose [auth] Streamlit will use, checked for every key `st.login()`
    needs; else a ConfigError naming what is missing (never a value)."""
    section: dict[str, object] = {}
    found: Path | None = None
    for path in secrets_files(cwd, home):
        if not path.is_file():
            continue
        try:
            auth = tomllib.loads(path.read_text(encoding="utf-8")).get("auth")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: not readable TOML ({type(exc).__name__})") from None
        if isinstance(auth, dict):
            section.update(auth)
            found = path
    if found is None:
        raise ConfigError(
            "VIGIL_AUTH=oidc needs VIGIL_OIDC_METADATA_URL, VIGIL_OIDC_CLIENT_ID and "
            "VIGIL_OIDC_CLIENT_SECRET, or an [auth] section in .streamlit/secrets.toml "
            "(docs/deploying.md)"
        )
    missing = [key for key in AUTH_KEYS if not section.get(key)]
    if missing:
        raise ConfigError(f"{found}: [auth] lacks {', '.join(missing)} (docs/deploying.md)")
    if not str(section["redirect_uri"]).endswith(CALLBACK):
        raise ConfigError(f"{found}: [auth] redirect_uri must end with {CALLBACK}")
    return found


def write_secrets(section: dict[str, str], folder: Path) -> Path:
    """[auth] as a TOML file only its owner can read, in `folder` (made owner-only)."""
    folder.chmod(0o700)
    path = folder / "secrets.toml"
    lines = ["[auth]", *(f"{key} = {json.dumps(value)}" for key, value in section.items())]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return path


def private_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="vigil-oidc-"))  # mkdtemp: mode 0700


def describe(settings: Settings, cwd: Path, home: Path) -> str:
    """The start-up line's source of the provider, after checking it is complete."""
    if from_settings(settings):
        auth_section(settings)
        return "from VIGIL_OIDC_* settings"
    return f"from {check_secrets_toml(cwd, home)}"
