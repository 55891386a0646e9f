"""Stream one CSV file, validate every row, and collect the rows as a typed Polars frame.

Nothing is written here. Errors name the file, the physical line where the record starts
(the header is line 1; a quoted field with newlines spans several lines) and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import polars as pl
from sqlalchemy.engine import Engine

from queries.importer.fields import FieldError, check_instant
from queries.importer.references import PendingReferences, Position
from queries.importer.specs import FileSpec
from queries.plumbing.errors import CsvError
from queries.plumbing.progress import Progress

BOM = b"\xef\xbb\xbf"
ROWS_PER_CHUNK = 50_000
REPORT_EVERY = 20_000
CSV_FIELD_LIMIT = 1 << 30
"""csv's own cap, far above every column's (`fields`), so the column's check names it."""


@dataclass(frozen=True)
class ParsedFile:
    """A validated file: its rows (with their first line in `line`) and its keys."""

    spec: FileSpec
    frame: pl.DataFrame
    keys: Collection[str]


def count_lines(path: Path) -> int:
    """Physical lines in the file, read in large blocks (cheap next to parsing)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def _frame_schema(spec: FileSpec) -> dict[str, pl.DataType]:
    return {"line": pl.Int64(), **{column.name: column.dtype for column in spec.columns}}


def read_file(
    path: Path,
    spec: FileSpec,
    imported: Mapping[str, Collection[str]],
    engine: Engine,
    progress: Progress,
    window: tuple[datetime, datetime],
) -> ParsedFile:
    """Validate `path` against `spec`; `imported` holds the keys of earlier files by table,
    `window` the instants accepted (`fields.instant_window`)."""
    total = max(count_lines(path) - 1, 0)
    progress(spec.file, 0, total)
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    earliest, latest = window
    window = (earliest, latest + timedelta(days=spec.planned_days))
    rows = _Rows(spec, PendingReferences(engine, spec.file, imported), window)
    line = 0  # the physical line where the last record read ends
    with path.open("rb") as handle:
        reader = csv.reader(_decoded_lines(handle), strict=True)
        try:
            rows.check_header(next(reader, None))
            line = reader.line_num
            for record in reader:
                start, line = line + 1, reader.line_num
                if record:  # a blank line holds no record
                    rows.add(start, record)
                    if rows.count % REPORT_EVERY == 0:
                        progress(spec.file, line - 1, total)
        except csv.Error as exc:
            rows.fail(line + 1, 0, None, f"malformed CSV: {exc}")
        except _NotUtf8 as exc:
            rows.fail(exc.line, 0, None, str(exc))
    rows.references.raise_first_unknown()
    frame = rows.frame()
    problem = spec.frame_check(frame) if spec.frame_check else None
    if problem is not None:
        raise CsvError(spec.file, *problem)
    progress(spec.file, total, total)
    return ParsedFile(spec, frame, rows.keys)


def read_records(
    spec: FileSpec,
    records: Iterable[list[str]],
    imported: Mapping[str, Collection[str]],
    engine: Engine,
    window: tuple[datetime, datetime],
    problems: int = 1,
) -> tuple[ParsedFile, list[CsvError]]:
    """Validate rows that are not a CSV file (the connectors, docs/connectors.md): text fields
    in `spec.header` order, record n reported as line n. Stops after `problems` errors and
    returns them (the frame is then incomplete and must not be written)."""
    earliest, latest = window
    window = (earliest, latest + timedelta(days=spec.planned_days))
    rows = _Rows(spec, PendingReferences(engine, spec.file, imported), window)
    rows.check_header(list(spec.header))
    found: list[CsvError] = []
    for line, record in enumerate(records, start=1):
        try:
            rows.add(line, record)
        except CsvError as exc:
            found.append(exc)
            rows.references.pending = {  # an unknown reference is reported once
                ref: place
                for ref, place in rows.references.pending.items()
                if (exc.line, exc.column) != (place.position[0], place.column)
            }
            if len(found) >= problems:
                break
    if len(found) < problems:
        try:
            rows.references.raise_first_unknown()
        except CsvError as exc:
            found.append(exc)
    return ParsedFile(spec, rows.frame(), rows.keys), found


class _NotUtf8(ValueError):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


def _decoded_lines(handle: BinaryIO) -> Iterator[str]:
    """UTF-8 lines (a leading BOM dropped); an invalid byte names its line."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield (raw[3:] if number == 1 and raw.startswith(BOM) else raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start : exc.start + 1].hex()
            raise _NotUtf8(
                number, f"not UTF-8 text (byte 0x{byte} at byte {exc.start + 1})"
            ) from None


