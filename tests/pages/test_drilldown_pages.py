"""The "Conversations behind the numbers" section on the demo world: the list it shows for a
measure and cut has exactly as many conversations as the page's own n for that cut, in
English and in Traditional Chinese; tiles open their conversations; the table is plain text."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.data import as_of_now
from dashboard.i18n import translations
from queries.plumbing.db import make_engine
from queries.plumbing.filters import Filters
from queries.views.csat import csat_view
from queries.views.drilldown import NONE
from queries.views.fcr import fcr_view
from queries.views.nps import nps_view
from queries.views.overview import overview
from queries.views.voice import voice_view
from tests.pages.test_pages_render import open_page
from tests.worlds import demo_world_url

LANGUAGES = ("en", "zh-TW")


@pytest.fixture
def demo(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    url = demo_world_url(tmp_path_factory)
    monkeypatch.setenv("VIGIL_DATABASE_URL", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def choose(app: AppTest, key: str, pick: str, by: str = "whole", value: object = None) -> AppTest:
    app.toggle(key=f"{key}_drill_on").set_value(True).run()
    app.selectbox(key=f"{key}_drill_what").set_value(pick).run()
    app.selectbox(key=f"{key}_drill_by").set_value(by).run()
    if value is not None:
        app.selectbox(key=f"{key}_drill_{by}").set_value(value).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def listed(app: AppTest, language: str) -> tuple[int, int]:
    """(rows in the drill-down table, the total its caption states)."""
    zh = translations(language).gettext
    latest = zh("Showing the latest {shown} of {total} conversations.")
    every = zh("{total} conversations, newest first.")
    for caption in app.caption:
        text = caption.value
        for template in (latest, every):
            head, _sep, tail = template.partition("{total}")
            head = head.split("{shown}")[-1]
            if text.endswith(tail) and head in text and text != template:
                total = text[text.index(head) + len(head) : len(text) - len(tail)]
                return len(app.dataframe[-1].value), int(total.replace(",", ""))
    raise AssertionError(f"no drill-down caption in {[c.value for c in app.caption]}")


def filters_of(app: AppTest) -> Filters:
    filters: Filters = app.session_state["vigil_filters"]
    return filters


def test_nothing_is_listed_until_asked(demo: Engine) -> None:
    app = open_page("../pages/csat.py", "en")
    assert "csat_drill_what" not in [box.key for box in app.selectbox]
    app.toggle(key="csat_drill_on").set_value(True).run()
    assert "csat_drill_what" in [box.key for box in app.selectbox]
    assert listed(app, "en")[1] > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_csat_by_channel_lists_its_n(demo: Engine, language: str) -> None:
    app = choose(
        open_page("../pages/csat.py", language), "csat", "csat_answers", "channel", "email"
    )
    view = csat_view(demo, filters_of(app))
    n = view.by_channel.filter(pl.col("channel") == "email")["csat_n"][0]
    assert listed(app, language) == (min(n, 500), n)
    headers = app.dataframe[-1].value.columns
    assert translations(language).gettext("Conversation") in headers
    assert set(app.dataframe[-1].value[translations(language).gettext("Channel")]) == {
        translations(language).gettext("Email")
    }
    choose(app, "csat", "csat_satisfied", "channel", "email")
    satisfied = view.by_channel.filter(pl.col("channel") == "email")["csat_satisfied"][0]
    assert listed(app, language)[1] == satisfied


def test_csat_tiles_open_their_conversations(demo: Engine) -> None:
    app = open_page("../pages/csat.py", "en")
    view = csat_view(demo, filters_of(app))
    keys = [b.key for b in app.button if b.key.startswith("csat_tile_")]
    expected = [view.csat.n, view.night.n, view.day.n]
    expected.append(view.conversations)
    assert len(keys) == len(expected)  # one under each tile
    for key, n in zip(keys, expected, strict=True):
        app.button(key=key).click().run()
        assert listed(app, "en")[1] == n
    assert [t.value for t in app.toast] == [
        "The conversations are listed at the bottom of the page."
    ]


def test_csat_local_hour_and_score(demo: Engine) -> None:
    app = open_page("../pages/csat.py", "en")
    view = csat_view(demo, filters_of(app))
    hour = view.by_local_hour.filter(pl.col("local_hour") == 21)["csat_n"][0]
    assert listed(choose(app, "csat", "csat_answers", "local_hour", 21), "en")[1] == hour
    fives = view.distribution.filter(pl.col("score") == 5)["responses"][0]
    assert listed(choose(app, "csat", "csat_score:5"), "en")[1] == fives


@pytest.mark.parametrize("language", LANGUAGES)
def test_nps_promoters_by_segment(demo: Engine, language: str) -> None:
    app = open_page("../pages/nps.py", language)
    view = nps_view(demo, filters_of(app))
    row = view.by_segment.row(0, named=True)
    choose(app, "nps", "promoters", "segment", row["segment"])
    assert listed(app, language)[1] == row["promoters"]
    app.button(key="nps_tile_3_detractors").click().run()
    assert listed(app, language)[1] == view.detractors


def test_fcr_flavours_and_repeats(demo: Engine) -> None:
    app = open_page("../pages/fcr.py", "en")
    view = fcr_view(demo, filters_of(app))
    app.button(key="fcr_tile_0_resolved").click().run()
    assert listed(app, "en")[1] == view.resolved
    app.button(key="fcr_tile_2_survey_fcr_answers").click().run()
    assert listed(app, "en")[1] == view.survey_resolved_n
    chat = view.by_channel.filter(pl.col("channel") == "chat").row(0, named=True)
    choose(app, "fcr", "first_contact_resolved", "channel", "chat")
    assert listed(app, "en")[1] == chat["resolved_first_contact"]
    repeats = choose(app, "fcr", "repeat_contacts")
    table = repeats.dataframe[-1].value
    assert listed(repeats, "en")[1] == view.repeats.height
    assert set(table["Repeat contact"]) == {"Yes"}
    assert set(table["Conversation"]) <= set(view.repeats["external_id"])


def test_voice_by_category_and_plain_comments(demo: Engine) -> None:
    app = open_page("../pages/voice.py", "en")
    view = voice_view(demo, filters_of(app))
    for row in view.categories.head(3).iter_rows(named=True):  # the demo has no-category rows
        choose(app, "voice", "csat_negative", "category", row["category"] or NONE)
        assert listed(app, "en")[1] == row["negative"]
    comments = [c for c in app.dataframe[-1].value["Comment"] if c]  # "" where none was left
    assert comments and all(isinstance(c, str) for c in comments)
    assert [m.value for m in app.markdown if m.allow_html] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_overview_tiles_and_days(demo: Engine, language: str) -> None:
    app = open_page("../pages/overview.py", language)
    filters = filters_of(app)
    counts = overview(demo, filters, as_of=as_of_now()).counts
    app.button(key="overview_tile_0_conversations").click().run()
    rows, total = listed(app, language)
    assert rows == 500 and total == counts["conversations"]  # capped rows, all counted
    app.button(key="overview_tile_1_invitations_sent").click().run()
    assert listed(app, language)[1] == counts["invitations_sent"]
    app.button(key="overview_tile_2_first_responses").click().run()
    assert listed(app, language)[1] == counts["first_response_n"]
    choose(app, "overview", "conversations", "day", filters.end)
    table = app.dataframe[-1].value
    opened = table[translations(language).gettext("Opened at")]
    assert set(opened.str.slice(0, 10)) == {filters.end.isoformat()}  # in the display zone
    assert listed(app, language)[1] == len(table)
