"""`sync`: read every mapping entry, validate it with the importer's rules, then write it all
and the watermarks in one transaction (docs/connectors.md).

A bad row, a bad mapping or an unreachable source raises before anything is written; the
error names the mapping entry, the source row's key and the column.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from collections.abc import Mapping as Params
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from queries.connectors.mapping import Entry, Mapping
from queries.connectors.report import EntryCounts, SyncReport
from queries.connectors.sql_source import SourceRows, SourceUnavailable, read_entry
from queries.connectors.state import record_success
from queries.connectors.watermarks import load_watermarks, save_watermark
from queries.importer.fields import instant_window
from queries.importer.loader import write_parsed
from queries.importer.reading import ParsedFile, read_records
from queries.importer.specs import REFERENCE_NOUNS, FileSpec
from queries.plumbing.clock import wall_clock
from queries.plumbing.db import writing
from queries.plumbing.errors import BadInput, CsvError, DataUnavailable
from queries.plumbing.migrate import require_current_schema
from queries.plumbing.progress import Progress, no_progress

DRY_RUN_PROBLEMS = 5  # per entry


class SyncError(BadInput):
    """A source row that fails the importer's checks: names the entry, the row and column."""


class _DryRun(Exception):
    def __init__(self, counts: list[Any]) -> None:
        self.counts = counts


@dataclass(frozen=True)
class _Read:
    rows: SourceRows
    parsed: ParsedFile
    problems: tuple[str, ...]


Reader = Callable[[Entry, Any], SourceRows]
"""(entry, where to start: its watermark or --since) -> the entry's rows from the source."""


def sync(
    engine: Engine,
    source: Engine,
    mapping: Mapping,
    *,
    params: Params[str, Any] | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> SyncReport:
    """Sync the database `source` into Vigil's as `mapping` says; see the module docstring."""
    bind = params or {}

    def read(entry: Entry, start: Any) -> SourceRows:
        return read_entry(source, mapping, entry, start, bind)

    return sync_rows(
        engine, mapping, read, since=since, dry_run=dry_run, now=now, progress=progress
    )


def sync_rows(
    engine: Engine,
    mapping: Mapping,
    read: Reader,
    *,
    since: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress = no_progress,
) -> SyncReport:
    """Sync what `read` returns per entry (a database or an API, `zendesk`) into Vigil."""
    now = now or wall_clock()
    try:
        return _sync(engine, read, mapping, since, dry_run, now, progress)
    except SourceUnavailable:
        raise
    except DataUnavailable:
        require_current_schema(engine)  # an un-migrated Vigil database is named, with the fix
        raise


def _sync(
    engine: Engine,
    read: Reader,
    mapping: Mapping,
    since: datetime | None,
    dry_run: bool,
    now: datetime,
    progress: Progress,
) -> SyncReport:
    stored = load_watermarks(engine, mapping.source)
    window = instant_window(now)
    imported: dict[str, Collection[str]] = {}
    reads: list[_Read] = []
    for entry in mapping.entries:
        start = _start(mapping, entry, stored, since)
        progress(f"reading {entry.name}", 0, 0)
        rows = read(entry, start)
        spec = _spec(mapping, entry)
        limit = DRY_RUN_PROBLEMS if dry_run else 1
        parsed, errors = read_records(spec, rows.records, imported, engine, window, limit)
        problems = tuple(_where(mapping, entry, rows, error) for error in errors)
        if problems and not dry_run:
            raise SyncError(problems[0])
        if spec.table.name in REFERENCE_NOUNS:
            imported[spec.table.name] = parsed.keys
        reads.append(_Read(rows, parsed, problems))
        progress(f"reading {entry.name}", len(rows.records), len(rows.records))
    problems = tuple(p for read in reads for p in read.problems)
    counts = [] if problems else _write(engine, mapping, reads, stored, dry_run, now, progress)
    entries = tuple(
        EntryCounts(read.rows.entry.name, len(read.rows.records), file_counts, read.rows.watermark)
        for read, file_counts in zip(reads, counts or [None] * len(reads), strict=True)
    )
    return SyncReport(mapping.source, entries, dry_run, problems, mapping.empty)


def _start(mapping: Mapping, entry: Entry, stored: dict[str, Any], since: datetime | None) -> Any:
    """Where the entry's read starts: --since (in the source's zone), else its watermark."""
    if entry.watermark is None:
        return None
    if since is None:
        return stored.get(entry.name)
    if isinstance(stored.get(entry.name), str):  # a text watermark: compare ISO 8601 text
        return since.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if mapping.time_zone is not None:
        return since.astimezone(mapping.time_zone).replace(tzinfo=None)
    return since


def _spec(mapping: Mapping, entry: Entry) -> FileSpec:
    """The importer's spec, naming the mapping entry; conversations remember their source."""
    spec = replace(entry.spec, file=mapping.where(entry.name))
    if "sync_source" in spec.table.c:
        spec = replace(spec, always={**spec.always, "sync_source": mapping.source})
    return spec


def _where(mapping: Mapping, entry: Entry, rows: SourceRows, error: CsvError) -> str:
    """The importer's error, with the source row's key in place of the line."""
    line = error.line
    key = rows.keys[line - 1] if 0 < line <= len(rows.keys) else ""
    row = f"source row {entry.row_key}={key!r}" if key else f"source row {line}"
    column = f": column {error.column}" if error.column else ""
    return f"{mapping.where(entry.name)}: {row}{column}: {error.message}"


def _write(
    engine: Engine,
    mapping: Mapping,
    reads: list[_Read],
    stored: dict[str, Any],
    dry_run: bool,
    now: datetime,
    progress: Progress,
) -> list[Any]:
    """Write everything and the moved watermarks in one transaction (rolled back on a dry run)."""
    try:
        with writing(engine) as conn:
            counts = write_parsed(conn, [read.parsed for read in reads], progress)
            if dry_run:
                raise _DryRun(counts)
            for read in reads:
                mark, name = read.rows.watermark, read.rows.entry.name
                if mark is not None and mark != stored.get(name):
                    save_watermark(conn, mapping.source, name, mark, now.astimezone(UTC))
            read_total = sum(len(read.rows.records) for read in reads)
            written = sum(c.inserted + c.updated for c in counts)
            record_success(conn, mapping, now, read_total, written)
    except _DryRun as rolled_back:
        return rolled_back.counts
    return counts
