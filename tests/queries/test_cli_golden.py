"""`vigil metrics --json` and `vigil coverage --json` on the demo world, byte for byte, on both
backends, against outputs saved before the house restructure (tests/data/golden/).

A change to a number is a change to this file's goldens, made on purpose and said in a note.
Regenerate with `VIGIL_WRITE_GOLDEN=1 pytest tests/queries/test_cli_golden.py`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.demo import build_demo
from tests.worlds import DEMO_SPEC

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
RUNS = {
    "metrics-taipei-30d": [
        "metrics", "--start", "2026-10-03", "--end", "2026-11-01", "--tz", "Asia/Taipei",
        "--as-of", "2026-11-02T00:00:00Z",
    ],
    "metrics-new-york-dst": [
        "metrics", "--start", "2026-08-01", "--end", "2026-09-30", "--tz", "America/New_York",
        "--as-of", "2026-11-02T00:00:00Z",
    ],
    "coverage-taipei-30d": [
        "coverage", "--start", "2026-10-03", "--end", "2026-11-01", "--tz", "Asia/Taipei",
    ],
    "coverage-kathmandu": [
        "coverage", "--start", "2026-10-20", "--end", "2026-11-01", "--tz", "Asia/Kathmandu",
        "--target-seconds", "30", "--service-level", "0.9", "--shrinkage", "0.25",
    ],
}  # fmt: skip


@pytest.fixture
def demo_url(engine: Engine) -> str:
    build_demo(engine, DEMO_SPEC)
    return engine.url.render_as_string(hide_password=False)


@pytest.mark.slow
def test_cli_json_is_byte_identical_to_the_golden(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, args in RUNS.items():
        assert main([*args, "--json", "--db", demo_url]) == 0
        out = capsys.readouterr().out
        path = GOLDEN / f"{name}.json"
        if os.environ.get("VIGIL_WRITE_GOLDEN"):
            path.write_text(out, encoding="utf-8")
        assert out == path.read_text(encoding="utf-8"), name
