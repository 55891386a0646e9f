"""The 3A scorecard and the Agents page through the entry (AppTest): the hand-checked world of
tests/queries/views/test_scorecard.py shows its numbers, a period without reviews shows
Authenticity "not measured" in both languages, and the agent table greys small samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import translations
from queries.plumbing.db import make_engine
from queries.plumbing.migrate import upgrade
from tests.pages.test_pages_render import open_page
from tests.queries.views.test_scorecard import build


def hand_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, reviews: bool) -> None:
    url = f"sqlite:///{tmp_path / 'hand.db'}"
    engine = make_engine(url)
    upgrade(engine)
    build(engine, reviews=reviews)
    engine.dispose()
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_without_reviews_authenticity_is_not_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    hand_world(tmp_path, monkeypatch, reviews=False)
    app = open_page("../pages/scorecard.py", language)

    assert not app.exception, [e.value for e in app.exception]
    gettext = translations(language).gettext
    # six conversations: the measured pillars are greyed as a small sample
    assert [m.label for m in app.metric] == [
        f":gray[{gettext('Availability')}]",
        f":gray[{gettext('Accuracy')}]",
        gettext("Authenticity"),
    ]
    assert app.metric[2].value == gettext("Not measured")
    assert app.metric[0].value == "81.1"
    assert gettext("Review coverage") in [h.value for h in app.subheader]
    note = gettext(
        "No conversation of this period was reviewed, so Authenticity is not measured. "
        "Import reviews as qa_reviews.csv (docs/importing.md)."
    )
    assert note in [c.value for c in app.caption]


def test_the_pages_tiles_are_the_hand_checked_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hand_world(tmp_path, monkeypatch, reviews=True)
    app = open_page("../pages/scorecard.py", "en")

    assert not app.exception, [e.value for e in app.exception]
    assert [m.value for m in app.metric] == ["81.1", "64.8", "61.7"]
    reviewed = app.dataframe[-1].value
    assert list(reviewed["Review score"]) == [0.0, 82.4, 92.6]  # worst first, R2 failed


def test_the_agent_table_greys_small_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hand_world(tmp_path, monkeypatch, reviews=True)
    app = open_page("../pages/agents.py", "en")

    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    assert list(table["Agent"]) == ["Mei", "Raj"]
    assert list(table["CSAT"]) == [50.0, 0.0]
    assert len(app.get("download_button")) == 2  # the table and the chart
