"""A Chatwoot database in PostgreSQL for the connector tests and the bench: Chatwoot's own
tables (chatwoot_tables.sql) and a small hand-made account (docs/connectors.md, "Chatwoot")."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

TABLES = Path(__file__).with_name("chatwoot_tables.sql")

# Account 1: a LINE inbox (1) and an e-mail inbox (2); account 2 (inbox 3) must be ignored.
# Conversation 1 (LINE): a bot reply, a private note, one agent reply, a CSAT prompt, resolved
#   once, rated 5. Conversation 2 (e-mail): resolved, reopened, resolved again; two agent
#   replies; two CSAT responses (2, then 4: the latest counts). Conversation 3 (LINE): resolved
#   once, then reopened and open now; one agent reply.
FIXTURE = """
INSERT INTO inboxes (id, channel_id, account_id, name, created_at, updated_at, channel_type,
                     csat_survey_enabled)
VALUES (1, 1, 1, 'LINE 官方帳號', '2026-01-01', '2026-01-01', 'Channel::Line', true),
       (2, 1, 1, 'Support mail', '2026-01-01', '2026-01-01', 'Channel::Email', true),
       (3, 2, 2, 'Other account', '2026-01-01', '2026-01-01', 'Channel::WebWidget', false);
INSERT INTO users (id, name, display_name, email, created_at, updated_at)
VALUES (10, 'Mei Lin', 'Mei', 'mei@example.tw', '2026-01-01', '2026-01-01'),
       (11, 'Kai Chen', NULL, 'kai@example.tw', '2026-01-01', '2026-01-01'),
       (12, 'Other', NULL, 'other@example.com', '2026-01-01', '2026-01-01');
INSERT INTO account_users (account_id, user_id, created_at, updated_at)
VALUES (1, 10, '2026-01-01', '2026-01-01'), (1, 11, '2026-01-01', '2026-01-01'),
       (2, 12, '2026-01-01', '2026-01-01');
INSERT INTO teams (id, name, account_id, created_at, updated_at)
VALUES (1, 'Tier 1', 1, '2026-01-01', '2026-01-01');
INSERT INTO team_members (team_id, user_id, created_at, updated_at)
VALUES (1, 10, '2026-01-01', '2026-01-01');
INSERT INTO contacts (id, name, last_name, email, phone_number, account_id, country_code,
                      created_at, updated_at)
VALUES (100, '林', '小姐', 'lin@example.tw', NULL, 1, 'tw', '2026-09-01', '2026-09-01'),
       (101, 'Chen', '', 'chen@example.com', NULL, 1, '', '2026-09-01', '2026-09-01'),
       (102, '', '', NULL, '+886900000000', 1, '', '2026-09-01', '2026-09-01'),
       (103, 'Elsewhere', '', NULL, NULL, 2, '', '2026-09-01', '2026-09-01');
INSERT INTO conversations (id, account_id, inbox_id, status, assignee_id, contact_id,
                           display_id, created_at, updated_at, last_activity_at,
                           first_reply_created_at, cached_label_list)
VALUES (1, 1, 1, 1, 10, 100, 1, '2026-10-05 01:00', '2026-10-05 02:00', '2026-10-05 02:00',
        '2026-10-05 01:10', 'billing,refund'),
       (2, 1, 2, 1, 11, 101, 2, '2026-10-06 02:00', '2026-10-07 05:00', '2026-10-07 05:00',
        '2026-10-06 02:30', 'shipping'),
       (3, 1, 1, 0, 10, 102, 3, '2026-10-08 03:00', '2026-10-08 05:00', '2026-10-08 05:00',
        '2026-10-08 03:20', NULL),
       (4, 2, 3, 1, 12, 103, 1, '2026-10-08 03:00', '2026-10-08 05:00', '2026-10-08 05:00',
        NULL, NULL);
INSERT INTO messages (id, content, account_id, inbox_id, conversation_id, message_type,
                      private, content_type, sender_type, sender_id, created_at, updated_at)
