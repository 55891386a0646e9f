"""No test depends on the date it runs on: the whole suite again with this machine's wall clock
moved 30 and 400 days ahead (`VIGIL_TEST_CLOCK_SHIFT_DAYS`, see tests/conftest.py).

A page, job or test that reads the real date instead of `queries.clock` (or a world's pinned
`VIGIL_NOW`) changes outcome under the move, and this test fails naming it.

The browser tests stay out: their servers are child processes, which time-machine does not move,
so they would run unchanged at the cost of a quarter of CI's budget. The pages themselves run
under the move through AppTest (tests/pages, tests/dashboard)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLOCK_SHIFT

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.parametrize("days", [30, 400])
def test_the_suite_passes_with_the_clock_moved_ahead(days: int) -> None:
    if os.environ.get(CLOCK_SHIFT):
        pytest.skip("already inside a moved-clock run")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
    command += ["--ignore", str(Path(__file__).relative_to(ROOT)), "--ignore", "tests/e2e", "tests"]
    run = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, CLOCK_SHIFT: str(days)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"with the clock {days} days ahead:\n{run.stdout[-6000:]}"
