"""`vigil import DIR` (docs/importing.md) on SQLite and PostgreSQL.

The hand-written dataset in tests/data/import/valid holds Chinese text with commas, quotes
and newlines, and timestamps with Z, +08:00, +05:30 and -04:00 offsets.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli import commands as cli
from dashboard.cli.commands import main
from queries.importer import FileCounts, ImportSummary, import_directory
from queries.importer.specs import SPECS
from queries.plumbing import schema
from queries.plumbing.db import make_engine
from queries.plumbing.errors import BadInput, CsvError

TABLES = (
    schema.customers,
    schema.agents,
    schema.shifts,
    schema.conversations,
    schema.survey_responses,
    schema.customer_activity,
)
HEADERS = {
    "customers.csv": "external_id,name,email,phone,locale,time_zone,country,segment,"
    "survey_opt_out,created_at",
    "agents.csv": "external_id,name,email,team,site,time_zone",
    "shifts.csv": "agent_external_id,starts_at,ends_at",
    "conversations.csv": "external_id,customer_external_id,agent_external_id,channel,category,"
    "opened_at,first_response_at,resolved_at,agent_replies,reopened_count,handle_seconds",
    "survey_responses.csv": "conversation_external_id,csat,nps,resolved,comment,responded_at",
    "customer_activity.csv": "customer_external_id,occurred_at,kind,amount",
}


VALID_FILES = {
    # Text with commas, doubled quotes and lower-case country; C3 has only its id.
    "customers.csv": f"""{HEADERS["customers.csv"]}
C1,"王小明, 台北",ming@example.tw,+886-2-1234-5678,zh-TW,Asia/Taipei,TW,vip,false,\
2024-01-05T08:00:00+08:00
C2,"Ann ""Annie"" Lee",ann@example.com,,en,America/New_York,us,,true,2024-01-06T12:30:00Z
C3,,,,,,,,,
""",
    "agents.csv": f"""{HEADERS["agents.csv"]}
A1,陳美玲,mei@example.tw,夜班,Taipei,Asia/Taipei
A2,Raj Patel,raj@example.in,night,Pune,Asia/Kolkata
""",
    # The third shift is the first one again, written in UTC.
    "shifts.csv": f"""{HEADERS["shifts.csv"]}
A1,2024-03-01T22:00:00+08:00,2024-03-02T06:00:00+08:00
A2,2024-03-01T20:30:00+05:30,2024-03-02T04:30:00+05:30
A1,2024-03-01T14:00:00Z,2024-03-01T22:00:00Z
""",
    "conversations.csv": f"""{HEADERS["conversations.csv"]}
V1,C1,A1,chat,"退款, 運費",2024-03-01T23:15:00+08:00,2024-03-01T23:16:30+08:00,\
2024-03-02T00:05:00+08:00,3,0,1800
V2,C2,,email,,2024-03-01T09:00:00-04:00,,,,,
V3,C2,A2,phone,billing,2024-03-02T01:00:00Z,2024-03-02T01:00:00Z,\
2024-03-02T01:20:00.250000Z,1,2,1200
""",
    # V1's comment spans two lines and holds a comma and doubled quotes.
    "survey_responses.csv": f"""{HEADERS["survey_responses.csv"]}
V1,5,10,true,"服務很好，""非常""快,
謝謝！",2024-03-02T09:00:00+08:00
V3,2,3,false,,2024-03-02T10:00:00Z
""",
    # The second line repeats the first.
    "customer_activity.csv": f"""{HEADERS["customer_activity.csv"]}
C1,2024-03-10T10:00:00+08:00,order,1250.5
C1,2024-03-10T10:00:00+08:00,order,1250.5
C2,2024-04-01T00:00:00-04:00,renewal,
C3,2024-04-02T00:00:00Z,,
""",
}
"""A small, hand-written import: every file, every kind of value."""


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    """VALID_FILES written to a directory."""
    directory = tmp_path / "valid"
    directory.mkdir()
    for name, content in VALID_FILES.items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


def csv_dir(root: Path, files: dict[str, str | bytes], *, base: Path | None = None) -> Path:
    """A directory of import files: a copy of `base` (if given) with `files` written over it."""
    directory = root / "import"
    if base is not None:
        shutil.copytree(base, directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (directory / name).write_bytes(data)
    return directory


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the importer writes, in id order."""
    with engine.connect() as conn:
        return {
            table.name: [tuple(row) for row in conn.execute(sa.select(table).order_by(table.c.id))]
            for table in TABLES
        }


