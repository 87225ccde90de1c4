"""A single self-contained HTML file of the map, for any web host, CDN or a plain ``file://``.

The file inlines Leaflet's JS and CSS (from xstatic-leaflet, with its images as ``data:``
URIs) and embeds the data as JSON, so opening it makes no request to any host; a
Content-Security-Policy in the page enforces that (``default-src 'none'``).

Every rule stays in Python: the status of each handover district is precomputed with
`geo.status.status_on` for every day of `geo.status.story_range`, and the day each event
appears with `geo.status.events_until`, so the page's script only looks values up.

Data text never becomes markup: the JSON is embedded with ``<``, ``>`` and ``&`` escaped
(so ``</script>`` in data cannot close the tag), the script builds every tooltip and popup
with ``textContent``, and links are made only for http(s) URLs.
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
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.html import esc, link, safe_url
from geo.links import default_date
from geo.load import NAME_LANGUAGES, Dataset
from geo.status import STATUSES, events_until, status_on, story_range
from geo.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    PLAY_SECONDS_PER_DAY,
    STATUS_COLOURS,
    STATUS_DASH,
    STATUS_LABELS,
    category_colour,
)
from geo.wording import long_date, when_label

TITLE = "Handover of Kalbajar, Aghdam and Lachin, November 2020"
# Five decimals of a degree is about a metre: far finer than the Natural Earth outlines.
COORD_DIGITS = 5
MIN_LABELLED_KM2 = 100.0
_LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
_CSS_URL = re.compile(r"url\((?:'|\")?images/([\w.-]+\.png)(?:'|\")?\)")
_SOURCE_MAP = re.compile(r"^\s*/[/*]# sourceMappingURL=.*$", re.MULTILINE)
# In embedded JSON these can only appear inside strings, where \uXXXX means the same.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def export_html(dataset: Dataset) -> str:
    """The whole export as one HTML document."""
    payload = _payload(dataset)
    leaflet_js = _leaflet_js()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(leaflet_js)} {_csp_hash(_APP_JS)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    first, last = payload["days"][0]["label"], payload["days"][-1]["label"]
    return _PAGE.format(
        title=esc(TITLE),
        csp=esc(csp),
        leaflet_css=_leaflet_css(),
        page_css=_PAGE_CSS,
        intro=esc(f"How the three districts went from held to returned, day by day from "
                  f"{first} to {last}. Move the slider or press Play."),
        last_index=len(payload["days"]) - 1,
        start_index=payload["start"],
        start_label=esc(payload["days"][payload["start"]]["label"]),
        legend=_legend(dataset),
        footer=_footer(dataset),
        data=_embed_json(payload),
        leaflet_js=leaflet_js,
        app_js=_APP_JS,
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
    events = []
    for _, row in dataset.events.iterrows():
        if row["id"] not in first_shown:
            continue
        when = when_label(row["start"], row["end"], row["time_precision"])
        events.append({
            "id": row["id"],
            "lead": f"{when}: ",
            "meta": f"{when} · {row['category']} · location {row['geo_precision']}",
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
    return {"title": row["title"], "url": safe_url(row["url"]),
            "credit": f" ({row['publisher']})"}


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

def _legend(dataset: Dataset) -> str:
    items = []
    for status in STATUSES:
        dash = " dashed" if STATUS_DASH[status] else ""
        items.append(f'<li><span class="swatch{dash}" style="background:{STATUS_COLOURS[status]}">'
                     f"</span>{esc(STATUS_LABELS[status])}{' (dashed outline)' if dash else ''}"
                     "</li>")
    items.append(f'<li><span class="swatch outline" style="border-color:{CONTEXT_COLOUR}"></span>'
                 "Other district, for context</li>")
    for category in sorted(set(dataset.events["category"])):
        items.append(f'<li><span class="dot" style="background:{category_colour(category)}">'
                     f"</span>Event: {esc(category)}</li>")
    return "\n".join(items)


def _footer(dataset: Dataset) -> str:
    items = []
    for row in dataset.sources.to_dict("records"):
        published = row["published"]
        when = "" if published is None else f", {long_date(published)}"
        items.append(f"<li><span class=\"sid\">{esc(row['id'])}</span> "
                     f"{link(row['url'], row['title'])}"
                     f" — {esc(row['publisher'])}{esc(when)}. "
                     f"<span class=\"licence\">Licence: {esc(row['licence'])}</span></li>")
    return "\n".join(items)


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


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style id="leaflet-css">
{leaflet_css}
</style>
<style>
{page_css}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{intro}</p>
</header>
<main>
<section class="controls" aria-label="Date">
<button type="button" id="prev" aria-label="Previous day">&#9664; Previous</button>
<button type="button" id="play" aria-pressed="false">Play</button>
<button type="button" id="next" aria-label="Next day">Next &#9654;</button>
<label for="day">Date</label>
<input type="range" id="day" min="0" max="{last_index}" step="1" value="{start_index}"
 aria-valuetext="{start_label}">
<output id="day-label" for="day" aria-live="polite">{start_label}</output>
</section>
<div class="layout">
<div id="map" role="region" aria-label="Map of the districts">
<noscript><p>The map and its date slider need JavaScript; sources are below.</p></noscript>
</div>
<aside>
<h2>Status on <span id="status-date">{start_label}</span></h2>
<ul id="status-list"></ul>
<h2>Legend</h2>
<ul class="legend">
{legend}
</ul>
<h2>Events so far</h2>
<ol id="event-list"></ol>
</aside>
</div>
</main>
<footer>
<h2>Sources and licences</h2>
<ul class="sources">
{footer}
</ul>
<p>District and country outlines: Natural Earth (public domain). Map drawn with Leaflet 1.9.3
(BSD 2-Clause licence, &copy; Volodymyr Agafonkin and CloudMade), included in this file.
This is a static copy: it needs no server and makes no network request.</p>
</footer>
<script type="application/json" id="handover-data">{data}</script>
<script id="leaflet-js">{leaflet_js}</script>
<script id="app-js">{app_js}</script>
</body>
</html>
"""

