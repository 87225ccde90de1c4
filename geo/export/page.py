"""A single self-contained HTML file of the map, for any web host, CDN or a plain ``file://``.

The file inlines Leaflet's JS and CSS (from xstatic-leaflet, with its images as ``data:``
URIs), the map's own script and styles (``geo/map/map.js``, ``map.css``: the same files the
live map uses) and the map's payload (`geo.map.payload.map_payload`), with what the export
adds to it under ``"export"``: its date list, popups and sources. So opening it makes no
request to any host; a Content-Security-Policy in the page enforces that
(``default-src 'none'``). The export's own controls (slider, play, lists, popups) are
``templates/export.js``, its page ``templates/export.html.j2``, its styles
``templates/export.css``.

Every sentence comes from `geo.story`, as in the live page, in the export's language
(``python -m geo export --lang ru``): its words from the catalogues (`geo.i18n`), the
data's texts from ``data/translations``. Data text never becomes markup:
the template autoescapes every value (with `geo.html.esc`), the JSON is escaped once for a
<script> (`geo.html.script_json`), the scripts place text only with ``textContent``, and
links are made only for http(s) URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import xstatic.pkg.leaflet as xstatic_leaflet
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from geo.dataset.load import NAME_LANGUAGES, Dataset, place_name
from geo.html import esc, safe_url, script_json
from geo.i18n import ENGLISH, ENGLISH_NAMES, Language
from geo.map.payload import SCRIPT, STYLES, first_view, map_payload, payload_html
from geo.map.picture import BASE_DPI, SIZE_INCHES, preview_png
from geo.map.style import (
    CONTEXT_COLOUR,
    PLAY_SECONDS_PER_DAY,
    STATUS_DASH,
    category_colour,
    hatch_note,
    swatch_background,
)
from geo.story.details import (
    events_in,
    outline_notes,
    standing_lines,
    summary_line,
)
from geo.story.status import STATUSES, default_date, status_label, status_on, story_days
from geo.story.wording import (
    category_label,
    location_label,
    published_label,
    source_title,
    title,
    when_label,
)
from geo.web import links
from geo.web.provenance import sources_in

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


def export_html(dataset: Dataset, preview: str | None = None, lang: Language = ENGLISH) -> str:
    """The whole export as one HTML document, in ``lang``.

    ``preview`` is the address of the picture of its first view (`preview_path`), relative
    to the page or absolute; with it the page's head carries Open Graph and Twitter card
    tags, so a link to the page previews with the title, the summary and the picture.
    """
    _ = lang._
    payload = map_payload(dataset, tiles=False, lang=lang)
    payload["export"] = _export_extras(dataset, lang)
    start = default_date(dataset)
    view = first_view(dataset, start, None)
    leaflet_js = _leaflet_js()
    map_js = SCRIPT.read_text(encoding="utf-8")
    app_js = (TEMPLATES / "export.js").read_text(encoding="utf-8")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {' '.join(_csp_hash(s) for s in (leaflet_js, map_js, app_js))}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    days = payload["days"]
    # A heading with the date in an element of its own: the sentence split where its
    # placeholder is, wherever the language puts it.
    status_before, _mark, status_after = _("Status on {date}", date="{date}").partition("{date}")
    return _ENVIRONMENT.get_template("export.html.j2").render(
        lang=lang.code,
        title=title(lang),
        csp=csp,
        preview=preview and {
            "image": preview, "width": round(SIZE_INCHES[0] * BASE_DPI),
            "height": round(SIZE_INCHES[1] * BASE_DPI),
            "description": summary_line(status_on(dataset, start, lang), start, None, lang)},
        intro=_("How the status of the three districts and the Lachin corridor changed, day "
                "by day from {first} to {last}. Move the slider or press Play.",
                first=days[0], last=days[-1]),
        words={
            "controls": _("Date"), "previous": _("Previous"), "previous_day": _("Previous day"),
            "next": _("Next"), "next_day": _("Next day"), "play": _("Play"),
            "date": _("Date"), "map": _("Map of the districts"),
            "noscript": _("The map and its date slider need JavaScript; sources are below."),
            "status_before": status_before, "status_after": status_after,
            "legend": _("Legend"), "events": _("Events so far"),
            "sources": _("Sources and licences"),
            "credits": _("District and country outlines: Natural Earth (public domain). Map "
                         "drawn with Leaflet 1.9.3 (BSD 2-Clause licence, © Volodymyr "
                         "Agafonkin and CloudMade), included in this file. This is a static "
                         "copy: it needs no server and makes no network request."),
        },
        last_index=len(days) - 1,
        start_index=view["day"],
        start_label=days[view["day"]],
        legend=_legend(dataset, lang),
        sources=_sources(dataset, lang),
        # Our own files and the escaped payload: the only values placed without escaping.
        leaflet_css=Markup(_leaflet_css()),
        map_css=Markup(STYLES.read_text(encoding="utf-8")),
        page_css=Markup((TEMPLATES / "export.css").read_text(encoding="utf-8")),
        payload=Markup(payload_html(script_json(payload), view)),
        leaflet_js=Markup(leaflet_js),
        map_js=Markup(map_js),
        app_js=Markup(app_js),
    )


def preview_path(page: Path) -> Path:
    """The picture beside the export ``page``: site/index.html's is site/index-preview.png."""
    return page.with_name(f"{page.stem}-preview.png")


