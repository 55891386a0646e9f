"""The long-running processes behind `vigil serve` and `vigil jobs`."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.cli import oidc
from dashboard.web.signin import is_loopback
from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import Settings

# the ASGI app around dashboard/app.py: Streamlit plus Vigil's routes (survey page, sign-in)
SERVER = Path(__file__).resolve().parents[1] / "asgi.py"
# passed as flags, so they hold whatever the working directory (.streamlit/config.toml is found
# relative to it); tests/test_serve_options.py keeps that file in step for `streamlit run`
STREAMLIT_OPTIONS = {
    "server.headless": "true",
    "server.runOnSave": "false",
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "theme.base": "light",
    "theme.primaryColor": "#1f6f8b",
    "theme.backgroundColor": "#fbfcfd",
    "theme.secondaryBackgroundColor": "#eef3f6",
    "theme.textColor": "#1d2b36",
    "theme.font": "sans serif",
}


def streamlit_command(address: str, port: int) -> list[str]:
    flags = [f"--{name}={value}" for name, value in STREAMLIT_OPTIONS.items()]
    where = [f"--server.address={address}", f"--server.port={port}"]
    return [sys.executable, "-m", "streamlit", "run", str(SERVER), *where, *flags]


def sign_in_check(settings: Settings, address: str) -> str:
    """What `vigil serve` says of sign-in at start-up; a mode it cannot honour is a
    ConfigError (one line, before any child starts)."""
    mode = settings.auth_mode
    if mode == "oidc":
        return f"vigil serve: sign-in oidc ({oidc.describe(settings, Path.cwd(), Path.home())})"
    if mode == "none" and not settings.demo and not is_loopback(address):
        raise ConfigError(
            f"VIGIL_AUTH=none serves everyone as admin: only in demo mode or on a "
            f"loopback address, not on {address}"
        )
    if mode == "none":
        who = "demo mode" if settings.demo else f"loopback {address}"
        return f"vigil serve: no sign-in ({who}): every browser is an admin"
    if mode == "proxy" and not is_loopback(address):
        raise ConfigError(
            f"VIGIL_AUTH=proxy trusts a header, so it must listen on loopback, not on {address}"
        )
    return f"vigil serve: sign-in {mode}"


def served_url(settings: Settings, address: str, port: int) -> dict[str, str]:
    """VIGIL_PUBLIC_URL for the children when it is not set: the port actually served, so
    survey links follow `--port` (`make run PORT=8610`)."""
    if "public_url" in settings.model_fields_set:
        return {}
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "") else address
    host = f"[{host}]" if ":" in host else host
    return {"VIGIL_PUBLIC_URL": f"http://{host}:{port}"}


def serve(args: argparse.Namespace, settings: Settings) -> int:
    settings.link_keys()  # no key outside demo mode: ConfigError, one line, before any child
    print(sign_in_check(settings, args.address), flush=True)
    command = streamlit_command(args.address, args.port)
    env = dict(os.environ)
    if args.db:
        env["VIGIL_DATABASE_URL"] = args.db
    env.update(served_url(settings, args.address, args.port))
    if settings.mail_transport == "file":
        print(f"vigil serve: survey e-mails go to {settings.outbox_dir.resolve()}", flush=True)
    private = None
    if settings.auth_mode == "oidc" and oidc.from_settings(settings):
        private = oidc.private_folder()  # removed when the server stops
        secrets = oidc.write_secrets(oidc.auth_section(settings), private)
        command += ["--secrets.files", str(secrets)]
    jobs = subprocess.Popen([sys.executable, "-m", "jobs"], env=env) if args.with_jobs else None
    server = subprocess.Popen(command, env=env)

    def stop(_signum: int, _frame: object) -> None:  # SIGTERM (systemd, tests): children too
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:  # the dashboard and the jobs process stop together (Ctrl-C or SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut this short
        for child in (server, jobs):
            if child is None:
                continue
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)


def jobs(args: argparse.Namespace, settings: Settings) -> int:
    """`vigil jobs [run-once [--now ISO]]` becomes `python -m jobs …` (exec, same pid); the
    dashboard layer does not import jobs/ (tests/test_architecture.py)."""
    command = [sys.executable, "-m", "jobs", *(["--db", args.db] if args.db else [])]
    if args.action == "run-once":
        command += ["run-once", *(["--now", args.now.isoformat()] if args.now else [])]
    else:
        command += ["--interval", str(args.interval)]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # the jobs process takes this pid: SIGTERM reaches it
