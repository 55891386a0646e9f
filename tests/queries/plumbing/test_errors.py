"""The one error tree (queries.plumbing.errors): the tree its docstring draws is the classes'
tree; both doorways (`reading`, `writing`) and `read_frame` turn driver failures into it, on
SQLite and PostgreSQL; the CLI maps it to exit codes with one line on stderr."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

import jobs.transport
from dashboard.cli.commands import main
from queries.plumbing import db, errors
from queries.plumbing.db import make_engine, read_frame, reading, writing
from queries.plumbing.errors import (
    BadInput,
    CsvError,
    DataUnavailable,
    ExpiredLink,
    InstantError,
    InvalidLink,
    PermanentError,
    QueryTimedOut,
    TransientError,
    TransportError,
    VigilError,
)
from queries.plumbing.schema import agents

ROOT = Path(__file__).resolve().parents[3]
DEAD_PG = "postgresql://vigil:s3cret@127.0.0.1:1/vigil"  # nothing listens on port 1
DEAD_PG_SHOWN = "postgresql+psycopg://vigil:***@127.0.0.1:1/vigil"
DRAWN = re.compile(r"^    (?P<prefix>(?:│   |    |├── |└── )*)(?P<name>[A-Z]\w+)(?:  |$)")


def drawn_parents() -> dict[str, str | None]:
    """Each class the docstring draws -> the class it is drawn under (None for the root)."""
    parents: dict[str, str | None] = {}
    path: list[str] = []
    for line in (errors.__doc__ or "").splitlines():
        if match := DRAWN.match(line):
            depth = len(match["prefix"]) // 4
            path[depth:] = [match["name"]]
            parents[match["name"]] = path[depth - 1] if depth else None
    return parents


def vigil_parent(cls: type) -> str | None:
    bases = [b.__name__ for b in cls.__bases__ if issubclass(b, VigilError)]
    assert len(bases) <= 1, f"{cls.__name__} has two parents in the tree"
    return bases[0] if bases else None


def test_the_docstring_draws_the_tree_of_the_classes() -> None:
    classes = {
        name: value
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, VigilError)
    }
    drawn = drawn_parents()
    assert set(drawn) == set(classes)
    assert {name: vigil_parent(cls) for name, cls in classes.items()} == drawn
    assert len(drawn) == 13


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (DataUnavailable, VigilError),
        (QueryTimedOut, DataUnavailable),
        (BadInput, VigilError),
        (CsvError, BadInput),
        (InstantError, BadInput),
        (errors.ConfigError, BadInput),
        (InvalidLink, VigilError),
        (ExpiredLink, InvalidLink),
        (TransportError, VigilError),
        (TransientError, TransportError),
        (PermanentError, TransportError),
        (errors.ServerRefused, TransportError),
        (DataUnavailable, RuntimeError),  # what callers that predate the tree catch
        (BadInput, ValueError),
        (InvalidLink, ValueError),
    ],
)
def test_tree_facts(child: type, parent: type) -> None:
    assert issubclass(child, parent)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (BadInput, DataUnavailable),  # the CLI's exit 2 and exit 1 never overlap
        (InvalidLink, BadInput),
        (TransportError, DataUnavailable),
        (TransientError, PermanentError),
    ],
)
def test_branches_are_apart(one: type, other: type) -> None:
    assert not issubclass(one, other) and not issubclass(other, one)


def test_the_jobs_raise_the_trees_transport_errors() -> None:
    assert jobs.transport.TransientError is TransientError
    assert jobs.transport.PermanentError is PermanentError


def test_no_module_grows_an_error_tree_of_its_own() -> None:
    """Exceptions outside the tree stay private to the importer, which turns them into CsvError."""
    found = set()
    for layer in ("dashboard", "jobs", "pages", "queries"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                bases = [ast.unparse(base) for base in getattr(node, "bases", [])]
                if isinstance(node, ast.ClassDef) and any(
                    b.endswith(("Error", "Exception")) for b in bases
                ):
                    found.add(f"{path.relative_to(ROOT).with_suffix('')}.{node.name}")
    private = {
        "queries/importer/fields.FieldError",
        "queries/importer/reading._NotUtf8",
        "queries/connectors/sync._DryRun",  # rolls a dry run's transaction back, never escapes
    }
    assert found - {f"queries/plumbing/errors.{name}" for name in drawn_parents()} == private


def test_csv_error_names_file_line_and_column() -> None:
    error = CsvError("customers.csv", 7, "email", "too long")
    assert (error.file, error.line, error.column) == ("customers.csv", 7, "email")
    assert str(error) == "customers.csv:7: column email: too long"
    assert str(CsvError("agents.csv", 1, None, "no header")) == "agents.csv:1: no header"


def agent_count(engine: Engine) -> int:
    with reading(engine) as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(agents)) or 0)


def test_writing_turns_a_driver_error_into_data_unavailable_and_writes_nothing(
    engine: Engine,
) -> None:
    row = {"external_id": "A1", "name": "Mei"}
    with pytest.raises(DataUnavailable) as caught, writing(engine) as conn:
        conn.execute(sa.insert(agents).values(row))
        conn.execute(sa.insert(agents).values(row))  # the same external id again
    assert type(caught.value) is DataUnavailable
    assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)
    assert engine.url.render_as_string(hide_password=True) in str(caught.value)
    assert agent_count(engine) == 0  # the first insert was rolled back with the second


def test_writing_passes_our_own_errors_through_and_rolls_back(engine: Engine) -> None:
    with pytest.raises(BadInput, match="stop here"), writing(engine) as conn:
        conn.execute(sa.insert(agents).values(external_id="A1"))
        raise BadInput("stop here")
    assert agent_count(engine) == 0
    with writing(engine) as conn:
        conn.execute(sa.insert(agents).values(external_id="A1"))
    assert agent_count(engine) == 1


@pytest.fixture
def dead_pg() -> Iterator[Engine]:
    engine = make_engine(DEAD_PG)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("doorway", [reading, writing])
def test_an_unreachable_postgresql_is_named_without_its_password(
    dead_pg: Engine, doorway: Callable[[Engine], AbstractContextManager[Connection]]
) -> None:
    with pytest.raises(DataUnavailable) as caught, doorway(dead_pg) as conn:
        conn.execute(sa.select(1))
    message = str(caught.value)
    assert type(caught.value) is DataUnavailable
    assert message.startswith(f"database {DEAD_PG_SHOWN} is unavailable: ")
    assert "s3cret" not in message and "\n" not in message
    assert isinstance(caught.value.__cause__, sa.exc.OperationalError)


def test_read_frame_of_an_unreachable_postgresql(dead_pg: Engine) -> None:
    with pytest.raises(DataUnavailable) as caught:
        read_frame(dead_pg, sa.select(agents.c.id))
    assert type(caught.value) is DataUnavailable
    assert DEAD_PG_SHOWN in str(caught.value) and "s3cret" not in str(caught.value)


def test_a_sqlite_file_that_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "vigil.db").mkdir()  # a folder where the database file should be
    engine = make_engine(f"sqlite:///{tmp_path / 'vigil.db'}")
    try:
        unopened = pytest.raises(DataUnavailable, match="unable to open database file")
        with unopened, reading(engine) as conn:
            conn.execute(sa.select(1))
        named = pytest.raises(DataUnavailable, match=re.escape(str(tmp_path)))
        with named, writing(engine) as conn:
            conn.execute(sa.select(1))
    finally:
        engine.dispose()


@pytest.fixture
def pg_engine(pg_database: str) -> Iterator[Engine]:
    engine = make_engine(pg_database)
    yield engine
    engine.dispose()


def test_a_statement_timeout_is_query_timed_out(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 50)
    with pytest.raises(QueryTimedOut, match="statement timeout"), reading(pg_engine) as conn:
        conn.execute(sa.text("SELECT pg_sleep(1)"))
    with pytest.raises(QueryTimedOut, match="statement timeout"):  # ADBC's error, too
        read_frame(pg_engine, sa.select(sa.func.pg_sleep(1).label("slept")))
    with reading(pg_engine) as conn:  # a quick read still answers
        assert conn.scalar(sa.select(sa.literal(1))) == 1


CUSTOMERS = "external_id,name,email,phone,locale,time_zone,country,segment,survey_opt_out,"
CONVERSATIONS = (
    "external_id,customer_external_id,agent_external_id,channel,category,opened_at,"
    "first_response_at,resolved_at,agent_replies,reopened_count,handle_seconds"
)
IMPORTS = {  # a file that is only written, and one whose reference is looked up first
    "write": ("customers.csv", f"{CUSTOMERS}created_at\nC1,Ann,,,,,,,,\n"),
    "look_up": (
        "conversations.csv",
        f"{CONVERSATIONS}\nX1,C9,,chat,,2024-01-01T00:00:00Z,,,0,0,\n",
    ),
}


@pytest.mark.parametrize("command", ["migrate", "import:write", "import:look_up"])
def test_cli_exits_1_with_one_line_when_the_database_is_unreachable(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["migrate"]
    if command.startswith("import"):
        name, text = IMPORTS[command.split(":")[1]]
        (tmp_path / name).write_text(text, encoding="utf-8")
        argv = ["import", str(tmp_path)]
    assert main([*argv, "--db", DEAD_PG]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"vigil {argv[0]}: error: database {DEAD_PG_SHOWN} is unavailable: ")
    assert "s3cret" not in captured.err and "Traceback" not in captured.err


def test_the_vigil_process_prints_no_traceback(tmp_path: Path) -> None:
    name, text = IMPORTS["look_up"]
    (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [sys.executable, "-m", "dashboard.cli", "import", str(tmp_path), "--db", DEAD_PG]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"vigil import: error: database {DEAD_PG_SHOWN} is unavailable: ")


def test_cli_exits_2_with_one_line_on_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "customers.csv").write_text(f"{CUSTOMERS}created_at\nC1,,,,,,,,no,\n")
    assert main(["import", str(tmp_path), "--db", DEAD_PG]) == 2  # refused before any write
    assert capsys.readouterr().err.splitlines() == [
        "vigil import: error: customers.csv:2: column survey_opt_out: "
        "expected true or false, got 'no'"
    ]


@pytest.mark.parametrize(
    ("url", "line"),
    [
        ("mysql://vigil:s3cret@db/vigil", "unsupported database 'mysql': use SQLite or PostgreSQL"),
        ("not a url", "not a database URL: Could not parse SQLAlchemy URL from given URL string"),
    ],
)
def test_a_database_url_vigil_cannot_use_is_bad_input(
    url: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(BadInput, match=re.escape(line)):
        make_engine(url)
    assert main(["migrate", "--db", url]) == 2
    assert capsys.readouterr().err.splitlines() == [f"vigil migrate: error: {line}"]
