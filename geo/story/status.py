"""What was true on a given date: each district's status, the deadline as known then, events."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Literal

import geopandas as gpd

from geo.dataset.load import Dataset, place_name
from geo.i18n import DEFAULT, ENGLISH, N_, Language

# The trilateral statement took effect at 00:00 Moscow time on 10 Nov 2020 (sources S1, S2).
AGREEMENT_IN_FORCE = date(2020, 11, 10)

# peacekeepers: an area kept out of its district's handover (the Lachin corridor), under the
# Russian peacekeepers that the statement deployed, until it was handed over in turn.
Status = Literal["held", "pending", "peacekeepers", "returned"]
STATUSES: tuple[Status, ...] = ("held", "pending", "peacekeepers", "returned")
# A status in words, for the legend, the timeline, the details panel and the export. Every
# sentence about a status is written in this module (tests/test_status_wording.py checks);
# `status_label` gives them in the reader's language.
STATUS_LABELS: dict[Status, str] = {
    "held": N_("Held by Armenian forces"),
    "pending": N_("Handover agreed, pending"),
    "peacekeepers": N_("Under Russian peacekeepers"),
    "returned": N_("Returned to Azerbaijan"),
}
CONTROLLED_SINCE = N_("Under Armenian control since")
# Said of a corridor wherever it is named: its outline is drawn from a few waypoints.
APPROXIMATE = N_("approximate outline")


def status_label(status: Status, lang: Language = ENGLISH) -> str:
    """The status in words in ``lang``: 'Handover agreed, pending'."""
    return lang._(STATUS_LABELS[status])


@dataclass(frozen=True)
class DistrictStatus:
    """One handover district on one day: what was known that day, and every sentence about it.

    This is the one place that words a status; the map, its tooltips and details panel, the
    timeline and the export all take their text from here. ``deadline`` is the deadline as
    known on ``day`` (None before the agreement); ``revised_deadline`` and
    ``revision_announced_on`` describe the data's change of deadline, whether or not it was
    known yet (``revision_known``). The day counts are separate, never negative, and None
    when they do not apply: ``days_to_deadline`` while pending up to the deadline,
    ``days_overdue`` while pending after it, ``days_since_return`` once returned.
    """

    id: str
    name: str
    day: date
    status: Status
    deadline: date | None
    original_deadline: date | None
    revised_deadline: date | None
    revision_announced_on: date | None
    revision_known: bool
    deadline_revised: bool
    returned_on: date | None
    days_to_deadline: int | None
    days_overdue: int | None
    days_since_return: int | None
    caveat: str
    # A corridor: the district it was part of, and since when it has been kept out of that
    # district's handover (None before then and once handed over itself).
    part_of: str | None = None
    kept_since: date | None = None
    # A district while an area of it is kept out of its handover (`EXCEPT_PART`).
    excepts_part: bool = False
    # Who gives the return date, where the sides give different ones.
    return_note: str = ""
    # The language of its sentences (names, caveat and return note are given in it too).
    lang: Language = field(default=ENGLISH, compare=False, repr=False)

    def as_json(self) -> dict:
        """A JSON-ready dict with ISO dates."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "lang"}
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}

    # --- sentences ---------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """The status in words: 'Handover agreed, pending'."""
        return status_label(self.status, self.lang)

    def _date(self, day: date) -> str:
        return self.lang.long_date(day)

    def _short(self, day: date) -> str:
        return self.lang.short_date(day)

    @property
    def count(self) -> str:
        """The day count that applies, e.g. '4 days to go', 'due today', '2 days overdue'.

        Once returned: 'today' or '1 day ago'; while held: 'no handover agreed yet'.
        """
        _, ngettext = self.lang._, self.lang.ngettext
        if self.days_to_deadline is not None:
            return _("due today") if self.days_to_deadline == 0 else \
                ngettext("{count} day to go", "{count} days to go", self.days_to_deadline)
        if self.days_overdue is not None:
            return ngettext("{count} day overdue", "{count} days overdue", self.days_overdue)
        if self.days_since_return is not None:
            return _("today") if self.days_since_return == 0 else \
                ngettext("{count} day ago", "{count} days ago", self.days_since_return)
        if self.kept_since is not None:
            return _("since {date}", date=self._date(self.kept_since))
        return _("no handover agreed yet")

    @property
    def _except(self) -> str:
        """', except the corridor' while an area of the district is kept out, else ''."""
        return self.lang._(", except the corridor") if self.excepts_part else ""

    @property
    def _returned_note(self) -> str:
        """' (Azerbaijan's date; ...)' where the sides give different return dates, else ''."""
        return f" ({self.return_note})" if self.return_note else ""

    @property
    def _name(self) -> str:
        """The name, with ' (approximate outline)' for a corridor."""
        if self.part_of is None:
            return self.name
        return f"{self.name} ({self.lang._(APPROXIMATE)})"

    def revision_clause(self, dated: Callable[[date], str] | None = None) -> str:
        """' (extended from 15 Nov 2020)' once a changed deadline is in force, else ''.

        ``dated`` writes the date: the language's long date, or its short one where the
        year is obvious.
        """
        if not self.deadline_revised:
            return ""
        original = (dated or self._date)(self.original_deadline)
        if self.deadline > self.original_deadline:
            return self.lang._(" (extended from {date})", date=original)
        return self.lang._(" (moved from {date})", date=original)

    @property
    def deadline_history(self) -> str:
        """'15 Nov 2020 → 25 Nov 2020' for a changed deadline (known yet or not), else the one.

        A corridor had none: the statement kept it out of the handover.
        """
        if self.original_deadline is None:
            return self.lang._("none: the statement kept the corridor out of the handover, "
                               "under Russian peacekeepers, and set three years to agree a "
                               "plan for a new road")
        if self.revised_deadline is None:
            return self._date(self.original_deadline)
        return f"{self._date(self.original_deadline)} → {self._date(self.revised_deadline)}"

    @property
    def revision_note(self) -> str | None:
        """'extension announced 15 Nov 2020' (', not yet known on this date' before then).

        None if the deadline never changed.
        """
        if self.revised_deadline is None or self.revision_announced_on is None:
            return None
        _ = self.lang._
        announced = self._date(self.revision_announced_on)
        extended = self.revised_deadline > self.original_deadline
        if self.revision_known:
            return (_("extension announced {date}", date=announced) if extended
                    else _("change announced {date}", date=announced))
        return (_("extension announced {date}, not yet known on this date", date=announced)
                if extended else
                _("change announced {date}, not yet known on this date", date=announced))

    @property
    def summary(self) -> str:
        """For the map's one-line summary, e.g. 'Kalbajar pending, deadline 25 Nov'."""
        _ = self.lang._
        if self.status == "held":
            return _("{name} held by Armenian forces", name=self.name)
        if self.status == "returned":
            return _("{name} returned on {date}", name=self.name,
                     date=self._short(self.returned_on)) + self._except
        if self.status == "peacekeepers":
            return _("{name} under Russian peacekeepers", name=self.name)
        overdue = f", {self.count}" if self.days_overdue is not None else ""
        return (_("{name} pending, deadline {date}", name=self.name,
                  date=self._short(self.deadline))
                + self.revision_clause(self._short) + overdue)

    @property
    def tooltip(self) -> str:
        """For the map's tooltip (plain text): 'Kalbajar: pending, deadline 25 Nov 2020'."""
        _ = self.lang._
        if self.status == "held":
            return _("{name}: held", name=self._name)
        if self.status == "returned":
            return (_("{name}: returned on {date}", name=self._name,
                      date=self._date(self.returned_on))
                    + self._returned_note + self._except)
        if self.status == "peacekeepers":
            return _("{name}: under Russian peacekeepers {count}, kept out of the handover",
                     name=self._name, count=self.count)
        overdue = f", {self.count}" if self.days_overdue is not None else ""
        return _("{name}: pending, deadline {date}", name=self._name,
                 date=self._date(self.deadline)) + overdue

    @property
    def details(self) -> str:
        """For the details panel: 'Handover agreed, pending (4 days to go)'.

        Once returned, with its day: 'Returned to Azerbaijan on 20 Nov 2020 (1 day ago)'.
        """
        if self.status == "returned":
            return (self._returned_on() + self._returned_note + self._except
                    + f" ({self.count})")
        if self.status == "peacekeepers":
            return f"{self.label} {self.count}"
        return f"{self.label} ({self.count})"

    def _returned_on(self) -> str:
        """'Returned to Azerbaijan on 20 Nov 2020'."""
        return self.lang._("Returned to Azerbaijan on {date}", date=self._date(self.returned_on))

    @property
    def timeline(self) -> str:
        """For the timeline's list of the day: the status, the deadline as known, the count."""
        if self.status == "held":
            return f"{self.label}, {self.count}"
        if self.status == "returned":
            return (self._returned_on() + self._returned_note + self._except
                    + f", {self.count}")
        if self.status == "peacekeepers":
            return f"{self.label} {self.count}"
        deadline = self.lang._("deadline {date}", date=self._date(self.deadline))
        return f"{self.label}, {deadline}{self.revision_clause()}, {self.count}"

    @property
    def lines(self) -> list[tuple[str, str]]:
        """For the details panel and the export's popup: (label, text) of status and deadline."""
        deadline = self.deadline_history
        if self.revision_note is not None:
            deadline += f" ({self.revision_note})"
        _ = self.lang._
        return [(_("Status on {date}", date=self._date(self.day)), self.details),
                (_("Deadline"), deadline)]


