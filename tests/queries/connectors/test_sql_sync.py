"""The generic SQL connector (docs/connectors.md): a SQLite source read through a TOML mapping
into Vigil on both backends; watermarks, no-op re-syncs, bad rows, bad mappings, dry runs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.connectors.mapping import MappingError, load_mapping
from queries.connectors.sql_source import SourceUnavailable, source_engine
from queries.connectors.sync import SyncError, sync
from queries.plumbing.schema import conversations, customers, sync_sources, sync_watermarks

NOW = datetime(2026, 11, 1, tzinfo=UTC)

MAPPING = '''
source = "desk"
empty = ["handle time: the desk does not record it"]

[customers]
watermark = "changed"
query = "SELECT 'p' || id AS external_id, name, email, changed FROM people"

[conversations]
key = "id"
watermark = "changed"
query = """
SELECT id, 't' || id AS external_id, 'p' || person AS customer_external_id, medium AS channel,
       medium AS channel_detail, opened AS opened_at, replied AS first_response_at,
       closed AS resolved_at, replies AS agent_replies, changed
FROM tickets
"""

[conversations.values.channel]
web = "chat"
mail = "email"
line = "chat"
'''


def make_source(path: Path) -> str:
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, email TEXT, changed TEXT);
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, person INTEGER, medium TEXT,
              opened TEXT, replied TEXT, closed TEXT, replies INTEGER, changed TEXT);
            INSERT INTO people VALUES (1, 'Ann', 'ann@example.com', '2026-10-01T00:00:00Z'),
                                      (2, 'Bo', NULL, '2026-10-01T00:00:00Z');
            INSERT INTO tickets VALUES
              (7, 1, 'line', '2026-10-02T01:00:00Z', '2026-10-02T01:05:00Z',
               '2026-10-02T02:00:00Z', 2, '2026-10-02T02:00:00Z'),
              (8, 2, 'mail', '2026-10-03T01:00:00Z', NULL, NULL, 0, '2026-10-03T01:00:00Z');
            """
        )
    return f"sqlite:///{path}"


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, str]:
    mapping = tmp_path / "desk.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return mapping, make_source(tmp_path / "desk.db")


def count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_sync_writes_then_a_second_sync_writes_nothing(
    engine: Engine, desk: tuple[Path, str], tmp_path: Path
) -> None:
    path, url = desk
    mapping = load_mapping(path)
    report = sync(engine, source_engine(url), mapping, now=NOW)
    assert (report["customers"].read, report["conversations"].read) == (2, 2)
    assert report.written == 4
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(conversations).where(conversations.c.external_id == "t7")
        ).one()
        marks = {
            e: v
            for e, v in conn.execute(sa.select(sync_watermarks.c.entry, sync_watermarks.c.value))
        }
        state = conn.execute(sa.select(sync_sources)).one()
    assert (row.channel, row.channel_detail, row.agent_replies) == ("chat", "line", 2)
    assert row.sync_source == "desk"
    assert marks == {"customers": "2026-10-01T00:00:00Z", "conversations": "2026-10-03T01:00:00Z"}
    assert (state.name, state.rows_read, state.rows_written, state.last_status) == (
        "desk",
        4,
        4,
        "ok",
    )
    assert "handle time: the desk does not record it" in str(report)

    again = sync(engine, source_engine(url), mapping, now=NOW)
    assert again.written == 0
    assert again["conversations"].read == 1  # only rows at or past the watermark are read
    assert "nothing changed" in str(again)

    with sqlite3.connect(tmp_path / "desk.db") as db:
        db.execute(
            "UPDATE tickets SET closed = '2026-10-03T05:00:00Z', replies = 1,"
            " changed = '2026-10-03T05:00:00Z' WHERE id = 8"
        )
    edited = sync(engine, source_engine(url), mapping, now=NOW)
    assert edited.written == 1
    assert edited["conversations"].counts is not None
    assert edited["conversations"].counts.updated == 1


def test_a_bad_row_names_the_entry_the_row_and_the_column_and_writes_nothing(
    engine: Engine, desk: tuple[Path, str], tmp_path: Path
) -> None:
    path, url = desk
    with sqlite3.connect(tmp_path / "desk.db") as db:
        db.execute("UPDATE tickets SET medium = 'fax' WHERE id = 8")
    with pytest.raises(SyncError) as caught:
        sync(engine, source_engine(url), load_mapping(path), now=NOW)
    message = str(caught.value)
    assert f"{path} [conversations]: source row id='8': column channel:" in message
    assert "unknown channel 'fax'" in message
    assert count(engine, customers) == 0  # the valid customers were not written either
    assert count(engine, sync_watermarks) == 0


