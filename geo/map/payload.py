"""The map's payload: everything `map.js` draws, built once for the live map and the export.

One JSON document holds the country and district shapes, the district labels, the event
markers, every day's view of the story (`view_schedule`: each district's style and
tooltip, the events shown by then) and each day's date in words. With it the map shows
any day by itself; `payload_html` puts it in the page beside the view to draw first, and
`map.js` reads both. Styles and every sentence are decided here and in `geo.story`; the
script only looks them up. Text travels as plain text (the script places it with
``textContent``); the JSON is escaped once, for a <script> element, by `geo.html.script_json`.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.dataset.load import Dataset, place_name
from geo.html import esc
from geo.i18n import ENGLISH, Language
from geo.map.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    CONTEXT_DASH,
    CORRIDOR_DASH,
    HATCHED,
    STATUS_COLOURS,
    STATUS_DASH,
    category_colour,
)
from geo.story.details import events_in
from geo.story.status import DistrictStatus, Status, day_index, status_on, story_days

# The script and styles that draw the payload, in the live map and the export alike.
SCRIPT = Path(__file__).resolve().parent / "map.js"
STYLES = Path(__file__).resolve().parent / "map.css"
# The id of the page element that holds the payload (its data-view attribute: the first view).
DATA_ID = "handover-map-data"

OSM_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
}
# Events this recent are drawn larger: what just happened should catch the eye.
RECENT = timedelta(days=2)
HIGHLIGHT = {"weight": 4, "fillOpacity": 0.8}
# The class names let a reader's tools (and the tests) tell the outlines apart.
OUTLINE_STYLES = {
    "handover": {"color": "#222", "weight": 1, "fill": False,
                 "className": "district-outline handover"},
    "context": {"color": CONTEXT_COLOUR, "weight": 1, "fill": False, "dashArray": CONTEXT_DASH,
                "className": "district-outline context"},
    "corridor": {"color": "#222", "weight": 1, "fill": False, "dashArray": CORRIDOR_DASH,
                 "className": "district-outline corridor"},
}
# Coordinates travel as whole steps of 1/COORD_SCALE degree (about a metre), each ring as a
# flat list of steps from the previous point (see `pack_shape`): less than half the size of
# GeoJSON's decimal pairs, which the first page load carries.
COORD_SCALE = 100_000


def words(lang: Language = ENGLISH) -> dict[str, str]:
    """Words the script shows on the map itself, in ``lang`` (map.js fills in ``{date}``)."""
    return {
        "shows": lang._("Map shows {date}"),
        "tileError": lang._("The online basemap could not load; showing the offline country "
                            "outlines."),
    }


def map_payload(dataset: Dataset, tiles: bool, lang: Language = ENGLISH) -> dict:
    """What the map draws for ``dataset``, with OpenStreetMap's tiles under it if ``tiles``.

    Worth caching: it does not depend on the day or selection shown (see `payload_html`).
    Its words, names, tooltips and dates are in ``lang``.
    """
    events = events_in(dataset.events, dataset, lang)
    basemap = dataset.basemap
    districts = dataset.districts
    minx, miny, maxx, maxy = dataset.handover_districts.total_bounds
    return {
        "center": [(miny + maxy) / 2, (minx + maxx) / 2],
        "bounds": [[miny, minx], [maxy, maxx]],
        "scale": COORD_SCALE,
        "tiles": OSM_TILES if tiles else None,
        "words": words(lang),
        # The map's frame is a document of its own: its html lang, for screen readers.
        "lang": lang.code,
        "basemap": [] if basemap is None else [pack_shape(g) for g in basemap.geometry],
        # Over tiles the countries are outlines only; without tiles they are the land.
        "basemapStyle": {"fillColor": BASEMAP_FILL, "color": BASEMAP_LINE, "weight": 1,
                         "fillOpacity": 0.0 if tiles else 1.0},
        "districts": [
            {"id": district_id, "role": role, "shape": pack_shape(geometry)}
            for district_id, role, geometry in zip(
                districts["id"], districts["role"], districts.geometry, strict=True)],
        "outlineStyles": OUTLINE_STYLES,
        # The stripes of each hatched status, which map.js makes as SVG patterns.
        "hatches": {status: STATUS_COLOURS[status] for status in HATCHED},
        "highlight": HIGHLIGHT,
        "events": [
            {"id": event_id, "lat": point.y, "lon": point.x,
             "tooltip": f"{lang.long_date(start)}: {title}"}
            for event_id, point, start, title in zip(
                events["id"], events.geometry, events["start"], events["title"], strict=True)],
        "labels": [
            {"lat": point.y, "lon": point.x, "name": place_name(record, lang.code),
             "kind": record["role"]}
            for record, point in zip(districts.to_dict("records"),
                                     districts.representative_point(), strict=True)
            # The corridor is named in its tooltip and the legend.
            if record["role"] != "corridor"],
        "days": [lang.long_date(day) for day in story_days(dataset)],
        "schedule": view_schedule(dataset, lang),
    }


def payload_html(payload_json: str, view: dict) -> str:
    """The payload (as `geo.html.script_json` wrote it) in a JSON <script>, with its first view.

    ``view`` is `first_view`'s answer: the map draws it at once, with no access to the
    page around it, then follows the page if it can.
    """
    return (f'<script type="application/json" id="{DATA_ID}" data-view="{esc(json.dumps(view))}">'
            f"{payload_json}</script>")


def first_view(dataset: Dataset, day: date, selected: str | None,
               follow: dict | None = None) -> dict:
    """The view a map draws first: the story's day index and the selected district.

    ``follow`` names what the map follows in the page around it, if it can reach it:
    ``{"slider": CSS selector of a date slider, "step": attribute carrying the steps}``.
    """
    return {"day": day_index(dataset, day), "selected": selected, "follow": follow}


def date_view(dataset: Dataset, day: date, selected: str | None) -> dict:
    """What the map shows on ``day`` with ``selected`` outlined, as the script looks it up.

    Each fill's style and tooltip, and the events so far with their marker styles (recent
    ones emphasised). `view_schedule` holds this for every day.
    """
    return {"districts": [_district_view(s, s.id == selected) for s in status_on(dataset, day)],
            "events": [_event_view(category, start, day)
                       | {"id": event_id}
                       for event_id, category, start in zip(
                           dataset.events["id"], dataset.events["category"],
                           dataset.events["start"], strict=True) if start <= day]}


def _district_view(status: DistrictStatus, selected: bool) -> dict:
    return {"id": status.id,
            "style": fill_style(status.status, selected, corridor=status.part_of is not None),
            "tooltip": status.tooltip}


def _event_view(category: str, start: date, day: date) -> dict:
    recent = day - start < RECENT
    return {"recent": recent, "style": marker_style(category, recent)}


def view_schedule(dataset: Dataset, lang: Language = ENGLISH) -> dict:
    """`date_view` of every day of the story and every selection, compactly.

    Each style and tooltip is listed once and referred to by its index. On the story's
    ``i``-th day (`story_days`), a district ``[id, days]`` has ``days[i] = [style, style
    when selected, tooltip]``, and an event ``[id, days]`` has ``days[i] = style``, or -1
    before it happened. The script's ``viewOn`` reads this.
    """
    days = story_days(dataset)
    styles: dict[str, int] = {}
    tips: dict[str, int] = {}

    def ref(table: dict[str, int], value) -> int:
        return table.setdefault(json.dumps(value, sort_keys=True), len(table))

    districts = {district_id: [] for district_id in dataset.handover_districts["id"]}
    for day in days:
        for status in status_on(dataset, day, lang):
            plain, chosen = _district_view(status, False), _district_view(status, True)
            districts[status.id].append(
                [ref(styles, plain["style"]), ref(styles, chosen["style"]),
                 ref(tips, plain["tooltip"])])
    # Per event, not per day: the story has dozens of days and the events are few.
    events = [[event_id, [-1 if start > day else
                          ref(styles, _event_view(category, start, day)["style"])
                          for day in days]]
              for event_id, category, start in zip(dataset.events["id"],
                                                   dataset.events["category"],
                                                   dataset.events["start"], strict=True)]
    return {"days": len(days), "styles": [json.loads(style) for style in styles],
            "tips": [json.loads(tip) for tip in tips],
            "districts": [[district_id, entries] for district_id, entries in districts.items()],
            "events": events}


def pack_shape(geometry: Polygon | MultiPolygon) -> list[list[list[int]]]:
    """A (multi)polygon as polygons of rings, each ring a flat list of integer steps.

    ``[dx0, dy0, dx1, dy1, ...]`` in 1/COORD_SCALE degree, the first step from (0, 0); the
    script's ``unpack`` adds them up. Exterior ring first, then the holes.
    """
    return [[_pack_ring(ring.coords) for ring in (polygon.exterior, *polygon.interiors)]
            for polygon in shapely.get_parts(geometry)]


def _pack_ring(coords) -> list[int]:
    points = np.rint(np.asarray(coords)[:, :2] * COORD_SCALE).astype(np.int64)
    return np.diff(points, axis=0, prepend=np.zeros((1, 2), np.int64)).ravel().tolist()


def fill_style(status: Status, selected: bool, corridor: bool = False) -> dict:
    """A handover district's fill: colour (and dashes while pending) by status.

    A hatched status fills with its stripes (map.js makes the pattern ``hatch-<status>``).
    A corridor, drawn over its district, is only a dashed outline while it shares its
    district's status or once handed over, and hatched while kept apart. The selected
    district gets a heavy black outline.
    """
    colour = STATUS_COLOURS[status]
    if corridor:
        kept = status in HATCHED
        return {"fillColor": f"url(#hatch-{status})" if kept else colour,
                "fillOpacity": 1 if kept else 0, "dashArray": CORRIDOR_DASH,
                "color": "#000" if selected else "#222", "weight": 4 if selected else 1.5}
    return {"fillColor": colour, "fillOpacity": 0.65, "dashArray": STATUS_DASH[status],
            "color": "#000" if selected else colour, "weight": 4 if selected else 2}


def marker_style(category: str, recent: bool) -> dict:
    """An event marker by category; the last two days' events larger, with a black ring."""
    colour = category_colour(category)
    return {"radius": 9 if recent else 5, "weight": 3 if recent else 1,
            "color": "#000" if recent else colour, "fillColor": colour, "fill": True,
            "fillOpacity": 0.95 if recent else 0.55}
