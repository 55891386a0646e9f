"""A real dashboard server (`vigil serve`, as `make run` starts it) and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.worlds import DEMO_NOW, demo_world_url

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("VIGIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Streamlit has finished the script run: everything the page draws is in the DOM.
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"vigil serve exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the dashboard at {base} did not become healthy in {timeout:.0f} s")


@contextmanager
def running_server(
    database_url: str,
    log: Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> Iterator[str]:
    """`vigil serve` on `port` (default: a free one), with extra environment variables `env`,
    started in `cwd`; yields its base URL and stops it afterwards."""
    port = port or free_port()
    env = {**os.environ, "VIGIL_DEMO": "true", **(env or {}), "VIGIL_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", params=["demo", "empty"])
def dashboard_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp(f"e2e-{request.param}")
    if request.param == "demo":
        database_url = demo_world_url(tmp_path_factory)
    else:
        from queries.plumbing.db import make_engine
        from queries.plumbing.migrate import upgrade

        database_url = f"sqlite:///{folder / 'empty.db'}"
        upgrade(make_engine(database_url))
    pinned = {"VIGIL_NOW": DEMO_NOW.isoformat()}
    with running_server(database_url, folder / "server.log", env=pinned) as base:
        yield base, request.param
