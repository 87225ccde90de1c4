"""The view in the first response: a light picture of a date's map, served inside the page.

Streamlit's page is an empty shell until its scripts have loaded (seconds on a phone), and
crawlers and readers without JavaScript never see more. So the page served for a view
holds a picture of it in Streamlit's root element: the districts in their status colours
as inline SVG, the date, the summary line and a legend, with no script and inline styles
only. React replaces what the root holds when the live app starts.

Colours and strokes are the live map's (`geo.map.payload.fill_style`, `OUTLINE_STYLES`),
every sentence is `geo.story`'s, in the view's language; text from the data is escaped
(`geo.html.esc`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from geo.dataset.load import Dataset, place_names
from geo.html import esc
from geo.i18n import ENGLISH, LANGUAGES, Language
from geo.map.payload import OUTLINE_STYLES, fill_style
from geo.map.style import (
    BASEMAP_FILL,
    HATCHED,
    STATUS_COLOURS,
    STATUS_DASH,
    hatch_note,
    swatch_background,
)
from geo.story.status import STATUSES, DistrictStatus, status_label

# The picture's width in its own units; its height follows the districts' shape. Whole
# units are about 300 m here, finer than the simplified outlines.
WIDTH = 600
# Outlines are simplified to this many degrees (about 400 m), which keeps every district
# recognisable at phone and desktop sizes in a few kilobytes.
SIMPLIFY_DEGREES = 0.004
MARGIN = 0.04  # of the width, around the handover districts
# Attributes that mark the picture for the pages' scripts and the benchmarks.
CONTAINER_ATTR = "data-first-view"
DATE_ATTR = "data-first-view-date"


@dataclass(frozen=True)
class Shape:
    """A district's outline as an SVG path in the picture's units, and where its name goes.

    ``names``: its name in each interface language (`geo.dataset.load.place_names`).
    """

    id: str
    role: str
    names: dict[str, str]
    path: str
    label: tuple[int, int]


@dataclass(frozen=True)
class Shapes:
    """Every district of a dataset drawn for the picture, and the picture's height."""

    height: int
    districts: tuple[Shape, ...]


def shapes(dataset: Dataset) -> Shapes:
    """The districts projected (equirectangular at the mean latitude) and simplified.

    The same for every view of a dataset: worth building once.
    """
    minx, miny, maxx, maxy = dataset.handover_districts.total_bounds
    stretch = math.cos(math.radians((miny + maxy) / 2))  # a degree of longitude is shorter
    span = max((maxx - minx) * stretch, 1e-9)
    scale = WIDTH * (1 - 2 * MARGIN) / span
    left, top = minx - MARGIN * WIDTH / scale / stretch, maxy + MARGIN * WIDTH / scale
    height = round((maxy - miny) * scale + 2 * MARGIN * WIDTH)

    def project(coords: np.ndarray) -> np.ndarray:
        return np.rint(np.column_stack([(coords[:, 0] - left) * stretch * scale,
                                        (top - coords[:, 1]) * scale])).astype(np.int64)

    districts = []
    rows = dataset.districts
    names = {code: place_names(rows, code) for code in LANGUAGES}
    for district_id, role, geometry in zip(rows["id"], rows["role"], rows.geometry, strict=True):
        simple = shapely.simplify(geometry, SIMPLIFY_DEGREES, preserve_topology=True)
        point = project(np.asarray(geometry.representative_point().coords))[0]
        districts.append(Shape(id=district_id, role=role,
                               names={code: by_id[district_id] for code, by_id in names.items()},
                               path=_path(simple, project),
                               label=(int(point[0]), int(point[1]))))
    return Shapes(height=height, districts=tuple(districts))


