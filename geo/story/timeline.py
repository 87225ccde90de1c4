"""Tables behind the timeline: each handover district's phases, its deadlines, the event lane.

Phases come from `status_on` itself, so the timeline can never disagree with the map about
what was true on a day. Chart-bound dates are pandas Timestamps (midnight, no time zone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pandas as pd

from geo.dataset.load import Dataset, place_name
from geo.i18n import ENGLISH, Language
from geo.story.details import events_in
from geo.story.status import (
    AGREEMENT_IN_FORCE,
    deadline_notes,
    deadline_on,
    key_dates,
    period_of,
    status_label,
    status_on,
    story_range,
)
from geo.story.wording import category_label, when_label

# Days shown either side of the handovers in the default, zoomed-in view.
WINDOW_PADDING = timedelta(days=3)


def handover_window(dataset: Dataset) -> tuple[date, date]:
    """The default zoom: the agreement and the handovers of its period (November 2020).

    From just before the agreement to just after the last handover in the same period.
    """
    around = period_of(dataset, AGREEMENT_IN_FORCE)
    first, last = next(((start, end) for period, start, end in dataset.period_spans
                        if period == around), story_range(dataset))
    handovers = dataset.handover_districts
    dates = [d for col in ("deadline", "revised_deadline", "returned_on")
             for d in handovers[col] if d is not None and first <= d <= last]
    start = max(first, AGREEMENT_IN_FORCE - WINDOW_PADDING)
    end = min(last, max(dates, default=AGREEMENT_IN_FORCE) + WINDOW_PADDING)
    return start, end


WHOLE = "whole"


def windows(dataset: Dataset, lang: Language = ENGLISH) -> dict[str, tuple[str, date, date]]:
    """The timeline's views: each period, then the whole story, titled in ``lang``.

    id -> (title, first day, last day); the handovers' period is zoomed to `handover_window`.
    """
    zoomed = handover_window(dataset)
    views = {}
    for period in dataset.periods.to_dict("records"):
        span = (period["start"], period["end"])
        if span[0] <= zoomed[0] <= span[1]:
            span = zoomed
        title = dataset.text(lang.code, "periods.csv", period["id"], "title")
        views[period["id"]] = (title, *span)
    first, last = story_range(dataset)
    views[WHOLE] = (lang._("The whole story"), first, last)
    return views


def phases(dataset: Dataset, lang: Language = ENGLISH) -> pd.DataFrame:
    """One row per phase of each handover district and of the corridor, in schedule order.

    Phases are held, pending, returned, and for the corridor peacekeepers between the last two.

    A phase runs from ``start`` up to the day ``end`` (the next phase's first day, or the
    story's last day). The first held phase starts on ``controlled_since`` when that is
    earlier than the story's first day. Names, labels and periods are in ``lang``.
    """
    first, last = story_range(dataset)
    # Status only changes on key dates, so checking those days is checking every day.
    days = sorted({first, *(d for d in key_dates(dataset) if first < d <= last)})
    snapshots = [(day, {s.id: s.status for s in status_on(dataset, day)}) for day in days]
    rows: list[dict] = []
    for _, district in dataset.handover_districts.iterrows():
        runs: list[dict] = []
        for day, statuses in snapshots:
            status = statuses[district["id"]]
            if runs and runs[-1]["status"] == status:
                continue
            if runs:
                runs[-1]["end"] = day
            runs.append({"district_id": district["id"],
                         "district": place_name(district, lang.code), "status": status,
                         "label": status_label(status, lang), "start": day})
        runs[-1]["end"] = last
        since = district["controlled_since"]
        if runs[0]["status"] == "held" and since < first:
            runs[0]["start"] = since
        rows.extend(runs)
    frame = pd.DataFrame(rows)
    frame["period"] = [f"{lang.long_date(s)} – {lang.long_date(e)}" if e < last else
                       lang._("from {date}", date=lang.long_date(s))
                       for s, e in zip(frame["start"], frame["end"], strict=True)]
    return _timestamps(frame, "start", "end")


def deadline_markers(dataset: Dataset, lang: Language = ENGLISH) -> pd.DataFrame:
    """The handover deadlines: one per district, two where a deadline was moved.

    ``kind`` is 'deadline' (never moved), 'original' (later moved) or 'revised';
    a revised row carries ``replaces`` (the original date), ``announced`` and ``change``,
    a short label of the move.
    """
    _, last = story_range(dataset)
    rows = []
    for _, row in dataset.handover_districts.iterrows():
        base = {"district_id": row["id"], "district": place_name(row, lang.code)}
        original, final = row["deadline"], deadline_on(row, last)
        if original is None:  # a corridor: no deadline applied to it
            continue
        announced = row["revision_announced_on"]
        notes = deadline_notes(original, final, announced, lang)
        if "deadline" in notes:
            rows.append({**base, "kind": "deadline", "date": original, "replaces": None,
                         "announced": None, "change": "", "note": notes["deadline"]})
            continue
        rows.append({**base, "kind": "original", "date": original, "replaces": None,
                     "announced": None, "change": "", "note": notes["original"]})
        rows.append({**base, "kind": "revised", "date": final, "replaces": original,
                     "announced": announced, "change": notes["change"],
                     "note": notes["revised"]})
    return _timestamps(pd.DataFrame(rows), "date", "replaces", "announced")


def event_points(dataset: Dataset, lang: Language = ENGLISH) -> pd.DataFrame:
    """The event lane: one row per event, ``level`` stacking events that start on one day.

    Titles, ``when`` and ``kind`` (the category in words) are in ``lang``.
    """
    events, sources = events_in(dataset.events, dataset, lang), dataset.sources
    frame = pd.DataFrame({
        "id": events["id"],
        "start": events["start"],
        "end": [s if e is None else e for s, e in zip(events["start"], events["end"],
                                                                strict=True)],
        "title": events["title"],
        "category": events["category"],
        "kind": [category_label(c, lang) for c in events["category"]],
        "when": [when_label(s, e, p, lang) for s, e, p in
                 zip(events["start"], events["end"], events["time_precision"], strict=True)],
        "cited": [cite_list(ids, sources) for ids in events["sources"]],
    }).reset_index(drop=True)
    frame["level"] = frame.groupby("start").cumcount()
    return _timestamps(frame, "start", "end")


def cite_list(source_ids: Sequence[str], sources: pd.DataFrame) -> str:
    """Source ids with their publishers: 'S1 The Moscow Times; S2 Wikipedia'."""
    return "; ".join(f"{s} {sources.at[s, 'publisher']}" if s in sources.index else s
                     for s in source_ids)


def picked_date(picked: Sequence[Mapping], events: pd.DataFrame) -> date | None:
    """The start date of the event a chart selection points at (``[{'id': ...}]``), if any."""
    ids = [point.get("id") for point in picked if isinstance(point, Mapping)]
    match = events[events["id"].isin([i for i in ids if i])]
    return None if match.empty else match["start"].iloc[0]


def schedule(dataset: Dataset, lang: Language = ENGLISH) -> pd.DataFrame:
    """The handover schedule and how it changed, one row per district, for reading."""
    _, long = lang._, lang.long_date
    rows = []
    for row in dataset.handover_records:
        revised, announced = row["revised_deadline"], row["revision_announced_on"]
        note = dataset.text(lang.code, "handovers.csv", row["id"], "return_note")
        rows.append({
            _("District"): place_name(row, lang.code),
            _("Held since"): long(row["controlled_since"]),
            # The corridor had none: the statement kept it out of the handover.
            _("Deadline (10 Nov statement)"): long(row["deadline"]) if row["deadline"]
            else _("none (kept out)"),
            _("Revised deadline"): (_("{date} (announced {announced})", date=long(revised),
                                      announced=long(announced))
                                    if revised else _("unchanged")),
            _("Returned"): _("not yet") if row["returned_on"] is None else
                           long(row["returned_on"]) + (f" ({note})" if note else ""),
        })
    return pd.DataFrame(rows)


def chart_locale(lang: Language = ENGLISH) -> dict:
    """The chart's month and day names in ``lang``, as a Vega time-format locale (Babel's).

    The chart draws its axis dates in the browser; without this they would be English.
    """
    locale = lang.locale
    days = locale.days["format"]
    months = locale.months["format"]
    # Babel counts days from Monday (0), Vega from Sunday.
    week = [6, 0, 1, 2, 3, 4, 5]
    return {"time": {
        "dateTime": "%x, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
        "days": [days["wide"][d] for d in week],
        "shortDays": [days["abbreviated"][d] for d in week],
        "months": [months["wide"][m] for m in range(1, 13)],
        "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
    }}


def _timestamps(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame
