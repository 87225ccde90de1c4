"""How dates and counts read everywhere: the live map, the timeline, the events and the export.

Each takes the reader's language (`geo.i18n`); English where none is given.
"""

from __future__ import annotations

from datetime import date

from geo.i18n import ENGLISH, N_, Language

# The dashboard's name: the browser tab, link previews, the export's title. Shown through
# `title`, in the reader's language.
TITLE = N_("Handover of Kalbajar, Aghdam and Lachin, November 2020")


# The event categories that data/README.md names, in words; any other category is the data's
# own word and is shown as it is.
# Translators: a kind of event, in the Events table, its filter and the timeline's legend.
CATEGORY_LABELS = {"war": N_("War"), "agreement": N_("Agreement"),
                   "peacekeeping": N_("Peacekeeping"), "politics": N_("Politics"),
                   "displacement": N_("Displacement"), "heritage": N_("Heritage"),
                   "handover": N_("Handover")}


def category_label(category: str, lang: Language = ENGLISH) -> str:
    """An event category in words: 'War', 'Война'; an unknown category as the data has it."""
    label = CATEGORY_LABELS.get(category)
    return category if label is None else lang._(label)


def title(lang: Language = ENGLISH) -> str:
    """`TITLE` in ``lang``."""
    return lang._(TITLE)


# How precisely an event's marker places it (data/README.md), in words.
LOCATION_LABELS = {"exact": N_("location exact"), "approximate": N_("location approximate"),
                   "region": N_("location region")}


def location_label(precision: str, lang: Language = ENGLISH) -> str:
    """How precisely an event's marker places it: 'location exact'."""
    return lang._(LOCATION_LABELS[precision])


def long_date(day: date, lang: Language = ENGLISH) -> str:
    """'21 Nov 2020' (no leading zero); '21 нояб. 2020 г.' in Russian."""
    return lang.long_date(day)


def short_date(day: date, lang: Language = ENGLISH) -> str:
    """'21 Nov': for lines where the year is obvious."""
    return lang.short_date(day)


def when_label(start: date, end: date | None, precision: str, lang: Language = ENGLISH) -> str:
    """When an event happened, in words that keep its precision (day, span or within).

    ``end`` is the event's last day; None means a single day.
    """
    if end is None or end == start:
        return lang.long_date(start)
    if precision == "within":
        return lang._("some day between {start} and {end}", start=lang.long_date(start),
                      end=lang.long_date(end))
    return f"{lang.long_date(start)} – {lang.long_date(end)}"


def published_label(published: date | None, precision: str, lang: Language = ENGLISH) -> str:
    """When a source was published: '15 Nov 2020'; 'Dec 2020' if only the month is known."""
    if published is None:
        return ""
    return lang.month_year(published) if precision == "month" else lang.long_date(published)


def source_title(title: str, kind: object) -> str:
    """A headline in quotation marks, exactly as published; our own description as it is."""
    return f"“{title}”" if kind == "headline" else title


def days(number: int, lang: Language = ENGLISH) -> str:
    """'1 day', '4 days'."""
    return lang.ngettext("{count} day", "{count} days", number)
