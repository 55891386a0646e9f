"""Errors that name what went wrong and where, for the CLI's one-line messages."""

from __future__ import annotations


class BadInput(ValueError):
    """Input the user must fix. The CLI prints it on one line and exits with code 2."""


class CsvError(BadInput):
    """A bad CSV field: names the file, the line, and the column."""

    def __init__(self, file: str, line: int, column: str | None, message: str) -> None:
        self.file, self.line, self.column, self.message = file, line, column, message
        where = f"{file}:{line}" + (f": column {column}" if column else "")
        super().__init__(f"{where}: {message}")
