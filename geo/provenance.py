"""Where the data comes from, for the About page: sources, geometry labels, precision counts.

Facts are read from the data itself (sources.csv, the Natural Earth labels kept in
districts.geojson), so the page stays true when the data changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from geo.html import md, safe_url
from geo.load import GEO_PRECISIONS, TIME_PRECISIONS
from geo.wording import long_date

# Characters left as they are in a Markdown link target; anything else is %-encoded, so a
# URL can never close the link early or inject markup.
_URL_SAFE = "/:?&=#%@+,;~!$*-._"


def label_fixes(districts: pd.DataFrame) -> pd.DataFrame:
    """Districts whose Natural Earth label was corrected, with the recorded correction.

    Columns ``id``, ``name_en``, ``name_az``, ``ne_iso_3166_2``, ``ne_correction``; empty
    for data without corrections.
    """
    fixed = districts[districts["ne_correction"].fillna("") != ""]
    return fixed[["id", "name_en", "name_az", "ne_iso_3166_2", "ne_correction"]]


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


def source_line(source: Mapping[str, Any]) -> str:
    """One source as a Markdown line: id, title (linked), publisher, date, licence."""
    published = source["published"]
    when = "undated" if published is None else long_date(published)
    return (f"**{md(source['id'])}** · {md_link(source['url'], source['title'])} · "
            f"{md(source['publisher'])}, {when} · licence: {md(source['licence'])}")


def _vertices(geom: object) -> int:
    polygons = getattr(geom, "geoms", [geom])
    return sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
               for p in polygons)
