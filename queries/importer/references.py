"""References by external id: to rows earlier in this import, or already in the database."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from queries.importer.specs import REFERENCE_NOUNS
from queries.plumbing import schema
from queries.plumbing.db import reading
from queries.plumbing.errors import CsvError

LOOKUP_CHUNK = 5_000  # bound parameters per query; far below SQLite's and PostgreSQL's limits

_TABLES = {table.name: table for table in (schema.customers, schema.agents, schema.conversations)}

Position = tuple[int, int]
"""(line, column index): orders errors the way a reader meets them in the file."""


@dataclass
class Unresolved:
    """The first place a reference that is not in this import appears."""

    position: Position
    column: str


@dataclass
class PendingReferences:
    """References of one file that must be looked up in the database.

    A reference to a row imported earlier in this run is settled at once. The rest are
    collected and looked up in batches, so memory follows the import, not the database.
    """

    engine: Engine
    file: str
    imported: Mapping[str, Collection[str]]
    pending: dict[tuple[str, str], Unresolved] = field(default_factory=dict)

    def note(self, table: Table, value: str, line: int, index: int, column: str) -> None:
        """Record a reference seen at (line, index) unless this import already holds it."""
        if value in self.imported.get(table.name, ()):
            return
        if (table.name, value) not in self.pending:
            self.pending[(table.name, value)] = Unresolved((line, index), column)

    def raise_first_unknown(self, before: Position | None = None) -> None:
        """Raise CsvError for the earliest unknown reference (only those before `before`)."""
        candidates = {
            ref: place
            for ref, place in self.pending.items()
            if before is None or place.position < before
        }
        found = self._found(candidates) if candidates else set()
        unknown = [ref for ref in candidates if ref not in found]
        if not unknown:
            if before is None:
                self.pending.clear()
            return
        table_name, value = min(unknown, key=lambda ref: candidates[ref].position)
        place = candidates[(table_name, value)]
        noun = REFERENCE_NOUNS[table_name]
        raise CsvError(self.file, place.position[0], place.column, f"unknown {noun} {value!r}")

    def _found(self, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        by_table: dict[str, list[str]] = {}
        for table_name, value in refs:
            by_table.setdefault(table_name, []).append(value)
        found: set[tuple[str, str]] = set()
        with reading(self.engine) as conn:
            for table_name, values in by_table.items():
                table = _TABLES[table_name]
                for start in range(0, len(values), LOOKUP_CHUNK):
                    chunk = values[start : start + LOOKUP_CHUNK]
                    query = select(table.c.external_id).where(table.c.external_id.in_(chunk))
                    found.update((table_name, value) for value in conn.scalars(query))
        return found
