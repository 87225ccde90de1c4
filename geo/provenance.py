"""Where the data comes from, for the About page: sources, geometry labels, precision counts.

Facts are read from the data itself (sources.csv, the Natural Earth labels kept in
districts.geojson), so the page stays true when the data changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from shapely.geometry import shape

from geo.html import md, safe_url
from geo.load import GEO_PRECISIONS, TIME_PRECISIONS

# Characters left as they are in a Markdown link target; anything else is %-encoded, so a
# URL can never close the link early or inject markup.
_URL_SAFE = "/:?&=#%@+,;~!$*-._"


@dataclass(frozen=True)
class LabelFix:
    """A district whose Natural Earth label differs from the name the dashboard uses.

    ``kind`` is 'wrong label' when the Natural Earth name is none of the district's names
    (the polygon was labelled as another place), 'renamed' when it is one of them but not
    the Azerbaijani or English one (the naming policy chose another form).
    """

    id: str
    name_en: str
    name_az: str
    ne_name: str
    ne_code: str
    kind: str
    lon: float
    lat: float


def label_fixes(districts_file: Path) -> list[LabelFix]:
    """Districts whose ``ne_name`` differs from their names, read from districts.geojson.

    Files without Natural Earth labels (``ne_name``) give an empty list.
    """
    try:
        features = json.loads(districts_file.read_text(encoding="utf-8-sig"))["features"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    fixes = []
    for feature in features:
        props = feature.get("properties") or {}
        ne_name = str(props.get("ne_name") or "")
        names = [str(props.get(k) or "") for k in ("name_en", "name_az", "name_hy", "name_ru")]
        if not ne_name or ne_name in names[:2]:
            continue
        known = any(ne_name.casefold() in name.casefold() for name in names)
        centre = shape(feature["geometry"]).centroid
        fixes.append(LabelFix(
            id=str(props.get("id", "")), name_en=names[0], name_az=names[1], ne_name=ne_name,
            ne_code=str(props.get("ne_iso_3166_2") or ""),
            kind="renamed" if known else "wrong label", lon=centre.x, lat=centre.y))
    return fixes


def vertex_range(districts: pd.DataFrame) -> tuple[int, int]:
    """Fewest and most outline vertices of a district polygon (all rings counted)."""
    counts = [_vertices(geom) for geom in districts.geometry]
    return min(counts), max(counts)


def precision_counts(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """How many events have each time precision and each place precision."""
    return {
        "time_precision": {p: int((events["time_precision"] == p).sum()) for p in
                           TIME_PRECISIONS},
        "geo_precision": {p: int((events["geo_precision"] == p).sum()) for p in GEO_PRECISIONS},
    }


def md_link(url: str, text: object) -> str:
    """A Markdown link with escaped text; plain escaped text if the URL is not http(s)."""
    href = safe_url(str(url))
    if href is None:
        return md(text)
    return f"[{md(text)}]({quote(href, safe=_URL_SAFE)})"


def source_line(source: pd.Series) -> str:
    """One source as a Markdown line: id, title (linked), publisher, date, licence."""
    published = source["published"]
    when = f"{published.day} {published:%b %Y}" if isinstance(published, date) else "undated"
    return (f"**{md(source['id'])}** · {md_link(source['url'], source['title'])} · "
            f"{md(source['publisher'])}, {when} · licence: {md(source['licence'])}")


def _vertices(geom: object) -> int:
    polygons = getattr(geom, "geoms", [geom])
    return sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
               for p in polygons)