def write_export(dataset: Dataset, path: str | Path, public_url: str | None = None,
                 lang: Language = ENGLISH) -> Path:
    """Write the export to ``path`` and the picture of its first view beside it, in ``lang``.

    Parent folders are created; returns the page's path (`preview_path` gives the
    picture's). The page names its picture relative to itself, or under ``public_url``
    (the http(s) address the page or its folder, ending in '/', will be published at):
    link previews want an absolute address.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    picture = preview_path(target)
    image = quote(picture.name)
    if public_url is not None:
        if links.public_url(public_url) is None:
            raise ValueError("the public URL must be an http(s) address")
        image = urljoin(public_url.strip(), image)
    picture.write_bytes(preview_png(dataset, default_date(dataset), None, lang=lang))
    target.write_text(export_html(dataset, image, lang), encoding="utf-8")
    return target


# --- data -----------------------------------------------------------------------------------

def _export_extras(dataset: Dataset, lang: Language = ENGLISH) -> dict[str, Any]:
    """What the export's own controls add to the map's payload: dates, popups, sources.

    ``lines`` lists every distinct (label, text) line of a district's popup once; a
    district's ``days[i]`` are the indexes of its status lines on the story's ``i``-th day
    (`DistrictStatus.lines`, as the live page's details panel says them). A district's
    ``names`` are [language's name, code, name] for its names in other languages than its
    heading's, so that the script marks each with its ``lang``.
    """
    _ = lang._
    days = story_days(dataset)
    lines: dict[tuple[str, str], int] = {}
    status_days: dict[str, list[list[int]]] = {}
    statuses = {}
    for day in days:
        for status in status_on(dataset, day, lang):
            statuses[status.id] = status
            status_days.setdefault(status.id, []).append(
                [lines.setdefault(line, len(lines)) for line in status.lines])
    records = {row["id"]: row for row in dataset.handover_records}
    return {
        "iso": [day.isoformat() for day in days],
        "playMs": round(PLAY_SECONDS_PER_DAY * 1000),
        "words": {"play": _("Play"), "pause": _("Pause"), "sources": _("Sources"),
                  # Translators: between a label and its text ("Deadline: 25 Nov 2020").
                  "separator": _(": ")},
        "lines": [list(line) for line in lines],
        "districts": {
            district_id: {
                "name": place_name(records[district_id], lang.code),
                "names": _other_names(records[district_id], lang),
                "standing": [list(line) for line in standing_lines(
                    records[district_id], statuses[district_id].caveat, lang)],
                "sources": list(dict.fromkeys([*records[district_id]["sources"],
                                               *records[district_id]["handover_sources"]])),
                "days": entries,
            } for district_id, entries in status_days.items()},
        "events": _events(dataset, lang),
        "sources": {row["id"]: _source(row, lang) for row in sources_in(dataset, lang)},
    }


def _other_names(record: dict[str, Any], lang: Language) -> list[list[str]]:
    """[language's name, code, name] of each name but the heading's own, as the panel has them."""
    heading = place_name(record, lang.code)
    return [[lang._(ENGLISH_NAMES[code]), code, record[f"name_{code}"]]
            for code, _language in NAME_LANGUAGES
            if record[f"name_{code}"] and not (code == lang.code
                                               and record[f"name_{code}"] == heading)]


def _events(dataset: Dataset, lang: Language = ENGLISH) -> dict[str, dict[str, Any]]:
    """Each event's popup and its line in the list of events so far."""
    _ = lang._
    notes = outline_notes(dataset, lang)
    events = {}
    for row in events_in(dataset.events, dataset, lang).to_dict("records"):
        when = when_label(row["start"], row["end"], row["time_precision"], lang)
        events[row["id"]] = {
            "lead": _("{when}: ", when=when),
            "meta": " ".join(filter(None, (
                _("{when} · {category} · {location}.", when=when,
                  category=category_label(row["category"], lang),
                  location=location_label(row["geo_precision"], lang)),
                notes.get(row["id"])))),
            "title": row["title"],
            "summary": row["summary"],
            "sources": list(row["sources"]),
        }
    return events


def _source(row: dict[str, Any], lang: Language) -> dict[str, Any]:
    """A source of `sources_in` (its title in ``lang`` where it is ours) for a popup."""
    return {"title": source_title(row["title"], row["title_kind"]), "url": safe_url(row["url"]),
            "credit": f" ({row['publisher']}{_when(row, lang)})"}


# --- static parts ---------------------------------------------------------------------------

def _legend(dataset: Dataset, lang: Language = ENGLISH) -> list[dict[str, str]]:
    """The legend's entries: a mark (CSS class and style) and its text."""
    _ = lang._
    items = [{"mark": "swatch dashed" if STATUS_DASH[status] else "swatch",
              "style": f"background:{swatch_background(status)}",
              "text": (_("{status} (dashed outline)", status=status_label(status, lang))
                       if STATUS_DASH[status] else status_label(status, lang))
              + hatch_note(status, lang)}
             for status in STATUSES]
    items.append({"mark": "swatch outline", "style": f"border-color:{CONTEXT_COLOUR}",
                  "text": _("Other district, for context")})
    items.extend({"mark": "dot", "style": f"background:{category_colour(category)}",
                  "text": _("Event: {category}", category=category_label(category, lang))}
                 for category in sorted(set(dataset.events["category"])))
    return items


def _sources(dataset: Dataset, lang: Language = ENGLISH) -> list[dict[str, str | None]]:
    """The sources at the foot of the page; ``href`` is None unless the URL is http(s)."""
    return [{"id": row["id"], "href": safe_url(row["url"]),
             "title": source_title(row["title"], row["title_kind"]),
             "publisher": row["publisher"], "when": _when(row, lang),
             "licence": lang._("Licence: {licence}", licence=row["licence"])}
            for row in sources_in(dataset, lang)]


def _when(source: dict[str, Any], lang: Language = ENGLISH) -> str:
    """', Dec 2020': the publication date as precise as it is known, or ''."""
    published = published_label(source["published"], source["published_precision"], lang)
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
