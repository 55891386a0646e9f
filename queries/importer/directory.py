"""`import_directory`: validate every present §6 file, then write them all in one transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from queries.importer.fields import instant_window
from queries.importer.loader import write_files
from queries.importer.reading import ParsedFile, read_file
from queries.importer.reviews import QA_REVIEWS
from queries.importer.specs import REFERENCE_NOUNS, SPECS, FileSpec
from queries.importer.summary import ImportSummary
from queries.plumbing.clock import wall_clock
from queries.plumbing.errors import BadInput, DataUnavailable
from queries.plumbing.migrate import require_current_schema
from queries.plumbing.progress import Progress, no_progress

IMPORT_SPECS = (*SPECS, QA_REVIEWS)
"""The §6 files, then the conversation reviews (docs/importing.md, "Conversation reviews")."""
IMPORT_FILES = tuple(spec.file for spec in IMPORT_SPECS)


def import_directory(
    engine: Engine,
    directory: Path,
    progress: Progress = no_progress,
    now: datetime | None = None,
) -> ImportSummary:
    """Load whichever of the §6 files are in `directory`, all or nothing.

    Every file is read and validated before anything is written, so a bad row anywhere
    raises `CsvError` (file, line, column) and leaves the database as it was. Instants must
    lie in `instant_window(now)` (`now`: the process clock, `queries.plumbing.clock`).
    """
    try:
        return _import(engine, directory, progress, instant_window(now or wall_clock()))
    except DataUnavailable:
        require_current_schema(engine)  # an un-migrated database is named, with the fix
        raise


def _import(
    engine: Engine, directory: Path, progress: Progress, window: tuple[datetime, datetime]
) -> ImportSummary:
    present = _present_specs(directory)
    imported: dict[str, Collection[str]] = {}  # table -> external ids of earlier files
    parsed: list[ParsedFile] = []
    for spec in present:
        result = read_file(directory / spec.file, spec, imported, engine, progress, window)
        if spec.table.name in REFERENCE_NOUNS:
            imported[spec.table.name] = result.keys
        parsed.append(result)
    counts = write_files(engine, parsed, progress)
    return ImportSummary(directory, tuple(counts), ignored=_ignored_csv_files(directory))


def _present_specs(directory: Path) -> list[FileSpec]:
    if not directory.is_dir():
        raise BadInput(f"{directory}: no such directory")
    present = [spec for spec in IMPORT_SPECS if (directory / spec.file).is_file()]
    if not present:
        raise BadInput(
            f"{directory}: none of the import files is there ({', '.join(IMPORT_FILES)})"
        )
    return present


def _ignored_csv_files(directory: Path) -> tuple[str, ...]:
    """CSV files that are not import files, named in the summary so a typo does not go unseen."""
    return tuple(
        sorted(
            path.name
            for path in directory.iterdir()
            if path.suffix.lower() == ".csv" and path.name not in IMPORT_FILES
        )
    )
