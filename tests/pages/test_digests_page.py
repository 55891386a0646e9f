"""The Digests page (admins) through AppTest: add a subscription with the form, see it in the
table, remove it; in both languages, on an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translations
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from queries.reports import subscriptions

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'digests.db'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    return url


def open_digests(language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    return app.switch_page("../pages/digests.py").run()


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_the_page_renders_empty(url: str, language: str) -> None:
    app = open_digests(language)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == translations(language).gettext("Digests")
    assert any(
        translations(language).gettext("No digest yet: add one below.") in i.value for i in app.info
    )


def test_add_then_remove_a_digest(url: str) -> None:
    language = "zh-TW"
    app = open_digests(language)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == translations(language).gettext("Digests")
    app.text_input[0].input("boss@example.test, cfo@example.test")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception, [e.value for e in app.exception]
    engine = make_engine(url)
    [added] = subscriptions.all_subscriptions(engine)
    assert added.recipients == ("boss@example.test", "cfo@example.test")
    assert (added.schedule, added.weekday, added.hour, added.zone) == (
        "weekly", 0, 8, "Asia/Taipei",
    )  # fmt: skip
    app = open_digests(language)
    assert app.dataframe, "the subscription is listed"
    label = translations(language).gettext("Remove subscription")
    [remove] = [b for b in app.button if b.label == label]
    remove.click().run()
    assert subscriptions.all_subscriptions(engine) == []
    engine.dispose()
