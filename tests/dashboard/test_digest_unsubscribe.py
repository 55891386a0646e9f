"""A digest's RFC 8058 one-click unsubscribe (docs/digests.md): `POST /respond?d=TOKEN`
(`public.leave_digest` behind the public door) removes that one recipient from that
subscription; a forged token changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dashboard.web import public, resources
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.reports import subscriptions
from queries.surveys.links import DigestLink, sign_digest

SECRET = "test-secret-for-digest-links-at-least-32-chars"
NOW = datetime(2026, 11, 23, tzinfo=UTC)


def test_one_click_removes_only_that_recipient(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sub = subscriptions.add(
        engine, ["a@example.test", "b@example.test"], language="en", zone="Asia/Taipei",
        schedule="weekly", weekday=0, hour=8, content="executive", filters={},
        skip_when_empty=True, now=NOW,
    )  # fmt: skip
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    monkeypatch.setenv("VIGIL_SECRET_KEY", SECRET)
    resources.dispose()
    try:
        token = sign_digest([SECRET], DigestLink(sub, "a@example.test"), NOW)
        assert public.leave_digest(token[:-2] + "xx").status_code == 400
        assert subscriptions.one(engine, sub).recipients == ("a@example.test", "b@example.test")
        assert public.leave_digest(token).status_code == 200
        assert subscriptions.one(engine, sub).recipients == ("b@example.test",)
    finally:
        resources.dispose()
        engine.dispose()
