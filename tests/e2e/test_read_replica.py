"""Pages read from VIGIL_READ_DATABASE_URL, writes stay on the primary (docs/deploying.md,
"Reads from a replica"): a real `vigil serve` on one PostgreSQL server, its pages under a
second role that may only read.

- the Overview renders its numbers in Chromium through the reader's connections;
- the reader cannot write, yet a survey answer posted to the public page is saved (primary).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import survey_responses
from queries.surveys.links import SurveyLink, sign
from tests.builders import World, utc
from tests.conftest import PG_URL, skip_or_fail
from tests.e2e.conftest import SCRIPT_DONE, running_server
from tests.e2e.test_survey_door import admin, fetch
from tests.worlds import DEMO_NOW

KEY = "read-replica-test-key-of-at-least-32-characters"


@dataclass
class Split:
    base: str
    primary: str
    reader: str  # the role's name
    invitation: int


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Split]:
    suffix = uuid.uuid4().hex[:10]
    name, reader = f"vigil_split_{suffix}", f"vigil_reader_{suffix}"
    try:
        with admin() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        skip_or_fail(f"PostgreSQL is not reachable at {PG_URL}: {exc.orig}")
    primary = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(primary)
    upgrade(engine)
    world = World(engine)
    invitation = 0
    for day in range(1, 8):
        customer = world.customer(locale="en")
        opened = utc(f"2026-11-{day:02d} 02:00")
        chat = world.conversation(
            customer_id=customer, opened_at=opened, resolved_at=utc(f"2026-11-{day:02d} 03:00")
        )
        invitation = world.invitation(conversation_id=chat)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{reader}" LOGIN')
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{name}" TO "{reader}"')
        conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{reader}"')
        conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{reader}"')
    engine.dispose()
    reading = make_url(primary).set(username=reader, query={"application_name": "vigil-pages"})
    env = {
        "VIGIL_DEMO": "true",
        "VIGIL_SECRET_KEY": KEY,
        "VIGIL_NOW": DEMO_NOW.isoformat(),
        "VIGIL_READ_DATABASE_URL": reading.render_as_string(hide_password=False),
    }
    elsewhere = tmp_path_factory.mktemp("split")
    try:
        with running_server(primary, elsewhere / "server.log", env=env, cwd=elsewhere) as base:
            yield Split(base, primary, reader, invitation)
    finally:
        with admin() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{reader}"')


def reader_connections(split: Split) -> list[Any]:
    with admin() as conn:
        return list(
            conn.execute(
                sa.text("SELECT application_name FROM pg_stat_activity WHERE usename = :role"),
                {"role": split.reader},
            )
        )


@pytest.mark.e2e
def test_the_overview_reads_through_the_reader(split: Split, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{split.base}/?lang=en&period=2026-11-01..2026-11-07")
        page.locator(SCRIPT_DONE).wait_for(timeout=120_000)
        page.get_by_text("Overview", exact=True).first.wait_for()
        tile = page.locator('[data-testid="stMetric"]', has_text="Conversations").first
        tile.wait_for(timeout=120_000)
        assert tile.locator('[data-testid="stMetricValue"]').inner_text() == "7"
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
    assert [row.application_name for row in reader_connections(split)][:1] == ["vigil-pages"]


def test_the_reader_cannot_write_but_answers_reach_the_primary(split: Split) -> None:
    reading = make_url(split.primary).set(username=split.reader)
    engine = sa.create_engine(reading)
    try:
        denied = pytest.raises(sa.exc.ProgrammingError, match="permission denied")
        with denied, engine.begin() as conn:
            conn.execute(sa.delete(survey_responses))
    finally:
        engine.dispose()
    token = sign(KEY, SurveyLink(split.invitation, "en", "answer"), DEMO_NOW)
    status, _headers, _html = fetch(
        f"{split.base}/respond?t={token}", {"action": "answer", "csat": "5"}
    )
    assert status == 200
    engine = make_engine(split.primary)
    try:
        with engine.connect() as conn:
            saved = conn.execute(sa.select(survey_responses.c.csat)).scalars().all()
    finally:
        engine.dispose()
    assert saved == [5]
