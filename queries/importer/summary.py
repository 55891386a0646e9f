"""What an import did, per file; `str()` is the CLI's report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileCounts:
    """Rows of one file and what became of them.

    Files with a key (external_id, or the conversation of a survey response) report
    inserted / updated / unchanged. Shifts and activity, deduplicated on all their columns,
    report inserted / duplicates (rows already in the database or earlier in the file).
    """

    file: str
    rows: int
    inserted: int
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    keyed: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)

    def describe(self) -> str:
        if self.keyed:
            outcome = f"{self.updated:,} updated, {self.unchanged:,} unchanged"
        else:
            outcome = f"{self.duplicates:,} skipped duplicates"
        rows = "1 row" if self.rows == 1 else f"{self.rows:,} rows"
        return f"{rows}: {self.inserted:,} inserted, {outcome}"


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of `import_directory`, one `FileCounts` per file in load order."""

    directory: Path
    files: tuple[FileCounts, ...]
    ignored: tuple[str, ...] = ()

    def __getitem__(self, file: str) -> FileCounts:
        for counts in self.files:
            if counts.file == file:
                return counts
        raise KeyError(file)

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything at all."""
        return any(counts.changed for counts in self.files)

    def __str__(self) -> str:
        width = max(len(counts.file) for counts in self.files)
        lines = [f"imported {self.directory}:"]
        lines += [f"  {c.file:<{width}}  {c.describe()}" for c in self.files]
        if not self.changed:
            lines.append("  nothing changed: the database already held these rows")
        if self.ignored:
            lines.append(f"  ignored (not an import file): {', '.join(self.ignored)}")
        return "\n".join(lines)