def deadline_notes(original: date, revised: date | None, announced: date | None,
                   lang: Language = ENGLISH) -> dict:
    """The timeline's words for a district's deadlines: one note, or two and a change label.

    ``{"deadline": note}`` for a deadline that never changed; otherwise ``original`` and
    ``revised`` notes, and ``change``, the short label drawn beside the revised deadline.
    """
    _, long, short = lang._, lang.long_date, lang.short_date
    if revised is None or revised == original:
        return {"deadline": _("Deadline set by the 10 Nov statement: {date}",
                              date=long(original))}
    dates = {"original": long(original), "revised": long(revised), "announced": long(announced)}
    shorts = {"original": short(original), "revised": short(revised),
              "announced": short(announced)}
    if revised > original:
        return {
            "original": _("Original deadline {original}, extended on {announced} to {revised}",
                          **dates),
            "revised": _("Revised deadline {revised} (extended from {original}; announced "
                         "{announced})", **dates),
            "change": _("{revised}, extended from {original}, announced {announced}", **shorts),
        }
    return {
        "original": _("Original deadline {original}, moved on {announced} to {revised}", **dates),
        "revised": _("Revised deadline {revised} (moved from {original}; announced "
                     "{announced})", **dates),
        "change": _("{revised}, moved from {original}, announced {announced}", **shorts),
    }


