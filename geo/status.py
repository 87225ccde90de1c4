"""What was true on a given date: each district's status, the deadline as known then, events."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Literal

import geopandas as gpd

from geo.load import Dataset

# The trilateral statement took effect at 00:00 Moscow time on 10 Nov 2020 (sources S1, S2).
AGREEMENT_IN_FORCE = date(2020, 11, 10)
# The story starts with the war (27 Sep 2020) and runs a few days past the last handover.
STORY_PADDING = timedelta(days=4)

Status = Literal["held", "pending", "returned"]
STATUSES: tuple[Status, ...] = ("held", "pending", "returned")


@dataclass(frozen=True)
class DistrictStatus:
    """One handover district on one date.

    ``deadline`` is the deadline as it was known on that date (None before the agreement);
    ``returned_on`` is set once the district has been returned; ``days`` counts days until
    the deadline while pending, days since the return once returned.
    """

    id: str
    name: str
    status: Status
    deadline: date | None
    original_deadline: date
    deadline_revised: bool
    returned_on: date | None
    days: int | None
    caveat: str

    def as_json(self) -> dict:
        """A JSON-ready dict with ISO dates."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


def deadline_on(row, day: date) -> date:
    """The deadline of a handover row as it was known on ``day``."""
    revised, announced = row["revised_deadline"], row["revision_announced_on"]
    if _is_date(revised) and _is_date(announced) and day >= announced:
        return revised
    return row["deadline"]


def status_on(dataset: Dataset, day: date) -> list[DistrictStatus]:
    """Status of every handover district on ``day``, in the order of handover_districts."""
    statuses = []
    for row in dataset.handover_records:
        returned = row["returned_on"] if _is_date(row["returned_on"]) else None
        deadline = deadline_on(row, day)
        if day < AGREEMENT_IN_FORCE:
            status, shown, days = "held", None, None
        elif returned is not None and day >= returned:
            status, shown, days = "returned", deadline, (day - returned).days
        else:
            status, shown, days = "pending", deadline, (deadline - day).days
        statuses.append(DistrictStatus(
            id=row["id"], name=row["name_en"], status=status, deadline=shown,
            original_deadline=row["deadline"],
            deadline_revised=shown is not None and shown != row["deadline"],
            returned_on=returned if status == "returned" else None, days=days,
            caveat=row["caveat"] or ""))
    return statuses


def events_until(dataset: Dataset, day: date) -> gpd.GeoDataFrame:
    """Events that started on or before ``day``, oldest first."""
    return dataset.events[dataset.events["start"] <= day]


def story_range(dataset: Dataset) -> tuple[date, date]:
    """First and last day worth showing: every event and handover date, plus some padding."""
    ends = [d for d in dataset.events["end"] if _is_date(d)]
    days = key_dates(dataset) + ends
    return min(days), max(days) + STORY_PADDING


def key_dates(dataset: Dataset) -> list[date]:
    """Dates worth jumping to: every event start and every handover date, sorted, unique."""
    handovers = dataset.handover_districts
    days = {d for col in ("deadline", "revised_deadline", "revision_announced_on", "returned_on")
            for d in handovers[col] if _is_date(d)}
    days |= set(dataset.events["start"])
    days.add(AGREEMENT_IN_FORCE)
    return sorted(days)


def jump_date(dataset: Dataset, day: date, forward: bool) -> date | None:
    """The next (or previous) key date after (or before) ``day``; None at either end."""
    dates = key_dates(dataset)
    if forward:
        return next((d for d in dates if d > day), None)
    return next((d for d in reversed(dates) if d < day), None)


def _is_date(value: object) -> bool:
    return isinstance(value, date)
