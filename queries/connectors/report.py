"""What a sync did, per mapping entry; `str()` is the CLI's report (docs/connectors.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from queries.importer.summary import FileCounts


@dataclass(frozen=True)
class EntryCounts:
    """One entry: rows read from the source, what became of them (None when nothing was
    written because of problems) and the highest watermark read."""

    entry: str
    read: int
    counts: FileCounts | None
    watermark: Any = None

    @property
    def written(self) -> int:
        return 0 if self.counts is None else self.counts.inserted + self.counts.updated


@dataclass(frozen=True)
class SyncReport:
    """The outcome of `sync`: entries in load order, problems (a dry run's), empty features."""

    source: str
    entries: tuple[EntryCounts, ...]
    dry_run: bool = False
    problems: tuple[str, ...] = ()
    empty: tuple[str, ...] = ()

    def __getitem__(self, entry: str) -> EntryCounts:
        for counts in self.entries:
            if counts.entry == entry:
                return counts
        raise KeyError(entry)

    @property
    def read(self) -> int:
        return sum(counts.read for counts in self.entries)

    @property
    def written(self) -> int:
        """Rows inserted or updated (on a dry run: that would be)."""
        return sum(counts.written for counts in self.entries)

    def __str__(self) -> str:
        verb = "dry run of" if self.dry_run else "synced"
        lines = [f"{verb} {self.source}:"]
        width = max(len(counts.entry) for counts in self.entries)
        for counts in self.entries:
            lines.append(f"  {counts.entry:<{width}}  {_describe(counts)}")
        if self.problems:
            lines.append("  problems (nothing would be written):")
            lines += [f"    {problem}" for problem in self.problems]
        elif self.dry_run:
            lines.append("  nothing written: a dry run rolls back")
        elif not self.written:
            lines.append("  nothing changed: the database already held these rows")
        if self.empty:
            lines.append("  stays empty for this source:")
            lines += [f"    - {item}" for item in self.empty]
        return "\n".join(lines)


def _describe(entry: EntryCounts) -> str:
    read = "1 row read" if entry.read == 1 else f"{entry.read:,} rows read"
    if entry.counts is None:
        return read
    c = entry.counts
    if c.keyed:
        return f"{read}: {c.inserted:,} inserted, {c.updated:,} updated, {c.unchanged:,} unchanged"
    return f"{read}: {c.inserted:,} inserted, {c.duplicates:,} skipped duplicates"
