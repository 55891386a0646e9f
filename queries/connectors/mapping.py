"""A TOML mapping for the SQL connector: per Vigil table, a SELECT, a watermark and value maps
(docs/connectors.md, "Writing a mapping")."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from queries.importer.specs import SPECS, FileSpec
from queries.plumbing.errors import BadInput
from queries.plumbing.times import known_zone

ENTRY_KEYS = {"query", "watermark", "key", "values"}
TOP_KEYS = {"source", "source_time_zone", "vigil_surveys", "empty"}
ENTRIES = {spec.table.name: spec for spec in SPECS}
NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


class MappingError(BadInput):
    """A mapping that cannot be used: names the file, the entry and what is wrong."""


@dataclass(frozen=True)
class Entry:
    """One Vigil table's reading: its SELECT, its watermark and its value maps."""

    name: str  # the Vigil table, e.g. conversations
    spec: FileSpec
    query: str
    watermark: str | None = None
    key: str | None = None  # the source column that names a row in messages
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def row_key(self) -> str | None:
        return self.key or self.spec.key


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file, entries in the order that satisfies references."""

    path: str
    source: str
    entries: tuple[Entry, ...]
    time_zone: ZoneInfo | None = None  # how naive source timestamps are read
    vigil_surveys: bool = True  # False: the source sends its own CSAT survey
    empty: tuple[str, ...] = ()  # Vigil features that stay empty for this source, and why

    def where(self, entry: str) -> str:
        return f"{self.path} [{entry}]"


def load_mapping(path: Path, source: str | None = None) -> Mapping:
    """Read and check a mapping file; any problem is a MappingError naming where."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: not UTF-8 text") from None
    return parse_mapping(raw, str(path), source or path.stem)


def parse_mapping(raw: dict[str, Any], path: str, default_source: str) -> Mapping:
    for name, value in raw.items():
        if name not in TOP_KEYS and name not in ENTRIES:
            expected = ", ".join([*ENTRIES, *sorted(TOP_KEYS)])
            raise MappingError(f"{path}: unknown entry {name!r} (expected {expected})")
        if name in ENTRIES and not isinstance(value, dict):
            raise MappingError(f"{path} [{name}]: must be a table with a query")
    source = str(raw.get("source", default_source))
    if not NAME.fullmatch(source):
        raise MappingError(f"{path}: source {source!r} must be 1–64 of a-z, 0-9, _ . -")
    entries = tuple(_entry(path, name, raw[name]) for name in ENTRIES if name in raw)
    if not entries:
        raise MappingError(f"{path}: no entry (expected one of {', '.join(ENTRIES)})")
    empty = raw.get("empty", [])
    if not isinstance(empty, list) or not all(isinstance(item, str) for item in empty):
        raise MappingError(f"{path}: empty must be a list of texts")
    surveys = raw.get("vigil_surveys", True)
    if not isinstance(surveys, bool):
        raise MappingError(f"{path}: vigil_surveys must be true or false")
    return Mapping(path, source, entries, _zone(path, raw), surveys, tuple(empty))


def _zone(path: str, raw: dict[str, Any]) -> ZoneInfo | None:
    name = raw.get("source_time_zone")
    if name is None:
        return None
    if not known_zone(str(name)):
        raise MappingError(f"{path}: source_time_zone: unknown time zone {name!r}")
    return ZoneInfo(str(name))


def _entry(path: str, name: str, raw: dict[str, Any]) -> Entry:
    where, spec = f"{path} [{name}]", ENTRIES[name]
    for key in raw:
        if key not in ENTRY_KEYS:
            raise MappingError(f"{where}: unknown key {key!r} (expected {', '.join(ENTRY_KEYS)})")
    query = raw.get("query")
    if not isinstance(query, str) or not query.strip():
        raise MappingError(f"{where}: query is missing (a SELECT returning the columns of {name})")
    for key in ("watermark", "key"):
        if key in raw and not isinstance(raw[key], str):
            raise MappingError(f"{where}: {key} must be a column name")
    values = raw.get("values", {})
    if not isinstance(values, dict):
        raise MappingError(f"{where}: values must be a table of value maps")
    for column, table in values.items():
        if column not in spec.header:
            expected = ", ".join(spec.header)
            raise MappingError(f"{where}: values.{column}: unknown column (expected {expected})")
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise MappingError(f"{where}: values.{column} must map source values to texts")
    return Entry(
        name,
        spec,
        query.strip().rstrip(";"),
        raw.get("watermark"),
        raw.get("key"),
        {column: {str(k): v for k, v in table.items()} for column, table in values.items()},
    )


def check_columns(mapping: Mapping, entry: Entry, columns: list[str]) -> None:
    """The query's result columns: every required import column, nothing unknown."""
    where, spec = mapping.where(entry.name), entry.spec
    extra = {name for name in (entry.watermark, entry.key) if name is not None}
    for name in sorted(extra):
        if name not in columns:
            raise MappingError(f"{where}: the query returns no column {name!r}")
    for name in columns:
        if name not in spec.header and name not in extra:
            expected = ", ".join(spec.header)
            raise MappingError(f"{where}: unknown column {name!r} (expected {expected})")
    for column in spec.columns:
        if column.required and column.name not in columns:
            raise MappingError(f"{where}: required column {column.name!r} is missing")