def default_date(dataset: Dataset) -> date:
    """The first view's day: the agreement taking effect, the story's turning point."""
    first, last = story_range(dataset)
    return min(max(AGREEMENT_IN_FORCE, first), last)


def deadline_on(row, day: date) -> date | None:
    """The deadline of a handover row as it was known on ``day`` (None for a corridor)."""
    revised, announced = row["revised_deadline"], row["revision_announced_on"]
    if revised is not None and announced is not None and day >= announced:
        return revised
    return row["deadline"]


def status_on(dataset: Dataset, day: date, lang: Language = ENGLISH) -> list[DistrictStatus]:
    """Status of every handover district on ``day``, in the order of handover_districts.

    Its sentences, names, caveats and return notes are in ``lang``.
    """
    return [district_status(row, day, lang, dataset) for row in dataset.handover_records]


def district_status(row: dict, day: date, lang: Language = ENGLISH,
                    dataset: Dataset | None = None) -> DistrictStatus:
    """One handover row (as in ``Dataset.handover_records``) on ``day``.

    A corridor (``part_of`` set) has no deadline: the statement kept it out of its
    district's handover and deployed Russian peacekeepers along it, so from the day it took
    effect until the corridor's own return it is under peacekeepers. Its district, once
    returned, says `EXCEPT_PART` until then (``part_kept_until``, set by the loader).
    """
    returned = row["returned_on"]
    deadline = deadline_on(row, day)
    to_go = overdue = since = kept = None
    if day < AGREEMENT_IN_FORCE:
        status, shown = "held", None
    elif returned is not None and day >= returned:
        status, shown, since = "returned", deadline, (day - returned).days
    elif row["part_of"] is not None:
        status, shown, kept = "peacekeepers", None, AGREEMENT_IN_FORCE
    else:
        status, shown = "pending", deadline
        if day <= deadline:
            to_go = (deadline - day).days
        else:
            overdue = (day - deadline).days
    announced = row["revision_announced_on"]

    def text(column: str) -> str:
        """A data text of the row in ``lang`` (`Dataset.text`); English is the row's own."""
        if dataset is None or lang.code == DEFAULT or not row[column]:
            return row[column]
        return dataset.text(lang.code, "handovers.csv", row["id"], column)

    return DistrictStatus(
        id=row["id"], name=place_name(row, lang.code), day=day, status=status, deadline=shown,
        original_deadline=row["deadline"], revised_deadline=row["revised_deadline"],
        revision_announced_on=announced,
        revision_known=announced is not None and day >= announced,
        deadline_revised=shown is not None and shown != row["deadline"],
        returned_on=returned if status == "returned" else None,
        days_to_deadline=to_go, days_overdue=overdue, days_since_return=since,
        caveat=text("caveat"), part_of=row["part_of"], kept_since=kept,
        excepts_part=status == "returned" and row["part_kept_until"] is not None
        and day < row["part_kept_until"],
        return_note=text("return_note") if status == "returned" else "", lang=lang)


