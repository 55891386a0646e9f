"""The Chatwoot preset against Chatwoot's real tables in PostgreSQL (chatwoot_world.py):
`vigil sync --source chatwoot`, then `vigil metrics --json` against numbers worked out by hand;
a second sync writes nothing; a sync after edits updates exactly the edited rows."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from tests.conftest import PG_URL
from tests.queries.connectors.chatwoot_world import chatwoot_database, execute

Z = 1.96


@pytest.fixture
def chatwoot(pg_database: str) -> Iterator[str]:  # pg_database: PostgreSQL is there
    with chatwoot_database(PG_URL) as url:
        yield url


def vigil_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sync(capsys: pytest.CaptureFixture[str], engine: Engine, url: str) -> str:
    code, out, err = run(
        capsys, "sync", "--db", vigil_url(engine), "--source", "chatwoot",
        "--source-url", url, "--account", "1",
    )  # fmt: skip
    assert code == 0, err
    return out


def conversation(engine: Engine, external_id: str) -> sa.Row[tuple[object, ...]]:
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT * FROM conversations WHERE external_id = :e"), {"e": external_id}
        ).one()


def test_chatwoot_sync_matches_the_hand_computed_metrics(
    engine: Engine, chatwoot: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = sync(capsys, engine, chatwoot)
    assert re.search(r"customers +3 rows read: 3 inserted", report)
    assert re.search(r"agents +2 rows read: 2 inserted", report)  # account 2's user is not
    assert re.search(r"conversations +3 rows read: 3 inserted", report)
    assert re.search(r"survey_responses +2 rows read: 2 inserted", report)
    assert "stays empty for this source:" in report and "handle time" in report

    one, two, three = (conversation(engine, f"cw:{n}") for n in (1, 2, 3))
    # 1: bot reply, private note and CSAT prompt are not agent replies; resolved once
    assert (one.channel, one.channel_detail, one.category) == ("chat", "line", "billing")
    assert (one.agent_replies, one.reopened_count) == (1, 0)
    # 2: resolved, reopened, resolved again: the last resolution, one reopen
    assert (two.channel, two.channel_detail, two.agent_replies, two.reopened_count) == (
        "email", "email", 2, 1,
    )  # fmt: skip
    assert str(two.resolved_at).replace("T", " ")[:16] == "2026-10-07 05:00"
    # 3: open after a reopen: no resolution time, one reopen
    assert (three.resolved_at, three.reopened_count, three.agent_replies) == (None, 1, 1)
    assert three.handle_seconds is None and three.sync_source == "chatwoot"
    with engine.connect() as conn:
        scores = dict(
            conn.execute(
                sa.text(
                    "SELECT c.external_id, r.csat FROM survey_responses r"
                    " JOIN conversations c ON c.id = r.conversation_id"
                )
            ).all()
        )
        team = conn.execute(sa.text("SELECT team FROM agents WHERE external_id = 'cw:10'"))
        assert team.scalar_one() == "Tier 1"
        surveys = conn.execute(sa.text("SELECT vigil_surveys FROM sync_sources")).scalar_one()
    assert scores == {"cw:1": 5, "cw:2": 4}  # the latest of conversation 2's two responses
    assert not surveys  # Chatwoot sends its own CSAT survey

    code, out, err = run(
        capsys, "metrics", "--db", vigil_url(engine), "--start", "2026-10-01",
        "--end", "2026-10-31", "--tz", "UTC", "--as-of", "2027-03-01T00:00:00Z", "--json",
    )  # fmt: skip
    assert code == 0, err
    metrics = json.loads(out)
    low = 2 / (2 + Z**2)  # Wilson interval of 2 successes in 2: [n / (n + z²), 1]
    assert metrics["conversations"] == 3 and metrics["responses"] == 2
    assert metrics["csat"] == 100.0
    assert metrics["csat_ci"][0] == pytest.approx(100 * low) and metrics["csat_ci"][1] == 100.0
    assert metrics["nps"] is None and metrics["fcr_survey"] is None
    assert metrics["fcr"] == 50.0  # resolved: 1 (no reopen) and 2 (a reopen)
    assert metrics["fcr_one_touch"] == 50.0  # 1 reply in 1, 2 replies in 2
    assert metrics["first_response_median_s"] == 1200.0  # 600, 1800, 1200
    assert metrics["retention_90d"] == 0.0  # three eligible customers, no activity
    assert metrics["response_rate"] is None  # Vigil sent no invitation
    assert not math.isnan(metrics["csat"])


def test_a_second_sync_writes_nothing_and_edits_update_exactly_those_rows(
    engine: Engine, chatwoot: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(capsys, engine, chatwoot)
    again = sync(capsys, engine, chatwoot)
    assert "nothing changed" in again and " 0 inserted, 0 updated" in again
    before = {n: conversation(engine, f"cw:{n}") for n in (1, 2, 3)}
    execute(
        chatwoot,
        """
        -- a new agent reply on 3, a new rating on 3, and conversation 2 reopened
        INSERT INTO messages (id, content, account_id, inbox_id, conversation_id, message_type,
                              sender_type, sender_id, created_at, updated_at)
        VALUES (16, 'Fixed now', 1, 1, 3, 1, 'User', 10, '2026-10-09 01:00', '2026-10-09 01:00');
        INSERT INTO csat_survey_responses (account_id, conversation_id, message_id, rating,
                                           contact_id, created_at, updated_at)
        VALUES (1, 3, 13, 1, 102, '2026-10-09 02:00', '2026-10-09 02:00');
        UPDATE conversations SET status = 0, updated_at = '2026-10-09 03:00' WHERE id = 2;
        """,
    )
    edited = sync(capsys, engine, chatwoot)
    assert re.search(r"conversations +2 rows read: 0 inserted, 2 updated, 0 unchanged", edited)
    assert re.search(r"survey_responses +2 rows read: 1 inserted, 0 updated, 1 unchanged", edited)
    assert re.search(r"customers +3 rows read: 0 inserted, 0 updated, 3 unchanged", edited)
    after = {n: conversation(engine, f"cw:{n}") for n in (1, 2, 3)}
    assert after[1] == before[1]
    assert (after[2].resolved_at, after[2].reopened_count) == (None, 2)
    assert after[3].agent_replies == 2


def test_a_bad_chatwoot_row_names_the_conversation_and_writes_nothing(
    engine: Engine, chatwoot: str, capsys: pytest.CaptureFixture[str]
) -> None:
    execute(chatwoot, "UPDATE inboxes SET channel_type = 'Channel::Pigeon' WHERE id = 2")
    code, _, err = run(
        capsys, "sync", "--db", vigil_url(engine), "--source", "chatwoot",
        "--source-url", chatwoot, "--account", "1",
    )  # fmt: skip
    assert code == 2
    assert "chatwoot.toml [conversations]: source row id='2': column channel" in err
    assert "'Channel::Pigeon'" in err
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM customers")).scalar_one() == 0
