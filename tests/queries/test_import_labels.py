"""`labels.csv` (key, locale, name): display names of the data's own values, imported like
every other file (docs/importing.md), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from queries.importer import import_directory
from queries.plumbing.errors import CsvError
from queries.plumbing.labels import display_names, named, zone_name

HEADER = "key,locale,name\n"


def folder(tmp_path: Path, text: str) -> Path:
    directory = tmp_path / "labels"
    directory.mkdir(exist_ok=True)
    (directory / "labels.csv").write_text(HEADER + text, encoding="utf-8")
    return directory


def test_names_are_imported_per_language_and_upserted(engine: Engine, tmp_path: Path) -> None:
    rows = 'billing,en,Billing\nbilling,zh-TW,帳務\n"Tier 1",zh-TW,"第一線, 客服"\n'
    summary = import_directory(engine, folder(tmp_path, rows))
    assert (summary["labels.csv"].inserted, summary["labels.csv"].updated) == (3, 0)
    assert display_names(engine, "zh-TW") == {"billing": "帳務", "Tier 1": "第一線, 客服"}
    assert display_names(engine, "en") == {"billing": "Billing"}

    again = import_directory(engine, folder(tmp_path, rows))
    assert (again["labels.csv"].inserted, again["labels.csv"].updated) == (0, 0)
    changed = import_directory(engine, folder(tmp_path, "billing,zh-TW,帳務問題\n"))
    assert (changed["labels.csv"].inserted, changed["labels.csv"].updated) == (0, 1)
    assert display_names(engine, "zh-TW")["billing"] == "帳務問題"


@pytest.mark.parametrize(
    ("rows", "line", "column", "says"),
    [
        ("billing,fr,Facturation\n", 2, "locale", "unknown locale 'fr'"),
        ("billing,en,\n", 2, "name", "a value is required"),
        ("billing,en,A\nbilling,en,B\n", 3, "key", "duplicate key, locale"),
    ],
)
def test_bad_rows_name_line_and_column_and_write_nothing(
    engine: Engine, tmp_path: Path, rows: str, line: int, column: str, says: str
) -> None:
    with pytest.raises(CsvError) as caught:
        import_directory(engine, folder(tmp_path, "smb,en,Small business\n" + rows))
    message = str(caught.value)
    assert f"labels.csv:{line + 1}" in message and column in message and says in message
    assert display_names(engine, "en") == {}


def test_a_key_without_a_name_falls_back_to_itself() -> None:
    assert named({"smb": "中小企業"}, "smb") == "中小企業"
    assert named({}, "smb") == "smb"
    assert named({}, None) is None


def test_zone_names_come_from_cldr() -> None:
    assert zone_name("Asia/Taipei", "zh-TW") == "台北"
    assert zone_name("America/New_York", "zh-TW") == "紐約"
    assert zone_name("America/New_York", "en") == "New York"
    assert zone_name("UTC", "zh-TW") == "UTC"