def _path(geometry, project) -> str:
    """SVG path data: each ring an absolute move, then relative whole-unit lines."""
    parts = []
    for polygon in shapely.get_parts(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            points = project(np.asarray(ring.coords)[:, :2])
            steps = np.diff(points, axis=0)
            steps = steps[(steps != 0).any(axis=1)]
            if len(steps) < 2:
                continue
            parts.append(f"M{points[0][0]} {points[0][1]}l"
                         + " ".join(f"{dx} {dy}" for dx, dy in steps.tolist()) + "z")
    return "".join(parts)


def _svg_style(style: dict) -> str:
    """A Leaflet path style (`fill_style`, `OUTLINE_STYLES`) as SVG presentation attributes."""
    fill = style.get("fillColor", "none") if style.get("fill", True) else "none"
    attrs = {"fill": fill, "fill-opacity": style.get("fillOpacity"),
             "stroke": style.get("color"), "stroke-width": style.get("weight"),
             "stroke-dasharray": style.get("dashArray"), "stroke-linejoin": "round"}
    return " ".join(f'{name}="{esc(value)}"' for name, value in attrs.items()
                    if value is not None)


def _hatch_patterns() -> str:
    """The stripes of each hatched status, as map.js makes them for the live map."""
    return "".join(
        f'<pattern id="hatch-{status}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff" '
        f'fill-opacity="0.6"/><rect width="4" height="8" fill="{STATUS_COLOURS[status]}"/>'
        f"</pattern>" for status in HATCHED)


def map_svg(drawn: Shapes, statuses: list[DistrictStatus], selected: str | None,
            label: str, lang: Language = ENGLISH) -> str:
    """The map of the day of ``statuses`` as inline SVG: context outlines, then the districts.

    ``label`` is its text alternative (the summary line); the names are in ``lang``.
    """
    by_id = {s.id: s for s in statuses}
    context = "".join(f'<path d="{shape.path}" {_svg_style(OUTLINE_STYLES["context"])}/>'
                      for shape in drawn.districts if shape.role == "context")
    # The corridor is drawn over its district, and the selected district over the rest.
    order = sorted((s for s in drawn.districts if s.id in by_id),
                   key=lambda s: (s.id == selected, s.role == "corridor"))
    fills = "".join(
        f'<path d="{shape.path}" '
        + _svg_style(fill_style(by_id[shape.id].status, shape.id == selected,
                                corridor=by_id[shape.id].part_of is not None))
        + "/>" for shape in order)
    names = "".join(
        f'<text x="{shape.label[0]}" y="{shape.label[1]}">{esc(shape.names[lang.code])}</text>'
        for shape in drawn.districts if shape.role == "handover")
    return (f'<svg role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {drawn.height}" '
            'style="display:block;width:100%;height:auto;max-height:70vh;'
            f'background:{BASEMAP_FILL}" xmlns="http://www.w3.org/2000/svg">'
            f"<defs>{_hatch_patterns()}</defs>{context}{fills}"
            # Dark names with a white halo read on every status colour.
            '<g aria-hidden="true" font-family="sans-serif" font-size="20" font-weight="bold" '
            'text-anchor="middle" fill="#111" stroke="#fff" stroke-width="4" '
            f'paint-order="stroke">{names}</g></svg>')


def legend(statuses: list[str], lang: Language = ENGLISH) -> str:
    """A list of the statuses shown, each with its swatch as the live map's legend has it."""
    items = "".join(
        '<li style="display:flex;align-items:center;gap:.4em;margin:.2em 0">'
        '<span aria-hidden="true" style="flex:none;display:inline-block;width:1em;height:1em;'
        f'background:{swatch_background(status)};border:2px '
        f'{"dashed" if STATUS_DASH[status] else "solid"} #333"></span>'
        f"{esc(status_label(status, lang))}{esc(hatch_note(status, lang))}</li>"
        for status in STATUSES if status in statuses)
    name = esc(lang._("Map legend"))
    return (f'<ul aria-label="{name}" style="list-style:none;padding:0;'
            f'margin:.5em 0;font-size:14px">{items}</ul>')


def picture_html(drawn: Shapes, statuses: list[DistrictStatus], day: date,
                 selected: str | None, summary: str, heading: str,
                 lang: Language = ENGLISH) -> str:
    """The first view for Streamlit's root element: heading, date, summary, map, legend.

    ``statuses`` are `geo.status_on` of ``day`` in ``lang``, ``summary`` its summary line;
    ``heading`` names the dashboard (plain text); ``selected`` is a validated district id.
    """
    return (f'<main {CONTAINER_ATTR} style="box-sizing:border-box;max-width:640px;'
            'margin:0 auto;padding:12px 16px;font-family:system-ui,-apple-system,Segoe UI,'
            'Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.4">'
            f'<p style="margin:0;font-size:15px">{esc(heading)}</p>'
            f'<h1 {DATE_ATTR} style="margin:.1em 0 .2em;font-size:28px">'
            f"{esc(lang.long_date(day))}</h1>"
            f'<p style="margin:0 0 .6em;font-size:15px">{esc(summary)}</p>'
            f"{map_svg(drawn, statuses, selected, summary, lang)}"
            f"{legend([s.status for s in statuses], lang)}</main>")
