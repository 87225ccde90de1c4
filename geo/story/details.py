"""Words for the map: the one-line summary of a date and the details of one district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.dataset.load import NAME_LANGUAGES, Dataset, place_names, waypoint_names
from geo.dataset.placement import outline_note
from geo.i18n import DEFAULT, ENGLISH, Language
from geo.story.status import APPROXIMATE, CONTROLLED_SINCE, DistrictStatus, events_until, status_on

NEAR_METRES = 15_000


def summary_line(statuses: list[DistrictStatus], day: date, selected: str | None = None,
                 lang: Language = ENGLISH) -> str:
    """The map in one plain-text line, returned districts first; also its text alternative.

    With a district selected, the line ends by naming it: the map outlines it. In ``lang``,
    the language of ``statuses``.
    """
    # A corridor is named once it is apart from its district: until then its district's
    # words hold for it.
    shown = [s for s in statuses if s.part_of is None or s.status != "held"]
    returned = [s for s in shown if s.status == "returned"]
    others = [s for s in shown if s.status != "returned"]
    line = f"{lang.long_date(day)}: " + "; ".join(s.summary for s in returned + others)
    name = next((s.name for s in statuses if s.id == selected), None)
    return line if name is None else lang._("{line}. Outlined on the map: {name}", line=line,
                                            name=name)


def standing_lines(record: dict, caveat: str, lang: Language = ENGLISH) -> list[tuple[str, str]]:
    """What the details panel says of a handover district on any day, as (label, text).

    ``record`` is one of `Dataset.handover_records`, ``caveat`` its caveat in ``lang``.
    """
    _ = lang._
    outline = (_("Area ({approximate})", approximate=_(APPROXIMATE)) if record["part_of"]
               else _("Area (generalised polygon)"))
    lines = [(_(CONTROLLED_SINCE), lang.long_date(record["controlled_since"])),
             (outline, _("{area} km²", area=lang.number(record["area_km2"])))]
    if waypoints := waypoint_names(record, lang.code):
        lines.append((_("Drawn through"), waypoints))
    return [*lines, (_("Caveat"), caveat or "—")]


def district_at(dataset: Dataset, lat: float, lon: float) -> str | None:
    """The handover district containing a clicked point, if any."""
    point = Point(lon, lat)
    handover = dataset.handover_districts
    hits = handover[handover.contains(point)]
    # The corridor is drawn over its district: a click inside it chooses it.
    hits = hits.sort_values("role", key=lambda role: role != "corridor")
    return None if hits.empty else str(hits.iloc[0]["id"])


@dataclass(frozen=True)
class DistrictDetails:
    """Everything the details panel shows about one handover district on one date.

    ``names`` maps each language code of `geo.dataset.load.NAME_LANGUAGES` to the name, ''
    where none;
    the deadline, its change and the day counts are in ``status``.
    """

    id: str
    names: dict[str, str]
    status: DistrictStatus
    standing: list[tuple[str, str]]  # `standing_lines`
    handover_sources: list[str]
    revision_sources: list[str]
    events: gpd.GeoDataFrame


def district_details(dataset: Dataset, district_id: str, day: date,
                     lang: Language = ENGLISH) -> DistrictDetails:
    """Details of a handover district as known on ``day``, with the events in or near it.

    In ``lang``; ``names`` are keyed by language code, each name in its own language.
    """
    row = next(r for r in dataset.handover_records if r["id"] == district_id)
    status = next(s for s in status_on(dataset, day, lang) if s.id == district_id)
    return DistrictDetails(
        id=district_id,
        names={code: row[f"name_{code}"] for code, _ in NAME_LANGUAGES},
        status=status,
        standing=standing_lines(row, status.caveat, lang),
        handover_sources=list(row["handover_sources"]),
        revision_sources=revision_sources(dataset, district_id),
        events=events_near(dataset, district_id, day, lang),
    )


def revision_sources(dataset: Dataset, district_id: str) -> list[str]:
    """Sources of the deadline change, or [] if there was none.

    They are the sources of the district's events on the day the change was announced,
    else those of the handover row.
    """
    row = next(r for r in dataset.handover_records if r["id"] == district_id)
    announced = row["revision_announced_on"]
    if announced is None:
        return []
    events = dataset.events
    same_day = events[(events["district_id"] == district_id) & (events["start"] == announced)]
    cited = list(dict.fromkeys(s for sources in same_day["sources"] for s in sources))
    return cited or list(row["handover_sources"])


def events_near(dataset: Dataset, district_id: str, day: date,
                lang: Language = ENGLISH) -> gpd.GeoDataFrame:
    """Events up to ``day`` tagged with the district or within NEAR_METRES of it, newest first.

    Column ``outline_note`` says, for an event tagged with the district whose marker lies
    outside the district's generalised outline, by how much ('' otherwise).
    """
    events = events_in(events_until(dataset, day), dataset, lang)
    if events.empty:
        return events.assign(outline_note=pd.Series(dtype=str))
    distance = dataset.event_distances.loc[events["id"], district_id].to_numpy()
    tagged = (events["district_id"] == district_id).to_numpy()
    notes = outline_notes(dataset, lang)
    near = events.assign(outline_note=[notes.get(e, "") for e in events["id"]])
    return near[tagged | (distance <= NEAR_METRES)].sort_values(["start", "id"], ascending=False)


def events_in(events: gpd.GeoDataFrame, dataset: Dataset, lang: Language) -> gpd.GeoDataFrame:
    """``events`` (rows of ``dataset.events``) with their titles and summaries in ``lang``.

    English is the data's own text, as loaded.
    """
    if lang.code == DEFAULT:
        return events
    return events.assign(**{field: [dataset.text(lang.code, "events.csv", event, field)
                                    for event in events["id"]]
                            for field in ("title", "summary")})


def outline_notes(dataset: Dataset, lang: Language = ENGLISH) -> dict[str, str]:
    """Event id -> note, for markers outside the outline of the handover district they tag.

    The loader has already kept them within the tolerance (geo.dataset.placement).
    """
    names = place_names(dataset.districts, lang.code)
    distances = dataset.event_distances
    return {event: outline_note(float(distances.at[event, district]), names[district], lang)
            for event, district in zip(dataset.events["id"], dataset.events["district_id"],
                                       strict=True)
            if district in distances.columns and distances.at[event, district] > 0}