class _Rows:
    """Validates records one by one and batches them into Polars frames."""

    def __init__(
        self, spec: FileSpec, references: PendingReferences, window: tuple[datetime, datetime]
    ) -> None:
        self.spec, self.references, self.window = spec, references, window
        self.schema = _frame_schema(spec)
        self.index = {column.name: i for i, column in enumerate(spec.columns)}
        self.key_index = self.index[spec.key] if spec.key else None
        self.key_indexes = [self.index[name] for name in spec.key_columns]
        self.keys: dict[Any, int] = {}
        self.chunks: list[pl.DataFrame] = []
        self.batch: list[tuple[Any, ...]] = []
        self.count = 0
        self.positions: list[int] = []
        self.width = len(spec.columns)

    def check_header(self, header: list[str] | None) -> None:
        file, expected = self.spec.file, ",".join(self.spec.header)
        if not header:
            self.fail(1, 0, None, f"no header row (expected {expected})")
        for name in header:
            if header.count(name) > 1:
                self.fail(1, 0, name, f"appears twice in the header (expected {expected})")
            if name not in self.index:
                self.fail(1, 0, name, f"unknown column {name!r} in {file} (expected {expected})")
        for column in self.spec.columns:
            if column.name not in header and not column.may_be_absent:
                self.fail(1, 0, column.name, f"missing from the header (expected {expected})")
        self.width = len(header)
        self.positions = [
            header.index(column.name) if column.name in header else -1
            for column in self.spec.columns
        ]

    def add(self, line: int, record: list[str]) -> None:
        """Parse and check one record that starts on `line`."""
        if len(record) != self.width:
            self.fail(line, 0, None, f"{len(record)} fields, expected {self.width}")
        values: list[Any] = []
        for index, column in enumerate(self.spec.columns):
            position = self.positions[index]
            raw = record[position] if position >= 0 else ""
            if not raw:
                if column.required:
                    self.fail(line, index, column.name, "a value is required")
                values.append(column.default)
                continue
            try:
                value = column.parse(raw)
                if isinstance(value, datetime):
                    check_instant(value, self.window)
            except FieldError as exc:
                self.fail(line, index, column.name, str(exc))
            if column.refers_to is not None:
                self.references.note(column.refers_to, value, line, index, column.name)
            values.append(value)
        self._check_row(line, values)
        self.batch.append((line, *values))
        self.count += 1
        if len(self.batch) >= ROWS_PER_CHUNK:
            self._flush()

    def _check_row(self, line: int, values: list[Any]) -> None:
        for check in self.spec.checks:
            later_index = self.index[check.later]
            later, earlier = values[later_index], values[self.index[check.earlier]]
            if later is None or earlier is None:
                continue
            if later < earlier or (check.strict and later == earlier):
                self.fail(line, later_index, check.later, check.message())
        if self.key_index is not None:
            parts = tuple(values[i] for i in self.key_indexes)
            key = parts[0] if len(parts) == 1 else parts
            first = self.keys.setdefault(key, line)
            if first != line:
                name = ", ".join(self.spec.key_columns)
                self.fail(
                    line, self.key_index, self.spec.key,
                    f"duplicate {name} {key!r} (first on line {first})",
                )  # fmt: skip

    def fail(self, line: int, index: int, column: str | None, message: str) -> NoReturn:
        """Raise the error at (line, index), unless an unknown reference comes earlier."""
        here: Position = (line, index)
        self.references.raise_first_unknown(before=here)
        raise CsvError(self.spec.file, line, column, message)

    def _flush(self) -> None:
        if self.batch:
            self.chunks.append(pl.DataFrame(self.batch, schema=self.schema, orient="row"))
            self.batch = []

    def frame(self) -> pl.DataFrame:
        self._flush()
        if not self.chunks:
            return pl.DataFrame(schema=self.schema)
        return pl.concat(self.chunks, rechunk=True)
