"""A single self-contained HTML file of the map, for any web host, CDN or a plain ``file://``.

The file inlines Leaflet's JS and CSS (from xstatic-leaflet, with its images as ``data:``
URIs) and embeds the data as JSON, so opening it makes no request to any host; a
Content-Security-Policy in the page enforces that (``default-src 'none'``).

Every rule stays in Python: the status of each handover district is precomputed with
`geo.story.status.status_on` for every day of `geo.story.status.story_range`, and the day each event
appears with `geo.story.status.events_until`, so the page's script only looks values up.

The page is ``templates/export.html.j2``, its script ``templates/export.js`` and its styles
``templates/export.css``, read from this package's folder. Data text never becomes markup:
the template autoescapes every value (with `geo.html.esc`), the JSON is embedded with ``<``,
``>`` and ``&`` escaped (so ``</script>`` in data cannot close the tag), the script only
places text computed here, always with ``textContent``, and links are made only for http(s)
URLs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet as xstatic_leaflet
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.dataset.load import NAME_LANGUAGES, Dataset
from geo.html import esc, safe_url
from geo.map.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    PLAY_SECONDS_PER_DAY,
    STATUS_COLOURS,
    STATUS_DASH,
    STATUS_LABELS,
    category_colour,
)
from geo.story.details import outline_notes
from geo.story.status import STATUSES, events_until, status_on, story_range
from geo.story.wording import long_date, published_label, source_title, when_label
from geo.web.links import default_date

TITLE = "Handover of Kalbajar, Aghdam and Lachin, November 2020"
# Five decimals of a degree is about a metre: far finer than the Natural Earth outlines.
COORD_DIGITS = 5
MIN_LABELLED_KM2 = 100.0
_LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _escaped(value: Any) -> Markup:
    """Every value a template prints goes through geo.html.esc, as all markup here does."""
    return value if isinstance(value, Markup) else Markup(esc(value))


_ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                           finalize=_escaped, trim_blocks=True, keep_trailing_newline=True,
                           undefined=StrictUndefined)
_CSS_URL = re.compile(r"url\((?:'|\")?images/([\w.-]+\.png)(?:'|\")?\)")
_SOURCE_MAP = re.compile(r"^\s*/[/*]# sourceMappingURL=.*$", re.MULTILINE)
# In embedded JSON these can only appear inside strings, where \uXXXX means the same.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def export_html(dataset: Dataset) -> str:
    """The whole export as one HTML document."""
    payload = _payload(dataset)
    leaflet_js = _leaflet_js()
    app_js = (TEMPLATES / "export.js").read_text(encoding="utf-8")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(leaflet_js)} {_csp_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    first, last = payload["days"][0]["label"], payload["days"][-1]["label"]
    return _ENVIRONMENT.get_template("export.html.j2").render(
        title=TITLE,
        csp=csp,
        intro=(f"How the three districts went from held to returned, day by day from "
               f"{first} to {last}. Move the slider or press Play."),
        last_index=len(payload["days"]) - 1,
        start_index=payload["start"],
        start_label=payload["days"][payload["start"]]["label"],
        legend=_legend(dataset),
        sources=_sources(dataset),
        # Our own files and the escaped JSON: the only values placed without escaping.
        leaflet_css=Markup(_leaflet_css()),
        page_css=Markup((TEMPLATES / "export.css").read_text(encoding="utf-8")),
        data=Markup(_embed_json(payload)),
        leaflet_js=Markup(leaflet_js),
        app_js=Markup(app_js),
    )


def write_export(dataset: Dataset, path: str | Path) -> Path:
    """Write the export to ``path`` (parent folders are created); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(export_html(dataset), encoding="utf-8")
    return target


# --- data -----------------------------------------------------------------------------------

def _payload(dataset: Dataset) -> dict[str, Any]:
    """Everything the page's script needs, JSON-ready."""
    first, last = story_range(dataset)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    start = default_date(dataset)
    return {
        "days": [{"iso": d.isoformat(), "label": long_date(d)} for d in days],
        "start": days.index(start),
        "play_ms": round(PLAY_SECONDS_PER_DAY * 1000),
        "colours": dict(STATUS_COLOURS),
        # A status list entry reads "<name>: <label>. <detail>".
        "list_labels": {status: f": {label}. " for status, label in STATUS_LABELS.items()},
        "context_note": "Neighbouring district, shown for context.",
        "words": {"play": "Play", "pause": "Pause", "sources": "Sources"},
        "dash": dict(STATUS_DASH),
        "context_colour": CONTEXT_COLOUR,
        "basemap_fill": BASEMAP_FILL,
        "basemap_line": BASEMAP_LINE,
        "sources": {row["id"]: _source(row) for row in dataset.sources.to_dict("records")},
        "districts": [_district(row) for _, row in dataset.districts.iterrows()],
        "status": _status_table(dataset, days),
        "events": _events(dataset, days),
        "basemap": _basemap(dataset),
    }


