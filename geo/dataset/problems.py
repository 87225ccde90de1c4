"""Validation problems: each names the file, the row and the field, and all are raised together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one data file.

    ``row`` is the line number a spreadsheet or editor shows (the header is row 1) for CSV
    files, and the 1-based feature number for GeoJSON; ``None`` when the whole file is at fault.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        what = self.message if self.field is None else f"{self.field} {self.message}"
        return f"{where}: {what}"


class DataError(ValueError):
    """The data directory failed validation; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__(head + ":\n" + "\n".join(f"- {p}" for p in self.problems))
