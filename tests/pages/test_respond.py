"""The public response page through the real entry: opening records nothing, submit does;
tampered and expired links write nothing; unsubscribe asks first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.plumbing.schema import customers, survey_responses
from queries.surveys.links import SurveyLink, sign
from tests.builders import World, utc
from tests.pages.test_pages_render import ENTRY
from tests.worlds import DEMO_NOW

SECRET = "respond-page-test-secret-of-at-least-32-characters"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, int]]:
    url = f"sqlite:///{tmp_path / 'respond.db'}"
    engine = make_engine(url)
    upgrade(engine)
    world = World(engine)
    customer = world.customer(locale="zh-TW")
    chat = world.conversation(
        customer_id=customer, opened_at=utc("2024-06-05 10:00"), resolved_at=utc("2024-06-05 11:00")
    )
    invitation = world.invitation(conversation_id=chat, locale="zh-TW")
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    monkeypatch.setenv("VIGIL_SECRET_KEY", SECRET)
    yield engine, invitation
    engine.dispose()


def token(
    invitation: int, purpose: str = "answer", locale: str = "en", signed_at: datetime = DEMO_NOW
) -> str:
    """A link signed at `signed_at` (default: the pinned now of the page tests)."""
    return sign(SECRET, SurveyLink(invitation, locale, purpose), signed_at)  # type: ignore[arg-type]


def open_link(**params: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def answers(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                survey_responses.c.id,
                survey_responses.c.csat,
                survey_responses.c.comment,
                survey_responses.c.source,
                survey_responses.c.invitation_id,
            )
        )
        return [tuple(r) for r in rows]


def test_opening_records_nothing_and_submit_records(db: tuple[Engine, int]) -> None:
    engine, invitation = db
    app = open_link(t=token(invitation), csat="4")
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Your feedback"
    assert not app.sidebar.selectbox and not app.sidebar.multiselect  # no filters, no picker
    assert app.radio[0].value == 4  # pre-selected from the link
    assert answers(engine) == []  # a mail scanner opening the link writes nothing
    app.text_area[0].input("Quick and kind")
    app.button[0].click().run()
    assert not app.exception
    assert app.success, "no confirmation after submit"
    (first,) = answers(engine)
    assert first[1:] == (4, "Quick and kind", "link", invitation)

    changed = open_link(t=token(invitation))
    assert changed.radio[0].value == 4 and changed.info  # shows the earlier answer
    changed.radio[0].set_value(2)
    changed.button[0].click().run()
    (second,) = answers(engine)
    assert second[0] == first[0] and second[1] == 2  # the same row, updated


def test_language_comes_from_the_link(db: tuple[Engine, int]) -> None:
    _engine, invitation = db
    app = open_link(t=token(invitation, locale="zh-TW"), nps="9")
    assert app.title[0].value == "您的意見回饋"
    assert app.radio[1].value == 9
    assert app.caption[0].value == "關於您在 2024年6月5日 與我們的線上對話。"


def test_the_channel_reads_as_a_sentence_names_it(db: tuple[Engine, int]) -> None:
    _engine, invitation = db
    app = open_link(t=token(invitation))
    assert app.caption[0].value == "About your chat with us on Jun 5, 2024."


@pytest.mark.parametrize("kind", ["tampered", "forged", "expired", "garbage"])
def test_bad_links_write_nothing(db: tuple[Engine, int], kind: str) -> None:
    engine, invitation = db
    good = token(invitation)
    bad = {
        "tampered": good.replace(good.split(".")[0], token(invitation + 1).split(".")[0]),
        "forged": sign("another-key", SurveyLink(invitation, "en", "answer"), DEMO_NOW),
        "expired": token(invitation, signed_at=DEMO_NOW - timedelta(days=29)),
        "garbage": "not-a-token",
    }[kind]
    app = open_link(t=bad, csat="5", lang="en")  # no trusted locale: the ?lang or default
    assert not app.exception
    messages = [m.value for m in [*app.error, *app.warning]]
    assert messages, "no message for a bad link"
    assert ("expired" in messages[0]) == (kind == "expired")
    assert not app.button and not app.radio  # nothing to submit
    assert answers(engine) == []


def test_unsubscribe_asks_then_opts_out(db: tuple[Engine, int]) -> None:
    engine, invitation = db
    link = token(invitation, purpose="unsubscribe")
    app = open_link(t=link)
    with engine.connect() as conn:
        assert conn.execute(sa.select(customers.c.survey_opt_out)).scalar_one() is False
    app.button[0].click().run()
    assert app.success
    with engine.connect() as conn:
        assert conn.execute(sa.select(customers.c.survey_opt_out)).scalar_one() is True
    again = open_link(t=link)
    assert again.info and not again.button  # already unsubscribed: nothing more to do
