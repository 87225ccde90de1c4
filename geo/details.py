"""Words for the map: the one-line summary of a date and the details of one district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
from shapely.geometry import Point

from geo.load import Dataset
from geo.status import DistrictStatus, events_until, status_on
from geo.wording import long_date, short_date

NEAR_METRES = 15_000


def describe(status: DistrictStatus) -> str:
    """One district's state in a few words, e.g. 'Kalbajar pending, deadline 25 Nov'."""
    if status.status == "held":
        return f"{status.name} held by Armenian forces"
    if status.status == "returned":
        return f"{status.name} returned on {short_date(status.returned_on)}"
    text = f"{status.name} pending, deadline {short_date(status.deadline)}"
    if status.deadline_revised:
        text += f" (extended from {short_date(status.original_deadline)})"
    return text


def summary_line(statuses: list[DistrictStatus], day: date) -> str:
    """The map in one plain-text line, returned districts first; also its text alternative."""
    returned = [s for s in statuses if s.status == "returned"]
    others = [s for s in statuses if s.status != "returned"]
    return f"{long_date(day)}: " + "; ".join(describe(s) for s in returned + others)


def district_at(dataset: Dataset, lat: float, lon: float) -> str | None:
    """The handover district containing a clicked point, if any."""
    point = Point(lon, lat)
    handover = dataset.handover_districts
    hits = handover[handover.contains(point)]
    return None if hits.empty else str(hits.iloc[0]["id"])


@dataclass(frozen=True)
class DistrictDetails:
    """Everything the details panel shows about one handover district on one date."""

    id: str
    names: dict[str, str]
    status: DistrictStatus
    controlled_since: date
    deadline: date
    revised_deadline: date | None
    revision_announced_on: date | None
    area_km2: float
    handover_sources: list[str]
    revision_sources: list[str]
    events: gpd.GeoDataFrame


def district_details(dataset: Dataset, district_id: str, day: date) -> DistrictDetails:
    """Details of a handover district as known on ``day``, with the events in or near it."""
    row = next(r for r in dataset.handover_records if r["id"] == district_id)
    status = next(s for s in status_on(dataset, day) if s.id == district_id)
    return DistrictDetails(
        id=district_id,
        names={"English": row["name_en"], "Azerbaijani": row["name_az"],
               "Armenian": row["name_hy"], "Russian": row["name_ru"]},
        status=status,
        controlled_since=row["controlled_since"],
        deadline=row["deadline"],
        revised_deadline=_date_or_none(row["revised_deadline"]),
        revision_announced_on=_date_or_none(row["revision_announced_on"]),
        area_km2=float(row["area_km2"]),
        handover_sources=list(row["handover_sources"]),
        revision_sources=revision_sources(dataset, district_id),
        events=events_near(dataset, district_id, day),
    )


def revision_sources(dataset: Dataset, district_id: str) -> list[str]:
    """Sources of the deadline change, or [] if there was none.

    They are the sources of the district's events on the day the change was announced,
    else those of the handover row.
    """
    row = next(r for r in dataset.handover_records if r["id"] == district_id)
    announced = _date_or_none(row["revision_announced_on"])
    if announced is None:
        return []
    events = dataset.events
    same_day = events[(events["district_id"] == district_id) & (events["start"] == announced)]
    cited = list(dict.fromkeys(s for sources in same_day["sources"] for s in sources))
    return cited or list(row["handover_sources"])


def events_near(dataset: Dataset, district_id: str, day: date) -> gpd.GeoDataFrame:
    """Events up to ``day`` tagged with the district or within NEAR_METRES of it, newest first."""
    events = events_until(dataset, day)
    if events.empty:
        return events
    distance = dataset.event_distances.loc[events["id"], district_id].to_numpy()
    near = events[(events["district_id"] == district_id).to_numpy() | (distance <= NEAR_METRES)]
    return near.sort_values(["start", "id"], ascending=False)


def _date_or_none(value: object) -> date | None:
    return value if isinstance(value, date) else None
