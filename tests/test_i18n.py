"""Every message Vigil shows or sends (the dashboard, the pages, the survey e-mails of the jobs,
the reports of queries) is extracted from one tree of code and has a Traditional Chinese
entry in the one catalog, with the same placeholders."""

from __future__ import annotations

import ast
import re
from dataclasses import astuple, fields
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard.i18n import catalog_path, translations
from jobs.templates import EmailTexts, channel_phrases, email_texts
from queries.reports.pain_points import ReportTexts, report_texts

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")
EXTRACTED = ("dashboard", "pages", "jobs", "queries")
NOT_SHIPPED = {"tests", "docs"}
GETTEXT_OF_THE_SESSION = "dashboard/i18n.py: translations(current_language()).gettext(message)"
REGISTRY_NAMES = {  # marked with N_ in dashboard/registry.py, translated where the entry shows them
    "dashboard/app.py: _(spec.title)",
    "dashboard/app.py: _(section)",
}


def extract(folder: Path) -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        folder, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
    ):
        if isinstance(message, str) and message:
            found.add(message)
    return found


@cache
def messages_by_folder() -> dict[str, frozenset[str]]:
    return {folder: frozenset(extract(ROOT / folder)) for folder in EXTRACTED}


def ui_messages() -> set[str]:
    return set().union(*messages_by_folder().values())


@cache
def zh_tw_catalog() -> dict[str, str]:
    with catalog_path("zh-TW").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_the_extractor_finds_messages() -> None:
    assert "Overview" in ui_messages()  # marked N_ in the page registry
    assert "Value centre" in messages_by_folder()["dashboard"]
    assert "pts vs day" in ui_messages()  # not hidden inside an f-string


def test_the_extraction_covers_the_jobs_and_the_reports() -> None:
    found = messages_by_folder()
    assert "Hello {name}," in found["jobs"]  # the survey e-mail
    assert "by phone" in found["jobs"]
    assert "Biggest risers" in found["queries"]  # the weekly pain-point report
    assert "\\* fewer than 30 answers: read with care." in found["queries"]
    assert all(found.values()), "every extracted folder marks messages"


def test_every_folder_that_marks_messages_is_extracted() -> None:
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    unextracted = folders - set(EXTRACTED) - NOT_SHIPPED
    assert {name: extract(ROOT / name) for name in unextracted} == {n: set() for n in unextracted}


def test_no_message_is_translated_from_a_variable() -> None:
    """`_(text)` on a variable hides `text` from the extractor (as REPORT_TEXTS once did)."""
    hidden = []
    for folder in EXTRACTED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _translates(node.func):
                    first = node.args[0] if node.args else None
                    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                        hidden.append(f"{path.relative_to(ROOT)}: {ast.unparse(node)}")
    assert set(hidden) == {GETTEXT_OF_THE_SESSION, *REGISTRY_NAMES}  # `_` itself and the registry


def _translates(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "_"
    return isinstance(func, ast.Attribute) and func.attr in ("gettext", "ngettext", "pgettext")


@pytest.mark.parametrize("field", [f.name for f in fields(ReportTexts)])
def test_report_texts_have_zh_tw(field: str) -> None:
    # the report translates itself (queries.reports.pain_points.report_texts)
    assert getattr(report_texts("zh-TW"), field) != getattr(report_texts("en"), field)


@pytest.mark.parametrize("field", [f.name for f in fields(EmailTexts)])
def test_email_texts_have_zh_tw(field: str) -> None:
    assert getattr(email_texts("zh-TW"), field) != getattr(email_texts("en"), field)


def test_channel_phrases_have_zh_tw() -> None:
    english, chinese = channel_phrases("en"), channel_phrases("zh-TW")
    assert english.keys() == chinese.keys()
    assert all(not set(english[c]) & set(chinese[c]) for c in english)


def test_the_jobs_and_the_report_speak_english_as_the_source() -> None:
    assert email_texts("en").greeting == "Hello {name},"
    assert report_texts("en").title == "Weekly pain-point report"
    assert astuple(report_texts("fr")) == astuple(report_texts("zh-TW"))  # the default


@pytest.mark.parametrize("message", sorted(ui_messages()))
def test_message_has_a_zh_tw_translation(message: str) -> None:
    assert zh_tw_catalog().get(message), "no zh-TW entry"
    translated = translations("zh-TW").gettext(message)
    assert translated != message or not re.search(r"[A-Za-z]{3}", message), "untranslated"
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(message))


def test_catalog_lives_where_babel_expects_it() -> None:
    assert catalog_path("zh-TW").exists()
