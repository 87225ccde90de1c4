"""Where the data comes from, for the About page: sources, figures, geometry labels, precision.

Facts are read from the data itself (sources.csv, the Natural Earth labels kept in
districts.geojson), so the page stays true when the data changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from geo.dataset.load import GEO_PRECISIONS, TIME_PRECISIONS
from geo.html import md, safe_url
from geo.story.wording import long_date, published_label, source_title

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
    when = published_label(source["published"], source["published_precision"]) or "undated"
    title = source_title(source["title"], source["title_kind"])
    return (f"**{md(source['id'])}** · {md_link(source['url'], title)} · "
            f"{md(source['publisher'])}, {when} · licence: {md(source['licence'])}")


FIGURE_HEADINGS = {"losses": "Deaths", "displacement": "People driven from their homes",
                   "returns": "People returning to their homes"}


def figure_lines(figures: pd.DataFrame | None) -> dict[str, list[str]]:
    """Reported figures as Markdown lines by heading, each saying who gives it and when."""
    lines: dict[str, list[str]] = {}
    if figures is None:
        return lines
    for figure in figures.itertuples():
        when = "" if figure.reported_on is None else f", {long_date(figure.reported_on)}"
        heading = FIGURE_HEADINGS.get(figure.topic, str(figure.topic))
        lines.setdefault(heading, []).append(
            f"{md(figure.claim)} *According to {md(figure.according_to)}{when}* "
            f"({md('; '.join(figure.sources))})")
    return lines


def _vertices(geom: object) -> int:
    polygons = getattr(geom, "geoms", [geom])
    return sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
               for p in polygons)
