"""People and access through the real entry: accounts, open sessions, ending one (audited),
and the audit log, in both languages, on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translations
from queries.access import accounts, audit, sessions
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import audit_events
from tests.worlds import DEMO_NOW

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'people.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ann = accounts.add(engine, "ann@example.com", "supervisor", DEMO_NOW, None, ("Night Desk",))
    sessions.open_session(engine, ann, DEMO_NOW, timedelta(hours=12), "192.0.2.7")
    audit.record(engine, audit.SIGN_IN, "ann@example.com", DEMO_NOW, "192.0.2.7")
    engine.dispose()
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    return url


def open_people(language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    return app.switch_page("../pages/people.py").run()


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_people_and_access_lists_accounts_sessions_and_the_audit_log(
    url: str, language: str
) -> None:
    app = open_people(language)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == translations(language).gettext("People and access")
    tables = [frame.value for frame in app.dataframe]
    assert tables[0].iloc[0].tolist()[:3] == [
        "ann@example.com",
        translations(language).gettext("Supervisor"),
        "Night Desk",
    ]
    assert tables[1].iloc[0].tolist()[1] == "ann@example.com"
    assert tables[1].iloc[0].tolist()[2] == "2026-11-15 20:00"  # 12:00 UTC in Asia/Taipei
    assert "sign-in" in tables[2].iloc[:, 2].tolist()


def test_an_admin_ends_a_session_and_the_revoke_is_audited(url: str) -> None:
    app = open_people("en")
    app.button(key="people_revoke").click().run()
    assert not app.exception, [e.value for e in app.exception]
    engine = make_engine(url)
    assert sessions.open_sessions(engine, DEMO_NOW) == []
    query = sa.select(audit_events.c.actor, audit_events.c.action)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(audit_events.c.id)).all()
    engine.dispose()
    assert rows[-1] == ("demo", audit.REVOKE)
    assert any("No session is open." in info.value for info in app.info)
