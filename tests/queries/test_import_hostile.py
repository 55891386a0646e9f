"""Hostile import input (issue 17, findings 1, 3 and 4): implausible instants, control
characters and huge fields are refused with file, line and column, identically on SQLite
and PostgreSQL, and nothing is written (docs/importing.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.importer import import_directory
from queries.plumbing import schema
from queries.plumbing.errors import CsvError
from tests.queries.test_import import HEADERS, csv_dir, snapshot

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
CONVERSATION = "V1,C1,,chat,,{opened},,,,,"
BASE = {
    "customers.csv": f"{HEADERS['customers.csv']}\nC1,,,,,,,,,\n",
}

HOSTILE = {
    "no-end-date placeholder": (
        "conversations.csv",
        CONVERSATION.format(opened="9999-12-31T00:00:00Z"),
        "conversations.csv:2: column opened_at: 9999-12-31T00:00:00Z is outside the accepted "
        "2000-01-01 – 2024-06-02",
    ),
    "offset that leaves year 1 in UTC": (
        "conversations.csv",
        CONVERSATION.format(opened="0001-01-01T00:00:00+08:00"),
        "conversations.csv:2: column opened_at: '0001-01-01T00:00:00+08:00' is outside the "
        "years 1–9999 in UTC",
    ),
    "offset that leaves year 9999 in UTC": (
        "customer_activity.csv",
        "C1,9999-12-31T23:00:00-08:00,order,",
        "customer_activity.csv:2: column occurred_at: '9999-12-31T23:00:00-08:00' is outside "
        "the years 1–9999 in UTC",
    ),
    "before 2000": (
        "customers.csv",
        "C2,,,,,,,,,1999-12-31T23:59:59Z",
        "customers.csv:3: column created_at: 1999-12-31T23:59:59Z is outside the accepted "
        "2000-01-01 – 2024-06-02",
    ),
    "more than a day after now": (
        "conversations.csv",
        CONVERSATION.format(opened="2024-06-02T12:00:01Z"),
        "conversations.csv:2: column opened_at: 2024-06-02T12:00:01Z is outside the accepted "
        "2000-01-01 – 2024-06-02",
    ),
    "NUL in a name": (
        "customers.csv",
        "C2,Ann\x00Lee,,,,,,,,",
        "customers.csv:3: column name: control character U+0000 at character 4 "
        "(remove it; tab and newline are fine)",
    ),
    "NUL in a comment": (
        "survey_responses.csv",
        "V1,5,,,great\x00,2024-03-02T00:00:00Z",
        "survey_responses.csv:2: column comment: control character U+0000 at character 6 "
        "(remove it; tab and newline are fine)",
    ),
    "escape in a category": (
        "conversations.csv",
        "V1,C1,,chat,\x1b[31mred,2024-03-01T00:00:00Z,,,,,",
        "conversations.csv:2: column category: control character U+001B at character 1 "
        "(remove it; tab and newline are fine)",
    ),
    "10 MB comment": (
        "survey_responses.csv",
        'V1,5,,,"' + "x" * 10_000_000 + '",2024-03-02T00:00:00Z',
        "survey_responses.csv:2: column comment: 10000000 characters is longer than the limit "
        "of 100000",
    ),
    "10 MB name": (
        "customers.csv",
        "C2," + "n" * 10_000_000 + ",,,,,,,,",
        "customers.csv:3: column name: 10000000 characters is longer than the limit of 200",
    ),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_fields_are_refused_with_file_line_and_column(
    engine: Engine, tmp_path: Path, case: tuple[str, str, str]
) -> None:
    file, rows, message = case
    opened = CONVERSATION.format(opened="2024-03-01T00:00:00Z")
    files = {**BASE, "conversations.csv": f"{HEADERS['conversations.csv']}\n{opened}\n"}
    if file == "customers.csv":
        files[file] += f"{rows}\n"
    else:
        files[file] = f"{HEADERS[file]}\n{rows}\n"
    directory = csv_dir(tmp_path, files)

    with pytest.raises(CsvError) as raised:
        import_directory(engine, directory, now=NOW)

    assert str(raised.value) == message
    assert all(rows == [] for rows in snapshot(engine).values())


def test_tab_and_newlines_are_kept_and_the_window_edges_accepted(
    engine: Engine, tmp_path: Path
) -> None:
    comment = "line one\r\nline\ttwo\n"
    files = {
        **BASE,
        "conversations.csv": f"{HEADERS['conversations.csv']}\n"
        + CONVERSATION.format(opened="2000-01-01T00:00:00Z")
        + "\nV2,C1,,chat,,2024-06-02T12:00:00Z,,,,,\n",
        "survey_responses.csv": f"{HEADERS['survey_responses.csv']}\n"
        f'V1,5,,,"{comment}",2024-03-02T00:00:00Z\n',
    }
    import_directory(engine, csv_dir(tmp_path, files), now=NOW)

    with engine.connect() as conn:
        stored = conn.scalar(sa.select(schema.survey_responses.c.comment))
        opened = conn.scalars(
            sa.select(schema.conversations.c.opened_at).order_by(schema.conversations.c.id)
        ).all()
    assert stored == comment
    assert opened == [datetime(2000, 1, 1, tzinfo=UTC), datetime(2024, 6, 2, 12, tzinfo=UTC)]


def test_the_cli_takes_now_from_the_one_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`vigil import` reads now from queries.plumbing.clock, so VIGIL_NOW moves the window."""
    url = f"sqlite:///{tmp_path / 'v.db'}"
    assert main(["migrate", "--db", url]) == 0
    files = {**BASE, "conversations.csv": f"{HEADERS['conversations.csv']}\n"
             + CONVERSATION.format(opened="2024-06-03T00:00:00Z") + "\n"}  # fmt: skip
    directory = csv_dir(tmp_path, files)
    monkeypatch.setenv("VIGIL_NOW", "2024-06-01T12:00:00Z")
    assert main(["import", str(directory), "--db", url]) == 2
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            "column opened_at: 2024-06-03T00:00:00Z is outside the accepted 2000-01-01 – 2024-06-02"
        )
    )
    monkeypatch.setenv("VIGIL_NOW", "2024-06-02T12:00:00Z")
    assert main(["import", str(directory), "--db", url]) == 0


def test_a_roster_may_be_planned_a_year_ahead_but_not_further(
    engine: Engine, tmp_path: Path
) -> None:
    """Next week's roster is imported ahead of time (docs/importing.md, "Plausible instants"):
    shifts may reach 367 days after now; anything later is still a placeholder."""
    agents = f"{HEADERS['agents.csv']}\nA1,Ann,,Tier 1,Taipei,Asia/Taipei\n"
    ahead = (
        "A1,2024-06-10T01:00:00Z,2024-06-10T09:00:00Z\n"
        "A1,2025-06-02T01:00:00Z,2025-06-02T09:00:00Z\n"  # 366 days after now: still accepted
    )
    files = {**BASE, "agents.csv": agents, "shifts.csv": f"{HEADERS['shifts.csv']}\n{ahead}"}
    import_directory(engine, csv_dir(tmp_path, files), now=NOW)
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(schema.shifts)) == 2
    late = f"{HEADERS['shifts.csv']}\nA1,2025-06-04T01:00:00Z,2025-06-04T09:00:00Z\n"
    with pytest.raises(CsvError, match=r"shifts.csv:2: column starts_at: .* 2025-06-03"):
        import_directory(engine, csv_dir(tmp_path / "late", {**files, "shifts.csv": late}), now=NOW)