def _status_table(dataset: Dataset, days: list[date]) -> dict[str, dict[str, list[str]]]:
    """For each handover district, three lists with one entry per day, in order.

    ``s``: the status (for the fill); ``on`` and ``detail``: the popup's two sentences.
    Lists rather than one object per day: the keys would add 5 KB to the file.
    """
    table: dict[str, dict[str, list[str]]] = {}
    for day in days:
        for status in status_on(dataset, day):
            row = table.setdefault(status.id, {"s": [], "on": [], "detail": []})
            row["s"].append(status.status)
            row["on"].append(status.export_heading)
            row["detail"].append(status.export_detail)
    return table


def _events(dataset: Dataset, days: list[date]) -> list[dict[str, Any]]:
    """Events with the index of the first day on which the map shows them."""
    first_shown: dict[str, int] = {}
    for index, day in enumerate(days):
        for event_id in events_until(dataset, day)["id"]:
            first_shown.setdefault(event_id, index)
    notes = outline_notes(dataset)
    events = []
    for _, row in dataset.events.iterrows():
        if row["id"] not in first_shown:
            continue
        when = when_label(row["start"], row["end"], row["time_precision"])
        events.append({
            "id": row["id"],
            "lead": f"{when}: ",
            "meta": " ".join(filter(None, (
                f"{when} · {row['category']} · location {row['geo_precision']}.",
                notes.get(row["id"])))),
            "title": row["title"],
            "summary": row["summary"],
            "colour": category_colour(row["category"]),
            "lat": round(row.geometry.y, COORD_DIGITS),
            "lon": round(row.geometry.x, COORD_DIGITS),
            "from": first_shown[row["id"]],
            "sources": list(row["sources"]),
        })
    return events


def _district(row: Any) -> dict[str, Any]:
    handover = row["role"] == "handover"
    held_since = (f"Held by Armenian forces since {long_date(row['controlled_since'])}."
                  if handover else "")
    return {
        "id": row["id"],
        "role": row["role"],
        "name": row["name_en"],
        # The English name heads the popup; the others follow, one line each.
        "other_names": [f"{language}: {row[f'name_{code}']}" for code, language in NAME_LANGUAGES
                        if code != "en" and row[f"name_{code}"]],
        "area": f"Area: {row['area_km2']:,.0f} km²",
        # A name printed on a district smaller than this hides its neighbours' names.
        "label": "permanent" if row["area_km2"] >= MIN_LABELLED_KM2 else "hover",
        "held_since": held_since,
        "caveat": row["caveat"],
        "sources": list(row["sources"]) + (list(row["handover_sources"]) if handover else []),
        "geometry": _geometry(row.geometry),
    }


def _source(row: Any) -> dict[str, Any]:
    return {"title": source_title(row["title"], row["title_kind"]), "url": safe_url(row["url"]),
            "credit": f" ({row['publisher']}{_when(row)})"}


def _basemap(dataset: Dataset) -> dict[str, Any]:
    features = []
    if dataset.basemap is not None:
        features = [{"type": "Feature", "properties": {}, "geometry": _geometry(geom)}
                    for geom in dataset.basemap.geometry]
    return {"type": "FeatureCollection", "features": features}


def _geometry(geom: BaseGeometry) -> dict[str, Any]:
    return _rounded(mapping(geom))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORD_DIGITS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _embed_json(payload: dict[str, Any]) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left in it."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


# --- static parts ---------------------------------------------------------------------------

def _legend(dataset: Dataset) -> list[dict[str, str]]:
    """The legend's entries: a mark (CSS class and style) and its text."""
    items = [{"mark": "swatch dashed" if STATUS_DASH[status] else "swatch",
              "style": f"background:{STATUS_COLOURS[status]}",
              "text": STATUS_LABELS[status] + (" (dashed outline)" if STATUS_DASH[status] else "")}
             for status in STATUSES]
    items.append({"mark": "swatch outline", "style": f"border-color:{CONTEXT_COLOUR}",
                  "text": "Other district, for context"})
    items.extend({"mark": "dot", "style": f"background:{category_colour(category)}",
                  "text": f"Event: {category}"}
                 for category in sorted(set(dataset.events["category"])))
    return items


def _sources(dataset: Dataset) -> list[dict[str, str | None]]:
    """The sources at the foot of the page; ``href`` is None unless the URL is http(s)."""
    return [{"id": row["id"], "href": safe_url(row["url"]),
             "title": source_title(row["title"], row["title_kind"]),
             "publisher": row["publisher"], "when": _when(row), "licence": row["licence"]}
            for row in dataset.sources.to_dict("records")]


def _when(source: dict[str, Any]) -> str:
    """', Dec 2020': the publication date as precise as it is known, or ''."""
    published = published_label(source["published"], source["published_precision"])
    return f", {published}" if published else ""


def _leaflet_js() -> str:
    """Leaflet's minified JS without its source-map comment (a devtools request)."""
    text = (_LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", text).strip()


def _leaflet_css() -> str:
    """Leaflet's CSS with its images as data: URIs, so no rule points at a file."""
    text = (_LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        raw = (_LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(raw).decode('ascii')})"

    return _CSS_URL.sub(data_uri, text)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
