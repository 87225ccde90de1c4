"""How dates and counts read everywhere: the live map, the timeline, the events and the export."""

from __future__ import annotations

from datetime import date

# The dashboard's name: the browser tab, link previews, the export's title.
TITLE = "Handover of Kalbajar, Aghdam and Lachin, November 2020"


def long_date(day: date) -> str:
    """'21 Nov 2020' (no leading zero)."""
    return f"{day.day} {day:%b %Y}"


def short_date(day: date) -> str:
    """'21 Nov': for lines where the year is obvious."""
    return f"{day.day} {day:%b}"


def when_label(start: date, end: date | None, precision: str) -> str:
    """When an event happened, in words that keep its precision (day, span or within).

    ``end`` is the event's last day; None means a single day.
    """
    if end is None or end == start:
        return long_date(start)
    if precision == "within":
        return f"some day between {long_date(start)} and {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def published_label(published: date | None, precision: str) -> str:
    """When a source was published: '15 Nov 2020'; 'Dec 2020' if only the month is known."""
    if published is None:
        return ""
    return f"{published:%b %Y}" if precision == "month" else long_date(published)


def source_title(title: str, kind: object) -> str:
    """A headline in quotation marks, exactly as published; our own description as it is."""
    return f"“{title}”" if kind == "headline" else title


def plural(number: int, noun: str) -> str:
    """'1 day', '4 days'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
