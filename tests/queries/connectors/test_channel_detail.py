"""channel_detail: optional in conversations.csv, kept by the import, and broken out on the
CSAT view so LINE and WhatsApp stay visible inside chat (docs/connectors.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.importer import import_directory
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations
from queries.views.csat import csat_view

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CUSTOMERS = (
    "external_id,name,email,phone,locale,time_zone,country,segment,survey_opt_out,created_at\n"
    "c1,Lin,,,,,,,,\n"
)
HEAD = (
    "external_id,customer_external_id,agent_external_id,channel,category,opened_at,"
    "first_response_at,resolved_at,agent_replies,reopened_count,handle_seconds"
)
ROWS = [
    ("v1", "chat", "line", "5"),
    ("v2", "chat", "line", "2"),
    ("v3", "chat", "whatsapp", "4"),
    ("v4", "email", "", "5"),
]


def write(directory: Path, with_detail: bool) -> None:
    directory.mkdir()
    (directory / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    head = HEAD + (",channel_detail" if with_detail else "")
    lines = [head]
    for external_id, channel, detail, _ in ROWS:
        line = f"{external_id},c1,,{channel},,2026-10-0{external_id[1]}T01:00:00Z,,,1,0,"
        lines.append(line + (f",{detail}" if with_detail else ""))
    (directory / "conversations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = ["conversation_external_id,csat,nps,resolved,comment,responded_at"]
    answers += [f"{r[0]},{r[3]},,,,2026-10-0{r[0][1]}T03:00:00Z" for r in ROWS]
    (directory / "survey_responses.csv").write_text("\n".join(answers) + "\n", encoding="utf-8")


def test_channel_detail_is_optional_kept_and_broken_out(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path / "old", with_detail=False)
    import_directory(engine, tmp_path / "old", now=NOW)  # a file without the column still loads
    write(tmp_path / "new", with_detail=True)
    summary = import_directory(engine, tmp_path / "new", now=NOW)
    assert summary["conversations.csv"].updated == 3  # v4 has no detail: unchanged
    with engine.connect() as conn:
        details = {
            e: d
            for e, d in conn.execute(
                sa.select(conversations.c.external_id, conversations.c.channel_detail)
            )
        }
    assert details == {"v1": "line", "v2": "line", "v3": "whatsapp", "v4": None}

    view = csat_view(engine, Filters(date(2026, 10, 1), date(2026, 10, 31), "UTC"))
    rows = view.by_channel_detail.select("channel", "channel_detail", "csat_n", "csat").rows()
    assert rows == [("chat", "line", 2, 50.0), ("chat", "whatsapp", 1, 100.0)]
    assert view.by_channel.select("channel", "csat_n").rows() == [("chat", 3), ("email", 1)]
