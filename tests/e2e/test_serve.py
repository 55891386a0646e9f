"""`vigil serve` stops its server (and jobs) process on SIGTERM, as systemd and tests send it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import ROOT, free_port, wait_until_healthy


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_sigterm_stops_the_server_and_the_jobs_process(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'vigil.db'}"}
    env["VIGIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    env["VIGIL_DEMO"] = "true"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port), "--with-jobs"]
    with (tmp_path / "serve.log").open("wb") as log:
        serve = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", serve)
            started = children(serve.pid)
            assert len(started) == 2  # streamlit (uvicorn) and python -m jobs
            serve.terminate()
            assert serve.wait(timeout=40) == 0
            deadline = time.monotonic() + 10
            while any(alive(pid) for pid in started) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not any(alive(pid) for pid in started)
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait()
