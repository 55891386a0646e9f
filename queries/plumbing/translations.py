"""The one translation catalog (gettext, read with Babel) that the dashboard, the jobs and the
reports all load: queries/plumbing/locales/<lang>/LC_MESSAGES/messages.po, English as the
source. No Streamlit here; the dashboard adds the session's language (dashboard/i18n.py)."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = {"zh-TW": "繁體中文", "en": "English"}
DEFAULT_LANGUAGE = "zh-TW"


def babel_locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


def catalog_path(language: str) -> Path:
    """queries/plumbing/locales/zh_TW/LC_MESSAGES/messages.po for zh-TW."""
    return LOCALES_DIR / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for `language`, compiled in memory from its .po file; English is the source."""
    po_file = catalog_path(language)
    if not po_file.exists():
        return gettext.NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=babel_locale(language))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext_for(language: str) -> gettext.NullTranslations:
    """The catalog of a language Vigil speaks, else the default language's."""
    return translations(language if language in LANGUAGES else DEFAULT_LANGUAGE)
