"""Where an event's marker may stand relative to the district it is tagged with.

The district outlines are generalised (Natural Earth), so a town on a border can fall a
little outside its own district's polygon: Lachin town lies about 1.6 km east of the
Lachin outline. Such a marker is accepted within OUTLINE_TOLERANCE_METRES, and the details
panel says that it lies outside the outline. A marker that stands for a whole district
(`region` precision) has no such excuse: it must lie inside the polygon.
"""

from __future__ import annotations

import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo.i18n import ENGLISH, Language

# UTM zone 38N covers the region (42-48° E) and measures in metres.
LOCAL_CRS = "EPSG:32638"
OUTLINE_TOLERANCE_METRES = 3_000


def metres_outside(point: BaseGeometry, polygon: BaseGeometry) -> float:
    """How far ``point`` lies outside ``polygon`` in metres (0 inside); both lon/lat."""
    if polygon.covers(point):
        return 0.0
    # A transformer per call: pyproj's are not safe to share between sessions' threads.
    to_local = Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True)
    local = [shapely.transform(geom, to_local.transform, interleaved=False)
             for geom in (point, polygon)]
    return float(local[0].distance(local[1]))


def placement_problem(geo_precision: str | None, metres: float, district: str) -> str | None:
    """Why a marker ``metres`` outside its tagged district is misplaced, or None if it is not."""
    if metres <= 0:
        return None
    if geo_precision == "region":
        return (f"{district!r}: the marker stands for the district (region precision) but "
                f"lies {metres / 1000:.1f} km outside its polygon; move it inside, e.g. to the "
                "polygon's representative point")
    if metres > OUTLINE_TOLERANCE_METRES:
        return (f"{district!r}: the marker lies {metres / 1000:.1f} km outside the district, "
                f"more than the {OUTLINE_TOLERANCE_METRES / 1000:g} km allowed for "
                "generalised outlines")
    return None


def outline_note(metres: float, district_name: str, lang: Language = ENGLISH) -> str:
    """The sentence the details panel shows for a marker outside its district's outline."""
    if metres <= 0:
        return ""
    return lang._("This place lies {distance} km outside the generalised {name} outline drawn "
                  "on the map (outlines may be off by up to {tolerance} km).",
                  distance=lang.decimal(metres / 1000), name=district_name,
                  tolerance=lang.decimal(OUTLINE_TOLERANCE_METRES / 1000))