def one(engine: Engine, query: sa.Select[Any]) -> Any:
    with engine.connect() as conn:
        return conn.execute(query).one()


def all_rows(engine: Engine, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


c, a, v = schema.customers, schema.agents, schema.conversations


# --- round trip ---------------------------------------------------------------------------


def test_round_trip_keeps_text_exactly_and_stores_timestamps_in_utc(
    engine: Engine, valid: Path
) -> None:
    summary = import_directory(engine, valid)

    assert [counts.file for counts in summary.files] == [
        "customers.csv",
        "agents.csv",
        "shifts.csv",
        "conversations.csv",
        "survey_responses.csv",
        "customer_activity.csv",
    ]
    customer_columns = [c.c[name] for name in HEADERS["customers.csv"].split(",")]
    assert all_rows(engine, sa.select(*customer_columns).order_by(c.c.external_id)) == [
        ("C1", "王小明, 台北", "ming@example.tw", "+886-2-1234-5678", "zh-TW", "Asia/Taipei",
         "TW", "vip", False, utc(2024, 1, 5, 0, 0)),
        ("C2", 'Ann "Annie" Lee', "ann@example.com", None, "en", "America/New_York",
         "US", None, True, utc(2024, 1, 6, 12, 30)),
        ("C3", None, None, None, None, None, None, None, False, None),
    ]  # fmt: skip
    assert all_rows(engine, sa.select(a.c.external_id, a.c.name, a.c.team, a.c.active)) == [
        ("A1", "陳美玲", "夜班", True),
        ("A2", "Raj Patel", "night", True),
    ]
    shifts = schema.shifts
    assert all_rows(
        engine,
        sa.select(a.c.external_id, shifts.c.starts_at, shifts.c.ends_at)
        .join(a)
        .order_by(shifts.c.id),
    ) == [
        ("A1", utc(2024, 3, 1, 14, 0), utc(2024, 3, 1, 22, 0)),
        ("A2", utc(2024, 3, 1, 15, 0), utc(2024, 3, 1, 23, 0)),  # +05:30
    ]
    agent = a.alias("agent")
    conversation_columns = [
        v.c.external_id, c.c.external_id, agent.c.external_id, v.c.channel, v.c.category,
        v.c.opened_at, v.c.first_response_at, v.c.resolved_at,
        v.c.agent_replies, v.c.reopened_count, v.c.handle_seconds,
    ]  # fmt: skip
    assert all_rows(
        engine,
        sa.select(*conversation_columns)
        .join(c, v.c.customer_id == c.c.id)
        .outerjoin(agent, v.c.agent_id == agent.c.id)
        .order_by(v.c.external_id),
    ) == [
        ("V1", "C1", "A1", "chat", "退款, 運費", utc(2024, 3, 1, 15, 15),
         utc(2024, 3, 1, 15, 16, 30), utc(2024, 3, 1, 16, 5), 3, 0, 1800),
        ("V2", "C2", None, "email", None, utc(2024, 3, 1, 13, 0), None, None, 0, 0, None),
        ("V3", "C2", "A2", "phone", "billing", utc(2024, 3, 2, 1, 0), utc(2024, 3, 2, 1, 0),
         utc(2024, 3, 2, 1, 20, 0, 250000), 1, 2, 1200),
    ]  # fmt: skip
    r = schema.survey_responses
    assert all_rows(
        engine,
        sa.select(v.c.external_id, r.c.csat, r.c.nps, r.c.resolved, r.c.comment,
                  r.c.responded_at, r.c.source, r.c.invitation_id)
        .join(v).order_by(v.c.external_id),
    ) == [
        ("V1", 5, 10, True, '服務很好，"非常"快,\n謝謝！', utc(2024, 3, 2, 1, 0), "import", None),
        ("V3", 2, 3, False, None, utc(2024, 3, 2, 10, 0), "import", None),
    ]  # fmt: skip
    activity = schema.customer_activity
    assert all_rows(
        engine,
        sa.select(c.c.external_id, activity.c.occurred_at, activity.c.kind, activity.c.amount)
        .join(c)
        .order_by(activity.c.id),
    ) == [
        ("C1", utc(2024, 3, 10, 2, 0), "order", 1250.5),
        ("C2", utc(2024, 4, 1, 4, 0), "renewal", None),
        ("C3", utc(2024, 4, 2, 0, 0), None, None),
    ]


def test_first_import_counts_inserts_and_in_file_duplicates(engine: Engine, valid: Path) -> None:
    summary = import_directory(engine, valid)

    assert summary["customers.csv"] == FileCounts("customers.csv", 3, inserted=3)
    # The third shift is the first one again, written with another offset.
    assert summary["shifts.csv"] == FileCounts(
        "shifts.csv", 3, inserted=2, duplicates=1, keyed=False
    )
    assert summary["customer_activity.csv"] == FileCounts(
        "customer_activity.csv", 4, inserted=3, duplicates=1, keyed=False
    )
    assert summary.changed
    assert "conversations.csv      3 rows: 3 inserted, 0 updated, 0 unchanged" in str(summary)


# --- idempotency and updates ----------------------------------------------------------------


def test_reimport_changes_nothing_and_says_so(engine: Engine, valid: Path) -> None:
    import_directory(engine, valid)
    before = snapshot(engine)

    summary = import_directory(engine, valid)

    assert snapshot(engine) == before
    assert not summary.changed
    for counts in summary.files:
        if counts.keyed:
            assert (counts.inserted, counts.updated, counts.unchanged) == (0, 0, counts.rows)
        else:
            assert (counts.inserted, counts.duplicates) == (0, counts.rows)
    text = str(summary)
    assert "customers.csv          3 rows: 0 inserted, 0 updated, 3 unchanged" in text
    assert "shifts.csv             3 rows: 0 inserted, 3 skipped duplicates" in text
    assert "nothing changed" in text


def test_reimport_with_a_changed_field_updates_only_that_row(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    import_directory(engine, valid)
    before = snapshot(engine)
    conversations = VALID_FILES["conversations.csv"]
    changed = conversations.replace("billing,", "refund,")
    assert changed != conversations
    directory = csv_dir(tmp_path, {"conversations.csv": changed})

    summary = import_directory(engine, directory)

    assert summary["conversations.csv"] == FileCounts(
        "conversations.csv", 3, inserted=0, updated=1, unchanged=2
    )
    after = snapshot(engine)
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert one(engine, sa.select(v.c.id, v.c.category).where(v.c.external_id == "V3")) == (
        3,
        "refund",
    )
    unchanged = {name: rows for name, rows in after.items() if name != "conversations"}
    assert unchanged == {name: rows for name, rows in before.items() if name != "conversations"}
    assert after["conversations"][:2] == before["conversations"][:2]


def test_new_rows_are_added_next_to_existing_ones(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    import_directory(engine, valid)
    header = HEADERS["customers.csv"]
    directory = csv_dir(tmp_path, {"customers.csv": f"{header}\nC3,Cleo,,,,,,,,\nC4,Dan,,,,,,,,\n"})

    summary = import_directory(engine, directory)

    assert summary["customers.csv"] == FileCounts("customers.csv", 2, 1, 1, 0)
    assert all_rows(engine, sa.select(c.c.external_id, c.c.name).order_by(c.c.id)) == [
        ("C1", "王小明, 台北"),
        ("C2", 'Ann "Annie" Lee'),
        ("C3", "Cleo"),
        ("C4", "Dan"),
    ]


def test_survey_response_upserts_on_its_conversation(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    import_directory(engine, valid)
    r = schema.survey_responses
    with engine.begin() as conn:  # as if the customer had answered through the email link
        conn.execute(sa.update(r).where(r.c.csat == 2).values(source="link", csat=1))
    header = HEADERS["survey_responses.csv"]
    directory = csv_dir(
        tmp_path, {"survey_responses.csv": f"{header}\nV3,2,3,false,,2024-03-02T10:00:00Z\n"}
    )

    summary = import_directory(engine, directory)

    assert summary["survey_responses.csv"] == FileCounts("survey_responses.csv", 1, 0, 1, 0)
    assert "survey_responses.csv  1 row: 0 inserted, 1 updated, 0 unchanged" in str(summary)
    responses = sa.select(r.c.conversation_id, r.c.csat, r.c.source).order_by(r.c.id)
    assert all_rows(engine, responses) == [
        (1, 5, "import"),
        (3, 2, "import"),
    ]


def test_references_may_point_at_rows_already_in_the_database(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    import_directory(engine, valid)
    header = HEADERS["conversations.csv"]
    row = "V9,C3,A2,social,,2024-05-01T00:00:00Z,,,,,"
    directory = csv_dir(tmp_path, {"conversations.csv": f"{header}\n{row}\n"})

    import_directory(engine, directory)

    assert one(
        engine,
        sa.select(c.c.external_id, a.c.external_id)
        .select_from(v)
        .join(c, v.c.customer_id == c.c.id)
        .join(a, v.c.agent_id == a.c.id)
        .where(v.c.external_id == "V9"),
    ) == ("C3", "A2")


# --- opt-out -------------------------------------------------------------------------------


def test_an_import_never_clears_a_survey_opt_out(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    import_directory(engine, valid)  # C2 arrives opted out
    with engine.begin() as conn:  # C3 unsubscribes through the link in an email
        conn.execute(sa.update(c).where(c.c.external_id == "C3").values(survey_opt_out=True))
    header = HEADERS["customers.csv"]
    rows = "C1,,,,,,,,true,\nC2,,,,,,,,false,\nC3,,,,,,,,false,\n"
    directory = csv_dir(tmp_path, {"customers.csv": f"{header}\n{rows}"})

    import_directory(engine, directory)

    opt_outs = sa.select(c.c.external_id, c.c.survey_opt_out).order_by(c.c.external_id)
    assert all_rows(engine, opt_outs) == [("C1", True), ("C2", True), ("C3", True)]
    again = import_directory(engine, directory)
    assert again["customers.csv"] == FileCounts("customers.csv", 3, 0, 0, 3)


# --- bad input ------------------------------------------------------------------------------

CONVERSATION = "V1,C1,A1,chat,,2024-03-01T10:00:00Z,,,,,"
BAD_ROWS = {
    "naive timestamp": (
        "conversations.csv",
        f"{CONVERSATION}\nV2,C1,,chat,,2024-03-01 10:00,,,,,",
        "conversations.csv:3: column opened_at: naive timestamp '2024-03-01 10:00' "
        "needs Z or an offset",
    ),
    "not a timestamp": (
        "customer_activity.csv",
        "C1,yesterday,order,",
        "customer_activity.csv:2: column occurred_at: not an ISO 8601 timestamp: 'yesterday'",
    ),
    "unknown time zone": (
        "customers.csv",
        "C1,,,,,Asia/Taipei,,,,\nC9,,,,,Mars/Olympus,,,,",
        "customers.csv:3: column time_zone: unknown time zone 'Mars/Olympus'",
    ),
    "csat out of range": (
        "survey_responses.csv",
        "V1,7,,,,2024-03-02T00:00:00Z",
        "survey_responses.csv:2: column csat: 7 is outside 1–5",
    ),
    "nps out of range": (
        "survey_responses.csv",
        "V1,,11,,,2024-03-02T00:00:00Z",
        "survey_responses.csv:2: column nps: 11 is outside 0–10",
    ),
    "unknown customer": (
        "conversations.csv",
        f"{CONVERSATION}\nV2,C999,,chat,,2024-03-01T10:00:00Z,,,,,",
        "conversations.csv:3: column customer_external_id: unknown customer 'C999'",
    ),
    "unknown agent": (
        "shifts.csv",
        "A9,2024-03-01T00:00:00Z,2024-03-01T08:00:00Z",
        "shifts.csv:2: column agent_external_id: unknown agent 'A9'",
    ),
    "unknown conversation": (
        "survey_responses.csv",
        "V404,5,,,,2024-03-02T00:00:00Z",
        "survey_responses.csv:2: column conversation_external_id: unknown conversation 'V404'",
    ),
    "shift ends when it starts": (
        "shifts.csv",
        "A1,2024-03-01T00:00:00Z,2024-03-01T08:00:00Z\n"
        "A1,2024-03-01T22:00:00+08:00,2024-03-01T14:00:00Z",
        "shifts.csv:3: column ends_at: ends_at must be after starts_at",
    ),
    "first response before opening": (
        "conversations.csv",
        "V2,C1,,chat,,2024-03-01T10:00:00Z,2024-03-01T17:59:59+08:00,,,,",
        "conversations.csv:2: column first_response_at: "
        "first_response_at must not be before opened_at",
    ),
    "resolved before opening": (
        "conversations.csv",
        "V2,C1,,chat,,2024-03-01T10:00:00Z,,2024-03-01T09:00:00Z,,,",
        "conversations.csv:2: column resolved_at: resolved_at must not be before opened_at",
    ),
    "bad boolean": (
        "customers.csv",
        "C9,,,,,,,,yes,",
        "customers.csv:2: column survey_opt_out: expected true or false, got 'yes'",
    ),
    "boolean in capitals": (
        "survey_responses.csv",
        "V1,5,,TRUE,,2024-03-02T00:00:00Z",
        "survey_responses.csv:2: column resolved: expected true or false, got 'TRUE'",
    ),
    "bad integer": (
        "conversations.csv",
        "V2,C1,,chat,,2024-03-01T10:00:00Z,,,3.5,,",
        "conversations.csv:2: column agent_replies: not an integer: '3.5'",
    ),
    "negative count": (
        "conversations.csv",
        "V2,C1,,chat,,2024-03-01T10:00:00Z,,,,-1,",
        "conversations.csv:2: column reopened_count: -1 is below 0",
    ),
    "negative handle time": (
        "conversations.csv",
        "V2,C1,,chat,,2024-03-01T10:00:00Z,,,,,-60",
        "conversations.csv:2: column handle_seconds: -60 is below 0",
    ),
    "unknown channel": (
        "conversations.csv",
        "V2,C1,,fax,,2024-03-01T10:00:00Z,,,,,",
        "conversations.csv:2: column channel: unknown channel 'fax' "
        "(expected chat, email, phone or social)",
    ),
    "duplicate external id": (
        "agents.csv",
        "A7,,,,,\nA8,,,,,\nA7,,,,,",
        "agents.csv:4: column external_id: duplicate external_id 'A7' (first on line 2)",
    ),
    "two responses for one conversation": (
        "survey_responses.csv",
        "V1,5,,,,2024-03-02T00:00:00Z\nV1,4,,,,2024-03-03T00:00:00Z",
        "survey_responses.csv:3: column conversation_external_id: "
        "duplicate conversation_external_id 'V1' (first on line 2)",
    ),
    "missing required value": (
        "conversations.csv",
        "V2,C1,,,,2024-03-01T10:00:00Z,,,,,",
        "conversations.csv:2: column channel: a value is required",
    ),
    "country of three letters": (
        "customers.csv",
        "C9,,,,,,TWN,,,",
        "customers.csv:2: column country: country must be 2 letters, got 'TWN'",
    ),
    "decimal comma splits the row": (
        "customer_activity.csv",
        "C1,2024-03-01T00:00:00Z,order,12,50",
        "customer_activity.csv:2: 5 fields, expected 4",
    ),
    "amount with a unit": (
        "customer_activity.csv",
        "C1,2024-03-01T00:00:00Z,order,12.50 TWD",
        "customer_activity.csv:2: column amount: not a number: '12.50 TWD'",
    ),
    "external id too long": (
        "customers.csv",
        "C" * 65 + ",,,,,,,,,",
        "customers.csv:2: column external_id: 65 characters is longer than the limit of 64",
    ),
    "unterminated quote": (
        "agents.csv",
        'A7,"Amy,,,,\n',
        "agents.csv:2: malformed CSV: unexpected end of data",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_names_file_line_and_column_and_writes_nothing(
    engine: Engine, valid: Path, tmp_path: Path, case: tuple[str, str, str]
) -> None:
    file, rows, message = case
    import_directory(engine, valid)
    before = snapshot(engine)
    # Earlier files carry valid changes and new rows, which must not be written either.
    customers = VALID_FILES["customers.csv"]
    files = {"customers.csv": customers.replace("vip", "gold") + "C4,Dora,,,,,,,,\n"}
    files[file] = f"{HEADERS[file]}\n{rows}\n"
    directory = csv_dir(tmp_path, files, base=valid)

    with pytest.raises(CsvError) as raised:
        import_directory(engine, directory)

    assert str(raised.value) == message
    assert snapshot(engine) == before


BAD_FILES: dict[str, tuple[str, str | bytes, str]] = {
    "missing header column": (
        "agents.csv",
        "external_id,name,email,team,time_zone\nA7,,,,\n",
        "agents.csv:1: column site: missing from the header "
        "(expected external_id,name,email,team,site,time_zone)",
    ),
    "extra header column": (
        "shifts.csv",
        "agent_external_id,starts_at,ends_at,note\n",
        "shifts.csv:1: column note: unknown column 'note' in shifts.csv "
        "(expected agent_external_id,starts_at,ends_at)",
    ),
    "empty file": (
        "shifts.csv",
        "",
        "shifts.csv:1: no header row (expected agent_external_id,starts_at,ends_at)",
    ),
    "not UTF-8": (
        "agents.csv",
        "external_id,name,email,team,site,time_zone\nA7,Zoe,,,,\nA8,Jos\xe9,,,,\n".encode(
            "latin-1"
        ),
        "agents.csv:3: not UTF-8 text (byte 0xe9 at byte 7)",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_and_writes_nothing(
    engine: Engine, valid: Path, tmp_path: Path, case: tuple[str, str | bytes, str]
) -> None:
    file, content, message = case
    directory = csv_dir(tmp_path, {file: content}, base=valid)

    with pytest.raises(CsvError) as raised:
        import_directory(engine, directory)

    assert str(raised.value) == message
    assert all(rows == [] for rows in snapshot(engine).values())


def test_line_numbers_count_the_lines_inside_quoted_fields(
    engine: Engine, valid: Path, tmp_path: Path
) -> None:
    rows = (
        'V1,5,10,true,"line one\nline two, with a comma\n""quoted"" line three",'
        "2024-03-02T00:00:00Z\n"
        "V3,7,,,,2024-03-02T00:00:00Z"
    )
    files = {"survey_responses.csv": f"{HEADERS['survey_responses.csv']}\n{rows}\n"}
    directory = csv_dir(tmp_path, files, base=valid)

    with pytest.raises(CsvError) as raised:
        import_directory(engine, directory)

    assert str(raised.value) == "survey_responses.csv:5: column csat: 7 is outside 1–5"
    assert (raised.value.file, raised.value.line, raised.value.column) == (
        "survey_responses.csv",
        5,
        "csat",
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "V8,C999,,chat,,2024-03-01T10:00:00Z,,,,,\nV9,C1,,fax,,2024-03-01T10:00:00Z,,,,,",
            "conversations.csv:2: column customer_external_id: unknown customer 'C999'",
        ),
        (
            "V8,C1,,fax,,2024-03-01T10:00:00Z,,,,,\nV9,C999,,chat,,2024-03-01T10:00:00Z,,,,,",
            "conversations.csv:2: column channel: unknown channel 'fax' "
            "(expected chat, email, phone or social)",
        ),
    ],
    ids=["reference first", "type error first"],
)
def test_the_first_bad_row_in_the_file_is_the_one_reported(
    engine: Engine, valid: Path, tmp_path: Path, rows: str, message: str
) -> None:
    directory = csv_dir(
        tmp_path, {"conversations.csv": f"{HEADERS['conversations.csv']}\n{rows}\n"}
    )
    import_directory(engine, valid)

    with pytest.raises(CsvError) as raised:
        import_directory(engine, directory)

    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing", "no such directory"),
        (lambda root: csv_dir(root, {"notes.txt": "hello"}), "none of the import files is there"),
    ],
    ids=["missing", "without import files"],
)
def test_a_directory_without_import_files_is_bad_input(
    engine: Engine, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    directory = make(tmp_path)

    with pytest.raises(BadInput) as raised:
        import_directory(engine, directory)

    assert str(raised.value).startswith(f"{directory}: {message}")


def test_bom_crlf_and_column_order_are_accepted(engine: Engine, tmp_path: Path) -> None:
    content = "\ufeffname,external_id,team,site,time_zone,email\r\n林志強,A7,,,,\r\n"
    directory = csv_dir(tmp_path, {"agents.csv": content, "notes.csv": "x\n"})

    summary = import_directory(engine, directory)

    assert all_rows(engine, sa.select(a.c.external_id, a.c.name)) == [("A7", "林志強")]
    assert summary.ignored == ("notes.csv",)
    assert "ignored (not an import file): notes.csv" in str(summary)


def test_progress_reaches_the_total_of_every_file(engine: Engine, valid: Path) -> None:
    reports: dict[str, list[tuple[int, int]]] = {}

    def progress(label: str, done: int, total: int) -> None:
        reports.setdefault(label, []).append((done, total))

    import_directory(engine, valid, progress=progress)

    # survey_responses.csv has 3 lines after the header: one comment spans two of them.
    assert reports["survey_responses.csv"][-1] == (3, 3)
    assert reports["conversations.csv"][-1] == (3, 3)
    assert reports["saving conversations"][-1] == (3, 3)
    assert len(reports) == 12


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def cli_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Engine]]:
    """Dispose the engines the CLI makes (it leaves that to process exit)."""
    engines: list[Engine] = []

    def make_and_track(url: str) -> Engine:
        engines.append(make_engine(url))
        return engines[-1]

    monkeypatch.setattr(cli, "make_engine", make_and_track)
    yield engines
    for made in engines:
        made.dispose()


def test_cli_import_exits_2_with_one_line_error_and_0_on_success(
    engine: Engine,
    valid: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_engines: list[Engine],
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    bad = csv_dir(
        tmp_path / "bad", {"customers.csv": f"{HEADERS['customers.csv']}\nC1,,,,,,,,no,\n"}
    )

    assert main(["import", str(bad), "--db", url]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == [
        "vigil import: error: customers.csv:2: column survey_opt_out: "
        "expected true or false, got 'no'"
    ]
    assert all(rows == [] for rows in snapshot(engine).values())

    assert main(["import", str(valid), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "customers.csv          3 rows: 3 inserted, 0 updated, 0 unchanged" in out
    assert len(snapshot(engine)["conversations"]) == 3
    assert len(cli_engines) == 2


def test_summary_lookup_of_a_file_that_was_not_imported_fails() -> None:
    summary = ImportSummary(Path("x"), (FileCounts("agents.csv", 0, 0),))

    with pytest.raises(KeyError):
        summary["customers.csv"]


def test_each_upsert_targets_the_unique_column_its_key_fills() -> None:
    conflicts = {spec.file: spec.conflict for spec in SPECS}
    assert conflicts == {
        "customers.csv": ("external_id",),
        "agents.csv": ("external_id",),
        "shifts.csv": None,
        "conversations.csv": ("external_id",),
        "survey_responses.csv": ("conversation_id",),
        "customer_activity.csv": None,
        "labels.csv": ("key", "locale"),
    }
    for spec in SPECS:
        if spec.conflict is not None and len(spec.conflict) == 1:
            assert spec.table.c[spec.conflict[0]].unique, spec.file
    uniques = {tuple(c.name for c in u.columns) for u in schema.display_names.constraints
               if isinstance(u, sa.UniqueConstraint)}  # fmt: skip
    assert ("key", "locale") in uniques
