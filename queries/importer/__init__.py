"""The CSV importer behind `vigil import DIR` (docs/importing.md); see docs/importing.md."""

from __future__ import annotations

from queries.importer.directory import IMPORT_FILES, import_directory
from queries.importer.summary import FileCounts, ImportSummary

__all__ = ["IMPORT_FILES", "FileCounts", "ImportSummary", "import_directory"]