_PAGE_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
header, main, footer { padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: .8rem 0 .2rem; }
h2 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .6rem 0; }
.controls input[type=range] { flex: 1 1 16rem; min-width: 12rem; }
.controls output { font-weight: 600; min-width: 11rem; }
button { font: inherit; padding: .25rem .7rem; border: 1px solid #555; border-radius: 4px;
  background: #f6f6f6; cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #0072B2;
  outline-offset: 2px; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1rem; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
#map { height: 70vh; min-height: 420px; background: #dde6ee; border: 1px solid #bbb; }
aside ul, aside ol { padding-left: 1.1rem; margin: 0; }
#status-list { list-style: none; padding: 0; }
#status-list li { margin-bottom: .4rem; }
#event-list li { margin-bottom: .3rem; }
.linklike { border: 0; background: none; padding: 0; color: #0b57a4; text-decoration: underline;
  text-align: left; }
.legend { list-style: none; padding: 0; }
.swatch { display: inline-block; width: 1.6em; height: 1em; margin-right: .4em;
  vertical-align: middle; border: 2px solid #222; box-sizing: border-box; }
.swatch.dashed { border-style: dashed; }
.swatch.outline { background: transparent; }
.dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin: 0 .5em 0 .3em;
  vertical-align: middle; border: 1px solid #222; }
.district-label { background: rgba(255,255,255,.8); border: 0; box-shadow: none; padding: 1px 4px;
  font-size: 12px; text-align: center; }
.district-label.context { color: #444; font-size: 11px; }
.leaflet-popup-content { font-size: 13px; max-width: 320px; }
.leaflet-popup-content h3 { font-size: 14px; margin: 0 0 .3rem; }
.leaflet-popup-content p { margin: .25rem 0; }
.muted { color: #555; }
footer { border-top: 1px solid #ccc; margin-top: 1.2rem; padding-bottom: 1rem; font-size: 13px; }
.sources .sid { font-weight: 600; }
.sources .licence { color: #555; }
"""

# Only looks values up: status, deadlines and event dates were computed in Python.
_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("handover-data").textContent);
  var slider = document.getElementById("day");
  var dayLabel = document.getElementById("day-label");
  var statusDate = document.getElementById("status-date");
  var statusList = document.getElementById("status-list");
  var eventList = document.getElementById("event-list");
  var playButton = document.getElementById("play");
  var last = data.days.length - 1;
  var timer = null;
  var current = data.start;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function sourceList(ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      if (!own(data.sources, id)) { return; }
      var source = data.sources[id];
      var item = el("li");
      var url = source.url;
      if (typeof url === "string" && /^https?:\/\//i.test(url)) {
        var anchor = el("a", source.title);
        anchor.href = url;
        anchor.target = "_blank";
        anchor.rel = "noopener noreferrer";
        item.appendChild(anchor);
      } else {
        item.appendChild(el("span", source.title));
      }
      item.appendChild(document.createTextNode(source.credit));
      list.appendChild(item);
    });
    return list;
  }

  // --- map -----------------------------------------------------------------------------------
  var map = L.map("map", {attributionControl: false, zoomSnap: 0.25});
  map.createPane("basemap").style.zIndex = 250;
  L.geoJSON(data.basemap, {pane: "basemap", interactive: false, style: {
    color: data.basemap_line, weight: 1, fillColor: data.basemap_fill, fillOpacity: 1}}).addTo(map);

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  var districtLayers = [];
  var allDistricts = L.featureGroup().addTo(map);
  data.districts.forEach(function (district) {
    var handover = district.role === "handover";
    var feature = {type: "Feature", properties: {}, geometry: district.geometry};
    var layer = L.geoJSON(feature, {
      style: handover
        ? {color: "#222", weight: 2, fillOpacity: 0.8,
           className: "district handover district-" + district.id}
        : {color: data.context_colour, weight: 1.5, fill: true, fillOpacity: 0,
           className: "district context district-" + district.id}
    }).getLayers()[0];
    layer.bindTooltip(el("span", district.name), {
      permanent: district.label === "permanent", direction: "center",
      className: "district-label" + (handover ? "" : " context")});
    var days = own(data.status, district.id) ? data.status[district.id] : null;
    layer.bindPopup(function () { return districtPopup(district, days, current); },
                    {maxHeight: 320});
    layer.addTo(allDistricts);
    districtLayers.push({district: district, layer: layer, days: days});
  });
  map.fitBounds(allDistricts.getBounds(), {padding: [10, 10]});

  function districtPopup(district, days, index) {
    var box = el("div");
    box.appendChild(el("h3", district.name));
    var names = el("p");
    district.other_names.forEach(function (name) {
      names.appendChild(el("span", name));
      names.appendChild(el("br"));
    });
    box.appendChild(names);
    if (days) {
      box.appendChild(el("p", days.on[index]));
      box.appendChild(el("p", days.detail[index]));
      box.appendChild(el("p", district.held_since, "muted"));
      if (district.caveat) { box.appendChild(el("p", district.caveat, "muted")); }
    } else {
      box.appendChild(el("p", data.context_note, "muted"));
    }
    box.appendChild(el("p", district.area, "muted"));
    box.appendChild(el("strong", "Sources"));
    box.appendChild(sourceList(district.sources));
    return box;
  }

  var eventLayers = data.events.map(function (event, i) {
    var marker = L.circleMarker([event.lat, event.lon], {
      radius: 7, color: "#222", weight: 1, fillColor: event.colour, fillOpacity: 0.95,
      className: "event-marker event-" + i});
    marker.bindTooltip(el("span", event.title));
    marker.bindPopup(function () {
      var box = el("div");
      box.appendChild(el("h3", event.title));
      box.appendChild(el("p", event.meta, "muted"));
      box.appendChild(el("p", event.summary));
      box.appendChild(el("strong", "Sources"));
      box.appendChild(sourceList(event.sources));
      return box;
    }, {maxHeight: 320});
    return marker;
  });
  var eventGroup = L.layerGroup().addTo(map);

  // --- state -------------------------------------------------------------------------------
  function show(index) {
    index = Math.max(0, Math.min(last, index));
    var day = data.days[index];
    current = index;
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", day.label);
    dayLabel.textContent = day.label;
    statusDate.textContent = day.label;

    statusList.replaceChildren();
    districtLayers.forEach(function (entry) {
      var district = entry.district;
      var days = entry.days;
      if (entry.layer.isPopupOpen()) { entry.layer.getPopup().update(); }
      if (!days) { return; }
      var status = days.s[index];
      entry.layer.setStyle({fillColor: data.colours[status], dashArray: data.dash[status]});
      var label = el("span", district.name);
      label.appendChild(el("br"));
      label.appendChild(el("small", status));
      entry.layer.setTooltipContent(label);
      var item = el("li");
      var button = el("button", district.name, "linklike");
      button.type = "button";
      button.addEventListener("click", function () {
        entry.layer.openPopup();
      });
      item.appendChild(button);
      item.appendChild(document.createTextNode(data.list_labels[status]));
      item.appendChild(document.createTextNode(days.detail[index]));
      statusList.appendChild(item);
    });

    eventList.replaceChildren();
    data.events.forEach(function (event, i) {
      var marker = eventLayers[i];
      var visible = event.from <= index;
      if (visible && !eventGroup.hasLayer(marker)) { eventGroup.addLayer(marker); }
      if (!visible && eventGroup.hasLayer(marker)) { eventGroup.removeLayer(marker); }
      if (!visible) { return; }
      var item = el("li");
      item.appendChild(document.createTextNode(event.lead));
      var button = el("button", event.title, "linklike");
      button.type = "button";
      button.addEventListener("click", function () { marker.openPopup(); });
      item.appendChild(button);
      eventList.appendChild(item);
    });

    try { history.replaceState(null, "", "#" + day.iso); } catch (err) { /* sandboxed */ }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (Number(slider.value) >= last) { show(0); }
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      show(next);
      if (next >= last) { stop(); }
    }, data.play_ms);
  }

  slider.addEventListener("input", function () { show(Number(slider.value)); });
  document.getElementById("prev").addEventListener("click", function () {
    stop(); show(Number(slider.value) - 1);
  });
  document.getElementById("next").addEventListener("click", function () {
    stop(); show(Number(slider.value) + 1);
  });
  playButton.addEventListener("click", function () {
    if (timer === null) { play(); } else { stop(); }
  });

  var start = data.start;
  var asked = decodeURIComponent(location.hash.slice(1));
  data.days.forEach(function (day, i) { if (day.iso === asked) { start = i; } });
  show(start);
  window.handoverExport = {show: show, days: data.days.length};
}());
"""