VALUES (1, '你好', 1, 1, 1, 0, false, 0, 'Contact', 100, '2026-10-05 01:00', '2026-10-05 01:00'),
       (2, 'Bot hi', 1, 1, 1, 1, false, 0, 'AgentBot', 1, '2026-10-05 01:01', '2026-10-05 01:01'),
       (3, '已處理', 1, 1, 1, 1, false, 0, 'User', 10, '2026-10-05 01:10', '2026-10-05 01:10'),
       (4, 'note', 1, 1, 1, 1, true, 0, 'User', 10, '2026-10-05 01:20', '2026-10-05 01:20'),
       (5, 'Rate us', 1, 1, 1, 3, false, 9, NULL, NULL, '2026-10-05 02:00', '2026-10-05 02:00'),
       (6, 'Where?', 1, 2, 2, 0, false, 0, 'Contact', 101, '2026-10-06 02:00', '2026-10-06 02:00'),
       (7, 'Shipped', 1, 2, 2, 1, false, 0, 'User', 11, '2026-10-06 02:30', '2026-10-06 02:30'),
       (8, 'Rate us', 1, 2, 2, 3, false, 9, NULL, NULL, '2026-10-06 03:00', '2026-10-06 03:00'),
       (9, 'Not yet', 1, 2, 2, 0, false, 0, 'Contact', 101, '2026-10-06 04:00', '2026-10-06 04:00'),
       (10, 'Now', 1, 2, 2, 1, false, 0, 'User', 11, '2026-10-07 04:00', '2026-10-07 04:00'),
       (11, 'Rate us', 1, 2, 2, 3, false, 9, NULL, NULL, '2026-10-07 05:00', '2026-10-07 05:00'),
       (12, 'Hi', 1, 1, 3, 0, false, 0, 'Contact', 102, '2026-10-08 03:00', '2026-10-08 03:00'),
       (13, 'Done', 1, 1, 3, 1, false, 0, 'User', 10, '2026-10-08 03:20', '2026-10-08 03:20'),
       (14, 'Again', 1, 1, 3, 0, false, 0, 'Contact', 102, '2026-10-08 05:00', '2026-10-08 05:00'),
       (15, 'x', 2, 3, 4, 1, false, 0, 'User', 12, '2026-10-08 03:10', '2026-10-08 03:10');
INSERT INTO reporting_events (name, value, account_id, inbox_id, user_id, conversation_id,
                              created_at, updated_at)
VALUES ('first_response', 600, 1, 1, 10, 1, '2026-10-05 01:10', '2026-10-05 01:10'),
       ('conversation_resolved', 3600, 1, 1, 10, 1, '2026-10-05 02:00', '2026-10-05 02:00'),
       ('conversation_resolved', 3600, 1, 2, 11, 2, '2026-10-06 03:00', '2026-10-06 03:00'),
       ('conversation_resolved', 97200, 1, 2, 11, 2, '2026-10-07 05:00', '2026-10-07 05:00'),
       ('conversation_resolved', 3600, 1, 1, 10, 3, '2026-10-08 04:00', '2026-10-08 04:00'),
       ('conversation_resolved', 7200, 2, 3, 12, 4, '2026-10-08 05:00', '2026-10-08 05:00');
INSERT INTO csat_survey_responses (account_id, conversation_id, message_id, rating,
                                   feedback_message, contact_id, assigned_agent_id,
                                   created_at, updated_at)
VALUES (1, 1, 5, 5, '很快', 100, 10, '2026-10-05 03:00', '2026-10-05 03:00'),
       (1, 2, 8, 2, 'slow', 101, 11, '2026-10-06 03:30', '2026-10-06 03:30'),
       (1, 2, 11, 4, '', 101, 11, '2026-10-07 05:30', '2026-10-07 05:30');
"""


@contextmanager
def chatwoot_database(pg_url: str, fixture: bool = True) -> Iterator[str]:
    """A throw-away database holding Chatwoot's tables (and the fixture); yields its URL."""
    admin = sa.create_engine(
        make_url(pg_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"chatwoot_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(pg_url).set(database=name, drivername="postgresql")
    engine = sa.create_engine(url.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(TABLES.read_text(encoding="utf-8"))
            if fixture:
                conn.exec_driver_sql(FIXTURE)
        engine.dispose()
        yield url.render_as_string(hide_password=False)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def execute(url: str, sql: str) -> None:
    engine = sa.create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()
