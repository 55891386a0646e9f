"""Every message the UI shows has a Traditional Chinese translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from dashboard.i18n import catalog_path, translations
from queries.reports.pain_points import REPORT_TEXTS

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")


def ui_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("dashboard", "pages"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None}
        ):
            if isinstance(message, str) and message:
                found.add(message)
    return found


def test_the_extractor_finds_messages() -> None:
    assert "Overview" in ui_messages()
    assert "pts vs day" in ui_messages()  # not hidden inside an f-string


@pytest.mark.parametrize("message", sorted(REPORT_TEXTS.values()))
def test_report_texts_translated_at_run_time_have_zh_tw(message: str) -> None:
    # dashboard.voice_views translates these with _(text) on a variable: no extractor sees them
    assert translations("zh-TW").gettext(message) != message


@pytest.mark.parametrize("message", sorted(ui_messages()))
def test_message_has_a_zh_tw_translation(message: str) -> None:
    translated = translations("zh-TW").gettext(message)
    assert translated != message or not re.search(r"[A-Za-z]{3}", message), "untranslated"
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(message))


def test_catalog_lives_where_babel_expects_it() -> None:
    assert catalog_path("zh-TW").exists()
