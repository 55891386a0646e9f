"""The README's least-privilege role (README, "A least-privilege role for the dashboard"),
created on PostgreSQL from the README's own SQL, does every write the dashboard does: the public
page records and replaces an answer and unsubscribes, and a sign-in opens a session, audits it,
upgrades a password hash and signs out. Reads the jobs' or importer's tables need are not its."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine, make_url

from queries.access import accounts, audit, sessions
from queries.plumbing.db import make_engine, writing
from queries.plumbing.errors import DataUnavailable
from queries.plumbing.schema import (
    app_users,
    customers,
    metadata,
    survey_invitations,
    survey_responses,
)
from queries.surveys import answers
from tests.builders import World
from tests.queries.views.test_surveys import NOW, build_outbox

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "### A least-privilege role for the dashboard"


def readme_sql() -> str:
    """The first ```sql block after the section's heading."""
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(SECTION) + r".*?```sql\n(.*?)```", text, re.DOTALL)
    assert found, f"README has no SQL under {SECTION!r}"
    return found.group(1)


@pytest.fixture
def owner(pg_database: str) -> Iterator[Engine]:
    """The schema's owner on the session's migrated PostgreSQL database, emptied."""
    engine = make_engine(pg_database)
    tables = ", ".join(f'"{t.name}"' for t in reversed(metadata.sorted_tables))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    yield engine
    engine.dispose()


@pytest.fixture
def dashboard_role(owner: Engine) -> Iterator[Engine]:
    """An engine that signs in as the README's role (renamed per test: roles are global)."""
    role = f"vigil_dashboard_{uuid.uuid4().hex[:8]}"
    database = owner.url.database
    sql = (
        readme_sql()
        .replace("vigil_dashboard", role)
        .replace("DATABASE support", f'DATABASE "{database}"')
    )
    with owner.begin() as conn:
        for statement in (s.strip() for s in re.sub(r"--[^\n]*", "", sql).split(";")):
            if statement:
                conn.exec_driver_sql(statement)
    url = make_url(owner.url.render_as_string(hide_password=False)).set(
        username=role, password=None
    )
    engine = make_engine(url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with owner.begin() as conn:
        conn.exec_driver_sql(f'DROP OWNED BY "{role}"')
        conn.exec_driver_sql(f'DROP ROLE "{role}"')


def test_the_public_page_writes_with_the_readme_role(owner: Engine, dashboard_role: Engine) -> None:
    outbox = build_outbox(owner)
    first = answers.record_answer(
        dashboard_role, outbox["pending"], csat=2, nps=None, resolved=None, comment="x", now=NOW
    )
    again = answers.record_answer(
        dashboard_role, outbox["pending"], csat=5, nps=9, resolved=True, comment="ok", now=NOW
    )
    assert first == again
    loaded = answers.invitation(dashboard_role, outbox["pending"])
    assert loaded is not None
    assert answers.unsubscribe(dashboard_role, loaded.customer_id)
    with owner.connect() as conn:
        assert (
            conn.execute(
                sa.select(survey_responses.c.csat).where(survey_responses.c.id == first)
            ).scalar_one()
            == 5
        )
        assert conn.execute(
            sa.select(customers.c.survey_opt_out).where(customers.c.id == loaded.customer_id)
        ).scalar_one()
        statuses = (
            conn.execute(
                sa.select(survey_invitations.c.status).where(
                    survey_invitations.c.customer_id == loaded.customer_id
                )
            )
            .scalars()
            .all()
        )
    assert "pending" not in statuses


def test_a_sign_in_writes_with_the_readme_role(owner: Engine, dashboard_role: Engine) -> None:
    account = accounts.add(owner, "ann@example.com", "supervisor", NOW, "a long passphrase here")
    weaker = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash("a long passphrase here")
    with owner.begin() as conn:  # an old hash: the sign-in upgrades it
        conn.execute(app_users.update().values(password_hash=weaker))
    found = accounts.check_password(dashboard_role, "ann@example.com", "a long passphrase here")
    assert found is not None and found.id == account.id
    token = sessions.open_session(dashboard_role, found, NOW, timedelta(hours=1), "192.0.2.1")
    audit.record(dashboard_role, audit.SIGN_IN, found.name, NOW, "192.0.2.1", {"mode": "local"})
    assert sessions.check(dashboard_role, token, NOW).viewer is not None
    assert sessions.revoke(dashboard_role, token, NOW) == "ann@example.com"
    assert sessions.check(dashboard_role, token, NOW).problem == "revoked"
    with owner.connect() as conn:
        assert conn.execute(sa.select(app_users.c.password_hash)).scalar_one() != weaker


def test_the_readme_role_cannot_rewrite_the_data(owner: Engine, dashboard_role: Engine) -> None:
    World(owner).customer()
    with pytest.raises(DataUnavailable), writing(dashboard_role) as conn:
        conn.execute(customers.update().values(name="changed"))