def test_a_naive_timestamp_without_a_source_zone_is_a_bad_row(
    engine: Engine, desk: tuple[Path, str], tmp_path: Path
) -> None:
    path, url = desk
    with sqlite3.connect(tmp_path / "desk.db") as db:
        db.execute("UPDATE tickets SET opened = '2026-10-03 01:00:00' WHERE id = 8")
    with pytest.raises(SyncError, match=r"source row id='8': column opened_at"):
        sync(engine, source_engine(url), load_mapping(path), now=NOW)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("medium AS channel,", "medium AS channel, 1 AS colour,"), "unknown column 'colour'"),
        (("opened AS opened_at,", ""), "required column 'opened_at' is missing"),
        (("FROM tickets", "FROM no_such_table"), "[conversations]: the query failed"),
        (("[customers]", "[clients]"), "unknown entry 'clients'"),
        (
            ('watermark = "changed"\nquery = "SELECT', 'watermark = "x"\nquery = "SELECT'),
            "the query returns no column 'x'",
        ),
        (("web = ", "web = 3 #"), "values.channel must map source values to texts"),
        (("[customers]", "[customers"), "not valid TOML"),
    ],
)
def test_a_bad_mapping_names_the_entry_and_writes_nothing(
    engine: Engine, desk: tuple[Path, str], change: tuple[str, str], expected: str
) -> None:
    path, url = desk
    path.write_text(MAPPING.replace(*change), encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        sync(engine, source_engine(url), load_mapping(path), now=NOW)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)
    assert count(engine, customers) == 0


def test_an_unreachable_source_is_unavailable_and_writes_nothing(
    engine: Engine, desk: tuple[Path, str]
) -> None:
    path, _ = desk
    source = source_engine("postgresql://vigil:hunter2@127.0.0.1:1/helpdesk")
    with pytest.raises(SourceUnavailable) as caught:
        sync(engine, source, load_mapping(path), now=NOW)
    assert "127.0.0.1" in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert count(engine, customers) == 0


def test_dry_run_reports_counts_and_the_first_problems_without_writing(
    engine: Engine, desk: tuple[Path, str], tmp_path: Path
) -> None:
    path, url = desk
    clean = sync(engine, source_engine(url), load_mapping(path), now=NOW, dry_run=True)
    assert clean.dry_run and clean.written == 4 and not clean.problems
    assert "nothing written" in str(clean)
    assert count(engine, customers) == 0 and count(engine, sync_sources) == 0
    with sqlite3.connect(tmp_path / "desk.db") as db:
        db.execute("UPDATE tickets SET medium = 'fax', person = 99 WHERE id = 8")
        db.execute("UPDATE tickets SET replies = -1 WHERE id = 7")
    bad = sync(engine, source_engine(url), load_mapping(path), now=NOW, dry_run=True)
    assert len(bad.problems) == 2  # the first problem of each row
    assert any("id='7': column agent_replies" in p for p in bad.problems)
    assert any(
        "id='8': column customer_external_id: unknown customer 'p99'" in p for p in bad.problems
    )
    assert count(engine, customers) == 0


def test_since_reads_only_rows_changed_after_it(engine: Engine, desk: tuple[Path, str]) -> None:
    path, url = desk
    since = datetime(2026, 10, 2, 12, tzinfo=UTC)
    sync(engine, source_engine(url), load_mapping(path), now=NOW)
    report = sync(engine, source_engine(url), load_mapping(path), now=NOW, since=since)
    assert report["conversations"].read == 1 and report["customers"].read == 0


@pytest.mark.parametrize("name", ["chatwoot", "zammad"])
def test_the_shipped_mappings_load(name: str) -> None:
    path = Path(__file__).parents[3] / "queries" / "connectors" / "mappings" / f"{name}.toml"
    mapping = load_mapping(path)
    assert mapping.source == name and mapping.empty
    assert "conversations" in [entry.name for entry in mapping.entries]


def test_a_query_ending_in_a_comment_still_reads_incrementally(
    sqlite_engine: Engine, desk: tuple[Path, str]
) -> None:
    path, url = desk
    path.write_text(MAPPING.replace("FROM tickets\n", "FROM tickets -- open and closed\n"))
    sync(sqlite_engine, source_engine(url), load_mapping(path), now=NOW)
    again = sync(sqlite_engine, source_engine(url), load_mapping(path), now=NOW)
    assert again["conversations"].read == 1 and again.written == 0