def events_until(dataset: Dataset, day: date) -> gpd.GeoDataFrame:
    """Events that started on or before ``day``, oldest first."""
    return dataset.events[dataset.events["start"] <= day]


def story_range(dataset: Dataset) -> tuple[date, date]:
    """The story's first and last day: the start of its first period, the end of its last."""
    return dataset.period_spans[0][1], dataset.period_spans[-1][2]


def story_days(dataset: Dataset) -> list[date]:
    """Every day of the story's periods (periods.csv), in order: what the slider steps through.

    A gap between periods is one step, so a later period needs only a row of data.
    """
    return list(dataset.period_days)


def day_index(dataset: Dataset, day: date) -> int:
    """``day``'s index among `story_days`; a day between periods has the next one's."""
    return bisect.bisect_left(story_days(dataset), day)


def story_day(dataset: Dataset, day: date) -> date:
    """``day`` if the story covers it, else the nearest day it covers (the earlier on a tie)."""
    days = story_days(dataset)
    index = bisect.bisect_left(days, day)
    if index < len(days) and days[index] == day:
        return day
    nearby = days[max(index - 1, 0):index + 1]
    return min(nearby, key=lambda d: abs((d - day).days))


def step_day(dataset: Dataset, day: date, steps: int) -> date:
    """The story day ``steps`` days on from ``day`` (back if negative), as the slider steps.

    A gap between periods is one step; it stops at the story's first and last day.
    """
    days = story_days(dataset)
    index = min(max(day_index(dataset, story_day(dataset, day)) + steps, 0), len(days) - 1)
    return days[index]


def period_of(dataset: Dataset, day: date) -> str | None:
    """The id of the period that covers ``day``, or None between periods."""
    return next((period for period, start, end in dataset.period_spans if start <= day <= end),
                None)


def key_dates(dataset: Dataset) -> list[date]:
    """Dates worth jumping to: every event start and every handover date, sorted, unique."""
    handovers = dataset.handover_districts
    days = {d for col in ("deadline", "revised_deadline", "revision_announced_on", "returned_on")
            for d in handovers[col] if d is not None}
    days |= set(dataset.events["start"])
    days.add(AGREEMENT_IN_FORCE)
    return sorted(days)


def jump_date(dataset: Dataset, day: date, forward: bool) -> date | None:
    """The next (or previous) key date after (or before) ``day``; None at either end."""
    dates = key_dates(dataset)
    if forward:
        return next((d for d in dates if d > day), None)
    return next((d for d in reversed(dates) if d < day), None)

