"""Time a Chatwoot sync of 100k conversations (docs/connectors.md, "How long a sync takes").

Not a unit test: `.venv/bin/python -m tests.bench_sync [--conversations N]`.
Builds Chatwoot's tables (tests/queries/connectors/chatwoot_tables.sql) in a throw-away
PostgreSQL database at VIGIL_TEST_PG_URL, fills one account with generate_series, syncs it
into a fresh migrated Vigil database, then syncs again (nothing changed), and prints both times.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from queries.connectors.presets import preset_mapping
from queries.connectors.sql_source import source_engine
from queries.connectors.sync import sync
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from tests.queries.connectors.chatwoot_world import chatwoot_database, execute

PG_URL = os.environ.get("VIGIL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 1, tzinfo=UTC)

FILL = """
INSERT INTO inboxes (id, channel_id, account_id, name, created_at, updated_at, channel_type)
VALUES (1, 1, 1, 'LINE', '2026-01-01', '2026-01-01', 'Channel::Line'),
       (2, 1, 1, 'Mail', '2026-01-01', '2026-01-01', 'Channel::Email'),
       (3, 1, 1, 'Web', '2026-01-01', '2026-01-01', 'Channel::WebWidget');
INSERT INTO users (id, name, email, created_at, updated_at)
SELECT n, 'Agent ' || n, 'agent' || n || '@example.tw', '2026-01-01', '2026-01-01'
FROM generate_series(1, 50) n;
INSERT INTO account_users (account_id, user_id, created_at, updated_at)
SELECT 1, n, '2026-01-01', '2026-01-01' FROM generate_series(1, 50) n;
INSERT INTO teams (id, name, account_id, created_at, updated_at)
VALUES (1, 'Day', 1, '2026-01-01', '2026-01-01'), (2, 'Night', 1, '2026-01-01', '2026-01-01');
INSERT INTO team_members (team_id, user_id, created_at, updated_at)
SELECT 1 + mod(n, 2), n, '2026-01-01', '2026-01-01' FROM generate_series(1, 50) n;
INSERT INTO contacts (id, name, email, account_id, created_at, updated_at)
SELECT n, 'Customer ' || n, 'c' || n || '@example.tw', 1, '2026-01-01', '2026-01-01'
FROM generate_series(1, {contacts}) n;
INSERT INTO conversations (id, account_id, inbox_id, status, assignee_id, contact_id, display_id,
                           created_at, updated_at, last_activity_at, first_reply_created_at,
                           cached_label_list)
SELECT n, 1, 1 + mod(n, 3), CASE WHEN mod(n, 10) = 0 THEN 0 ELSE 1 END, 1 + mod(n, 50),
       1 + mod(n, {contacts}), n,
       timestamp '2026-05-01' + (n * interval '2 minutes'),
       timestamp '2026-05-01' + (n * interval '2 minutes') + interval '3 hours',
       timestamp '2026-05-01' + (n * interval '2 minutes') + interval '3 hours',
       timestamp '2026-05-01' + (n * interval '2 minutes') + interval '5 minutes',
       (ARRAY['billing', 'shipping', 'refund,vip'])[1 + mod(n, 3)]
FROM generate_series(1, {conversations}) n;
INSERT INTO messages (content, account_id, inbox_id, conversation_id, message_type, private,
                      content_type, sender_type, sender_id, created_at, updated_at)
SELECT 'm', 1, 1 + mod(c, 3), c, mod(k, 2), k = 3, CASE WHEN k = 4 THEN 9 ELSE 0 END,
       CASE WHEN mod(k, 2) = 1 THEN 'User' ELSE 'Contact' END, 1,
       timestamp '2026-05-01' + (c * interval '2 minutes') + k * interval '5 minutes',
       timestamp '2026-05-01' + (c * interval '2 minutes') + k * interval '5 minutes'
FROM generate_series(1, {conversations}) c, generate_series(0, 4) k;
INSERT INTO reporting_events (name, value, account_id, inbox_id, user_id, conversation_id,
                              created_at, updated_at)
SELECT 'conversation_resolved', 3600, 1, 1 + mod(c, 3), 1, c,
       timestamp '2026-05-01' + (c * interval '2 minutes') + interval '3 hours',
       timestamp '2026-05-01' + (c * interval '2 minutes') + interval '3 hours'
FROM generate_series(1, {conversations}) c WHERE mod(c, 10) <> 0;
INSERT INTO csat_survey_responses (account_id, conversation_id, message_id, rating, contact_id,
                                   created_at, updated_at)
SELECT 1, c, c, 1 + mod(c, 5), 1 + mod(c, {contacts}),
       timestamp '2026-05-01' + (c * interval '2 minutes') + interval '4 hours',
       timestamp '2026-05-01' + (c * interval '2 minutes') + interval '4 hours'
FROM generate_series(1, {conversations}) c WHERE mod(c, 3) = 0;
ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=100_000)
    args = parser.parse_args()
    contacts = max(args.conversations // 2, 1)
    admin = sa.create_engine(
        make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    target = f"vigil_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{target}"')
    vigil_url = make_url(PG_URL).set(database=target).render_as_string(hide_password=False)
    try:
        with chatwoot_database(PG_URL, fixture=False) as chatwoot:
            started = time.perf_counter()
            execute(chatwoot, FILL.format(conversations=args.conversations, contacts=contacts))
            print(f"built the Chatwoot account in {time.perf_counter() - started:.1f} s")
            engine = make_engine(vigil_url)
            upgrade(engine)
            mapping, params = preset_mapping("chatwoot"), {"account": 1}
            for label in ("first sync", "second sync (no change)"):
                started = time.perf_counter()
                report = sync(engine, source_engine(chatwoot), mapping, params=params, now=NOW)
                took = time.perf_counter() - started
                print(
                    f"{label}: {took:.1f} s, {report.read:,} rows read, {report.written:,} written"
                )
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
