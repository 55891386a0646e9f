"""`vigil sync` as a real subprocess: exit 0, 2 for bad data or a bad mapping, 1 for an
unreachable source, each failure one line on stderr naming where."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.queries.connectors.test_sql_sync import MAPPING, make_source


def vigil(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sync_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    assert vigil("migrate", "--db", db, cwd=tmp_path).returncode == 0
    mapping = tmp_path / "desk.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    url = make_source(tmp_path / "desk.db")
    base = ("sync", "--db", db, "--mapping", str(mapping), "--source-url")

    dry = vigil(*base, url, "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "dry run of desk" in dry.stdout and "nothing written" in dry.stdout

    done = vigil(*base, url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "synced desk" in done.stdout and "2 inserted" in done.stdout

    with sqlite3.connect(tmp_path / "desk.db") as source:
        source.execute("UPDATE tickets SET medium = 'fax', changed = '2026-10-09T00:00:00Z'")
    bad = vigil(*base, url, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "[conversations]: source row id='7': column channel: unknown channel 'fax'" in bad.stderr

    mapping.write_text(MAPPING.replace("medium AS channel,", ""), encoding="utf-8")
    unmapped = vigil(*base, url, cwd=tmp_path)
    assert unmapped.returncode == 2
    assert "[conversations]: required column 'channel' is missing" in unmapped.stderr

    gone = vigil(*base, "postgresql://reader:s3cret@127.0.0.1:1/desk", cwd=tmp_path)
    assert gone.returncode == 1
    assert gone.stderr.count("\n") == 1 and "unreachable" in gone.stderr
    assert "s3cret" not in gone.stderr

    preset = vigil("sync", "--db", db, "--source", "chatwoot", "--source-url", url, cwd=tmp_path)
    assert preset.returncode == 2 and "--account is required" in preset.stderr
