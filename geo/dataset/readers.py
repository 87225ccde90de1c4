"""Read data files as text and check their fields, recording problems instead of raising.

Every reader and checker appends `Problem`s to a shared list so that one run of
validation reports everything wrong with a data directory at once.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from geo.dataset.problems import Problem

# ASCII digits only: \d also matches other scripts' digits.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def iso_date(text: str) -> date | None:
    """The day that ``text`` names in the one documented form, YYYY-MM-DD; else None.

    date.fromisoformat alone (Python 3.11+) also reads 20201121 and 2020-W47-6.
    """
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # the right form, but no such day (2020-02-30)
        return None


def read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after recording why it cannot be read."""
    if not path.is_file():
        problems.append(Problem(label, "file is missing"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        problems.append(Problem(label, f"is not UTF-8 text (bad byte at offset {err.start})",
                                row=line))
        return None
    if not text.strip():
        problems.append(Problem(label, "file is empty"))
        return None
    return text


def read_csv(
    path: Path, label: str, columns: tuple[str, ...], problems: list[Problem]
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (row number, record); header row is row 1.

    Rows whose field count does not match the header (a truncated file, an unquoted
    comma) are reported and left out, as is everything when a column is missing.
    """
    text = read_text(path, label, problems)
    if text is None:
        return []
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        missing = [c for c in columns if c not in header]
        for column in missing:
            problems.append(Problem(label, "column is missing", row=1, field=column))
        if missing:
            return []
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(Problem(
                    label, f"has {len(values)} fields, expected {len(header)} "
                    "(truncated line or unquoted comma?)", row=reader.line_num))
                continue
            record = {k: v.strip() for k, v in zip(header, values, strict=True)}
            rows.append((reader.line_num, record))
    except csv.Error as err:
        problems.append(Problem(label, f"is not valid CSV: {err}", row=reader.line_num))
        return []
    if not rows:
        problems.append(Problem(label, "has no data rows"))
    return rows


def read_json(path: Path, label: str, problems: list[Problem]) -> object | None:
    """Parsed JSON, or None after recording why (a truncated file fails here)."""
    text = read_text(path, label, problems)
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        problems.append(Problem(label, f"is not valid JSON (line {err.lineno}, column "
                                       f"{err.colno}: {err.msg}); is it truncated?"))
        return None


class FieldCheck:
    """Typed access to one record's fields; each failed check records a Problem and gives None."""

    def __init__(self, label: str, row: int, record: dict, problems: list[Problem]):
        self.label, self.row, self.record, self.problems = label, row, record, problems

    def fail(self, field: str, message: str) -> None:
        """Record a problem with this record's ``field``."""
        self.problems.append(Problem(self.label, message, row=self.row, field=field))

    def text(self, field: str, required: bool = True) -> str:
        """The field as text; kept verbatim (HTML included) and escaped wherever it is shown."""
        value = self.record.get(field)
        value = "" if value is None else str(value).strip()
        if required and not value:
            self.fail(field, "is empty")
        return value

    def date(self, field: str, required: bool = True) -> date | None:
        """A YYYY-MM-DD calendar date."""
        value = self.text(field, required)
        if not value:
            return None
        day = iso_date(value)
        if day is None:
            self.fail(field, f"{value!r} is not a date (YYYY-MM-DD)")
        return day

    def month(self, field: str) -> date | None:
        """A YYYY-MM month, as the first day of that month."""
        value = self.text(field)
        if not value:
            return None
        try:
            if not _MONTH.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(f"{value}-01")
        except ValueError:
            self.fail(field, f"{value!r} is not a month (YYYY-MM)")
            return None

    def number(self, field: str, low: float, high: float) -> float | None:
        """A finite number within [low, high]."""
        value = self.text(field)
        if not value:
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(field, f"{value!r} is not a number")
            return None
        if not low <= number <= high:
            self.fail(field, f"{value} is out of range ({low:g} to {high:g})")
            return None
        return number

    def choice(self, field: str, options: tuple[str, ...]) -> str | None:
        """One of ``options``."""
        value = self.text(field)
        if value and value not in options:
            self.fail(field, f"{value!r} is not one of: {', '.join(options)}")
            return None
        return value or None

    def url(self, field: str) -> str:
        """An http(s) link: anything else (javascript:, data:) would be unsafe to render."""
        value = self.text(field)
        parsed = urlparse(value)
        if value and (parsed.scheme not in ("http", "https") or not parsed.netloc):
            self.fail(field, f"{value!r} is not an http(s) URL")
            return ""
        return value

    def sources(self, field: str, known: set[str] | None) -> list[str]:
        """A ';'-separated list of source ids, each in ``known`` (unchecked if None)."""
        value = self.text(field)
        ids = [s.strip() for s in value.split(";") if s.strip()]
        if not ids and value:
            self.fail(field, "lists no source id")
        for source in ids:
            if known is not None and source not in known:
                self.fail(field, f"cites unknown source {source!r} (not in sources.csv)")
        return ids
