"""The one-line CLI error contract (docs/metrics.md, "Command line"): every failure of
finding 5 in issue 17 prints exactly one stderr line and exits non-zero, run as a real
subprocess. The full disk is a file-size limit (RLIMIT_FSIZE) on the child: SQLite's
writes past it fail with EFBIG, as they would with ENOSPC on a full disk."""

from __future__ import annotations

import resource
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL, skip_or_fail
from tests.e2e.conftest import free_port

AGENTS = "external_id,name,email,team,site,time_zone\n"


def vigil(
    *args: str, cwd: Path, limit: Callable[[], None] | None = None, stdout: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        preexec_fn=limit,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.returncode == code, result.stderr
    assert lines[0].startswith("vigil "), lines[0]
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def agents_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "in"
    directory.mkdir()
    rows = "".join(
        f"A{i},Agent {i} with a longer name,a{i}@example.com,t,s,UTC\n" for i in range(20_000)
    )
    (directory / "agents.csv").write_text(AGENTS + rows, encoding="utf-8")
    return directory


@pytest.fixture
def unmigrated_pg() -> Iterator[str]:
    """An empty PostgreSQL database that was never migrated."""
    admin = sa.create_engine(
        make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"vigil_bare_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {PG_URL}")
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.mark.parametrize("command", ["import", "migrate"])
def test_an_unreachable_database_is_one_line(
    command: str, agents_dir: Path, tmp_path: Path
) -> None:
    url = f"postgresql://vigil:hunter2@127.0.0.1:{free_port()}/nothing"
    args = ["import", str(agents_dir)] if command == "import" else ["migrate"]
    result = vigil(*args, "--db", url, cwd=tmp_path)
    one_line(result, 1, "unavailable")
    assert "hunter2" not in result.stderr


def test_import_into_an_unmigrated_sqlite_file_is_one_line(
    agents_dir: Path, tmp_path: Path
) -> None:
    result = vigil("import", str(agents_dir), "--db", f"sqlite:///{tmp_path}/bare.db", cwd=tmp_path)
    one_line(result, 1, "not migrated", "vigil migrate")


def test_import_into_an_unmigrated_postgres_database_is_one_line(
    agents_dir: Path, tmp_path: Path, unmigrated_pg: str
) -> None:
    result = vigil("import", str(agents_dir), "--db", unmigrated_pg, cwd=tmp_path)
    one_line(result, 1, "not migrated", "vigil migrate")


def test_import_onto_a_full_disk_is_one_line(agents_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/full.db"
    one_line_ok = vigil("migrate", "--db", url, cwd=tmp_path)
    assert one_line_ok.returncode == 0, one_line_ok.stderr
    size = (tmp_path / "full.db").stat().st_size

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64_000, size + 64_000))

    result = vigil("import", str(agents_dir), "--db", url, cwd=tmp_path, limit=small_disk)
    one_line(result, 1, "unavailable")


def test_output_onto_a_full_disk_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/v.db"
    assert vigil("migrate", "--db", url, cwd=tmp_path).returncode == 0
    with open("/dev/full", "w") as full:  # every write: ENOSPC
        result = vigil(
            "metrics",
            "--start",
            "2024-03-01",
            "--end",
            "2024-03-31",
            "--db",
            url,
            cwd=tmp_path,
            stdout=full.fileno(),
        )
    one_line(result, 1, "No space left on device")


@pytest.mark.parametrize(
    "dates",
    [
        ["--start", "9999-12-31"],
        ["--start", "9999-12-31", "--end", "9999-12-31"],
        ["--start", "0001-01-01", "--end", "9999-12-31"],
    ],
    ids=["start only", "start and end", "whole calendar"],
)
def test_metrics_on_year_9999_is_one_line(dates: list[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/v.db"
    assert vigil("migrate", "--db", url, cwd=tmp_path).returncode == 0
    result = vigil("metrics", *dates, "--db", url, cwd=tmp_path)
    one_line(result, 2)


@pytest.mark.parametrize(
    ("command", "args", "words"),
    [
        ("metrics", ["--tz", "Mars/Base"], "unknown IANA time zone"),
        ("coverage", ["--tz", "Mars/Base"], "unknown IANA time zone"),
        ("metrics", ["--start", "2026-10-31", "--end", "2026-10-01"], "is before --start"),
        ("coverage", ["--start", "2026-10-31", "--end", "2026-10-01"], "is before --start"),
    ],
)
def test_an_unknown_zone_or_a_backward_period_is_one_line(
    command: str, args: list[str], words: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/v.db"
    assert vigil("migrate", "--db", url, cwd=tmp_path).returncode == 0
    period = ["--start", "2026-10-01", "--end", "2026-10-31"]
    result = vigil(command, *period, *args, "--db", url, cwd=tmp_path)
    one_line(result, 2, words)
