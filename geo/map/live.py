"""The live map: a base map whose data is prepared once, and which shows any day by itself.

Everything drawn from the data (country outlines, district outlines and fills, event
markers, labels) is built in the browser by one script from one JSON payload, prepared once
per dataset and tiles setting (`base_layers`). The payload also holds every day's view of
the story (`view_schedule`: each district's style and tooltip, the events shown by then),
so the map can show any day at once: it follows the page's date slider as it moves (see
`map_from`), and the server's answer to a step only names its day and selection, in an
attribute of the page's summary line (`step_html`) that the map watches. So the map's own
arguments are the same text on every rerun: streamlit-folium keeps it mounted, and
Streamlit sends the browser a reference to the copy it already has instead of the map
again. No geometry is sent or rendered again on a step, and every element here renders as
text (`TextRender`), so a rerun compiles no template of ours. Shapes travel packed
(`pack_shape`), because streamlit-folium serialises the whole map script on every rerun.

Styles and tooltip text are decided in Python (`fill_style`, `marker_style`, and the
status view's `DistrictStatus.tooltip`, for each day in `date_view`); the script only
looks them up and applies them. Tooltip text is HTML-escaped here, because Leaflet inserts
tooltip content as HTML; the JSON is escaped for a <script>.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import folium
import numpy as np
import shapely
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps
from shapely.geometry import MultiPolygon, Polygon

from geo.dataset.load import Dataset
from geo.html import esc
from geo.map.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    STATUS_COLOURS,
    STATUS_DASH,
    category_colour,
)
from geo.story.status import DistrictStatus, Status, events_until, status_on, story_range
from geo.story.wording import long_date
from geo.web.assets import LEAFLET_CSS, LEAFLET_JS

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
# District names drawn on the map: centred on the point, readable over any fill.
LABEL_CSS = """
.district-label .label { position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
  font: 12px/1.2 sans-serif; color: #444; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.district-label .label.handover { font-weight: bold; font-size: 14px; color: #111; }
"""
# The page sets the map frame's height from the screen's (pages/style.css); the map fills
# whatever height the frame has instead of the fixed one streamlit-folium gives it.
FIT_CSS = "#map_div { height: 100vh !important; }\n"
# Events this recent are drawn larger: what just happened should catch the eye.
RECENT = timedelta(days=2)
HIGHLIGHT = {"weight": 4, "fillOpacity": 0.8}
OUTLINE_STYLES = {
    "handover": {"color": "#222", "weight": 1, "fill": False},
    "context": {"color": CONTEXT_COLOUR, "weight": 1, "fill": False, "dashArray": "2 3"},
}

# Coordinates travel as whole steps of 1/COORD_SCALE degree (about a metre), each ring as a
# flat list of steps from the previous point (see `pack_shape`): less than half the size of
# GeoJSON's decimal pairs, which matters because streamlit-folium serialises the whole map
# script again on every rerun, and the first page load carries it too.
COORD_SCALE = 100_000
# The attribute of the page's element that carries each step for the map (`step_html`).
STEP_ATTRIBUTE = "data-map-step"

# Builds the data layers on `map` from `data` (see `base_layers`), shows the page's steps
# (see `step_html`) on the day of its slider, and returns `viewOn`, a day's view from the
# schedule. Objects keyed by id have no prototype, so no id from the data can reach a
# built-in property.
MAP_SCRIPT = """
function handoverLayers(map, data, sliderSelector, stepAttribute) {
  "use strict";
  // A packed shape (geo.map.live.pack_shape) as GeoJSON.
  function unpack(shape) {
    return {type: "MultiPolygon", coordinates: shape.map(function (polygon) {
      return polygon.map(function (steps) {
        var ring = [], x = 0, y = 0;
        for (var i = 0; i < steps.length; i += 2) {
          x += steps[i];
          y += steps[i + 1];
          ring.push([x / data.scale, y / data.scale]);
        }
        return ring;
      });
    })};
  }
  function features(items) {
    return {type: "FeatureCollection", features: items.map(function (item) {
      return {type: "Feature", properties: item, geometry: unpack(item.shape)};
    })};
  }
  var style = document.createElement("style");
  style.textContent = data.css;
  document.head.appendChild(style);
  var districts = features(data.districts);
  L.geoJSON(features(data.basemap), {interactive: false, style: data.basemapStyle}).addTo(map);
  L.geoJSON(districts, {interactive: false, style: function (feature) {
    return data.outlineStyles[feature.properties.role];
  }}).addTo(map);
  var fills = Object.create(null);
  L.geoJSON(districts, {
    filter: function (feature) { return feature.properties.role === "handover"; },
    onEachFeature: function (feature, layer) {
      fills[feature.properties.id] = layer;
      layer.viewStyle = {};
      layer.bindTooltip("", {sticky: true});
      layer.on("mouseover", function () { layer.setStyle(data.highlight); });
      layer.on("mouseout", function () { layer.setStyle(layer.viewStyle); });
    }
  }).addTo(map);
  // Lets a reader's tools (and the tests) find a district's path; markers get data-event.
  Object.keys(fills).forEach(function (id) {
    fills[id].getElement().setAttribute("data-district", id);
  });
  var markers = Object.create(null);
  data.events.forEach(function (event) {
    markers[event.id] = L.circleMarker([event.lat, event.lon])
      .bindTooltip(event.tooltip, {sticky: true});
  });
  data.labels.forEach(function (label) {
    var span = document.createElement("span");
    span.className = "label " + label.kind;
    span.textContent = label.name;
    L.marker([label.lat, label.lon], {
      interactive: false, keyboard: false,
      icon: L.divIcon({html: span, className: "district-label", iconSize: [0, 0]})
    }).addTo(map);
  });
  function restyle(view) {
    view.districts.forEach(function (district) {
      var layer = fills[district.id];
      if (!layer) { return; }
      layer.viewStyle = district.style;
      layer.setStyle(district.style);
      layer.setTooltipContent(district.tooltip);
    });
    var shown = Object.create(null);
    view.events.forEach(function (event) {
      var marker = markers[event.id];
      if (!marker) { return; }
      shown[event.id] = true;
      marker.setStyle(event.style);
      if (!map.hasLayer(marker)) {
        marker.addTo(map);
        marker.getElement().setAttribute("data-event", event.id);
      }
    });
    Object.keys(markers).forEach(function (id) {
      if (!shown[id]) { map.removeLayer(markers[id]); }
    });
  }
  // The view of the story's day `day` with `selected` outlined, looked up in the schedule
  // (geo.map.live.view_schedule).
  var schedule = data.schedule;
  function viewOn(day, selected) {
    day = Math.max(0, Math.min(day, schedule.days - 1));
    return {
      districts: schedule.districts.map(function (district) {
        var entry = district[1][day];
        return {id: district[0], style: schedule.styles[entry[district[0] === selected ? 1 : 0]],
                tooltip: schedule.tips[entry[2]]};
      }),
      events: schedule.events.filter(function (event) {
        return event[1][day] >= 0;
      }).map(function (event) {
        return {id: event[0], style: schedule.styles[event[1][day]]};
      })
    };
  }
  // The page around this frame, where the slider and the steps are; null outside a frame.
  var page = null;
  try {
    page = window.frameElement && window.frameElement.ownerDocument;
  } catch (error) {
    page = null;  // framed by a page of another origin
  }
  var slider = null, selected = null, current = null;
  // Shows a day with the selection, unless that is what the map shows already: the step
  // from the server mostly confirms what the slider has shown.
  function showDay(day, chosen) {
    var key = JSON.stringify([day, chosen]);
    if (key !== current) {
      current = key;
      restyle(viewOn(day, chosen));
    }
  }
  // The day of the date slider that the map follows: an <input type="range"> in the page
  // around this frame, whose first value is the story's first day; null without one.
  // Following it as it moves recolours the map at once, without waiting for the server's
  // step. Looked up again on every step, as the page may draw a new one.
  function sliderDay() {
    var input = page && sliderSelector ? page.querySelector(sliderSelector) : null;
    if (!input) { return null; }
    if (input !== slider) {
      slider = input;
      new MutationObserver(function () {
        if (input === slider) { showDay(sliderDay(), selected); }
      }).observe(input, {attributes: true, attributeFilter: ["value"]});
    }
    return Math.round((Number(input.value) - Number(input.min)) / Number(input.step));
  }
  // A step from the server: the selection, and its day unless a slider says which.
  function show(step) {
    selected = step.selected;
    var day = sliderDay();
    showDay(day === null ? step.day : day, selected);
  }
  // The page around this frame writes each step into the attribute `stepAttribute` of one
  // of its elements; the map shows a step when that element appears or the step in it
  // changes. The whole page is watched, as it may draw the element anew.
  function followSteps() {
    if (!page) { return; }
    var selector = "[" + stepAttribute + "]", shown = null;
    function check() {
      var element = page.querySelector(selector);
      var step = element && element.getAttribute(stepAttribute);
      if (step && step !== shown) {
        shown = step;
        show(JSON.parse(step));
      }
    }
    new MutationObserver(check).observe(page.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: [stepAttribute]});
    check();
  }
  followSteps();
  return {viewOn: viewOn};
}
"""


class _Text(Element):
    """Text placed in a figure as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class TextRender(MacroElement):
    """A folium element whose rendered output goes into the figure as text, as it is.

    branca's MacroElement.render wraps each rendered part (header, html, script) in a new
    ``Element(text)``, which compiles that text as a Jinja template on every render: seven
    compilations per rerun for this map, the largest share of the server's work on a slider
    step, and any ``{{`` or ``{%`` in data text would be evaluated or break the page. Every
    element of the live map renders this way; streamlit-folium reads the parts it sends
    from the figure and the ``script`` macros.
    """

    def render(self, **kwargs) -> None:
        """Put the rendered header, html and script into the figure as plain text."""
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Text(macro(self, kwargs)),
                                                name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class PreparedMap(TextRender, folium.Map):
    """folium's Map, rendered as text (see `TextRender`)."""

    def render(self, **kwargs) -> None:
        """Link Leaflet's script and style, then render as text."""
        figure = self.get_root()
        # As folium's JSCSSMixin does: the page links the map's own script and style.
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        super().render(**kwargs)


class OsmTiles(TextRender):
    """OpenStreetMap's tiles with their attribution, added to the map by its own script."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.tileLayer({{ this.url|tojson }}, {{ this.options|tojson }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self.url = OSM_TILES
        self.options = {"attribution": OSM_ATTRIBUTION, "maxZoom": 18}


class TileErrorNotice(TextRender):
    """Tell the viewer, inside the map, when tiles fail to load instead of leaving it blank."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var shown = false;
            map.eachLayer(function(layer) {
                if (!(layer instanceof L.TileLayer)) { return; }
                layer.on('tileerror', function() {
                    if (shown) { return; }
                    shown = true;
                    var note = L.control({position: 'bottomleft'});
                    note.onAdd = function() {
                        var div = L.DomUtil.create('div', 'tile-error-notice');
                        div.setAttribute('role', 'status');
                        div.style.cssText = 'background:#fff;padding:4px 8px;border:1px solid #999';
                        div.textContent = 'The online basemap could not load; '
                            + 'showing the offline country outlines.';
                        return div;
                    };
                    note.addTo(map);
                });
            });
        })();
        {% endmacro %}
    """)


class FocusWithoutScrolling(TextRender):
    """Keep a click or tap on a half-visible map where it was.

    Leaflet focuses the map on mousedown, which scrolls the page to show the whole frame;
    the click then lands on whatever has moved under the pointer (on a phone, often
    another district). Focusing with preventScroll keeps the page still.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(keyboard) {
            if (!keyboard) { return; }
            keyboard.disable();
            keyboard._onMouseDown = function() {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            keyboard.enable();
        })({{ this._parent.get_name() }}.keyboard);
        {% endmacro %}
    """)


class DataLayers(TextRender):
    """The prepared script of `BaseLayers`, run on the map; it shows the page's steps.

    ``slider`` is the CSS selector of the page's date slider that the map follows, if any;
    the map follows the page's steps in any case (`step_html`).
    """

    # The data goes in the page as a JSON block, not into the script: streamlit-folium
    # rewrites the whole map script on every rerun (regular expressions, dedent, a hash),
    # and with the data in it that was the largest part of the server's work on a step.
    _template = Template("""
        {% macro html(this, kwargs) %}
        <script type="application/json" id="handover-map-data">{{ this.data }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.script }}
        window.handoverMap = handoverLayers({{ this._parent.get_name() }},
            JSON.parse(document.getElementById("handover-map-data").textContent),
            {{ this.slider|tojson }}, {{ this.step_attribute|tojson }});
        {% endmacro %}
    """)

    def __init__(self, layers: BaseLayers, slider: str | None):
        super().__init__()
        self.script = MAP_SCRIPT
        self.data = layers.data_json
        self.slider = slider
        self.step_attribute = STEP_ATTRIBUTE


@dataclass(frozen=True)
class BaseLayers:
    """What the base map draws, prepared once per dataset and tiles setting.

    ``data_json`` is escaped for a <script> element (no '<', '>', '&' or "'" left in it).
    """

    center: tuple[float, float]
    tiles: bool
    data_json: str


def base_layers(dataset: Dataset, tiles: bool) -> BaseLayers:
    """The slow part of the base map, worth caching: every geometry and label as JSON."""
    minx, miny, maxx, maxy = dataset.handover_districts.total_bounds
    basemap = dataset.basemap
    districts = dataset.districts
    data = {
        "css": LABEL_CSS + FIT_CSS,
        "scale": COORD_SCALE,
        "basemap": [] if basemap is None else [
            {"shape": pack_shape(geometry)} for geometry in basemap.geometry],
        # Over tiles the countries are outlines only; without tiles they are the land.
        "basemapStyle": {"fillColor": BASEMAP_FILL, "color": BASEMAP_LINE, "weight": 1,
                         "fillOpacity": 0.0 if tiles else 1.0},
        "districts": [
            {"id": district_id, "role": role, "shape": pack_shape(geometry)}
            for district_id, role, geometry in zip(
                districts["id"], districts["role"], districts.geometry, strict=True)],
        "outlineStyles": OUTLINE_STYLES,
        "highlight": HIGHLIGHT,
        "events": [
            {"id": event_id, "lat": point.y, "lon": point.x,
             "tooltip": esc(f"{long_date(start)}: {title}")}
            for event_id, point, start, title in zip(
                dataset.events["id"], dataset.events.geometry, dataset.events["start"],
                dataset.events["title"], strict=True)],
        "labels": [
            {"lat": point.y, "lon": point.x, "name": name, "kind": role}
            for name, role, point in zip(districts["name_en"], districts["role"],
                                         districts.representative_point(), strict=True)],
        "schedule": view_schedule(dataset),
    }
    return BaseLayers(center=((miny + maxy) / 2, (minx + maxx) / 2), tiles=tiles,
                      data_json=str(htmlsafe_json_dumps(data, separators=(",", ":"))))


def map_from(layers: BaseLayers, slider: str | None = None) -> folium.Map:
    """The base map around prepared layers: a few small folium elements, cheap on every rerun.

    streamlit-folium renders into the map it is given (its first render renames the map's
    parts, and a second one adds to its header), so each rerun needs a fresh map object;
    the same ``layers`` give the same map, byte for byte, every time. ``slider``
    is the CSS selector of a date slider in the page that the map follows (see MAP_SCRIPT):
    an <input type="range"> from the story's first day, one day a step.
    """
    fmap = PreparedMap(location=layers.center, zoom_start=8, tiles=None, control_scale=True)
    # Served by the app (geo.web.assets); folium would otherwise pull Leaflet, jQuery and
    # Bootstrap from CDNs, none of which this map needs.
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    FocusWithoutScrolling().add_to(fmap)
    if layers.tiles:
        OsmTiles().add_to(fmap)
        TileErrorNotice().add_to(fmap)
    DataLayers(layers, slider).add_to(fmap)
    return fmap


def base_map(dataset: Dataset, tiles: bool) -> folium.Map:
    """The static part of the map, prepared from scratch (the page caches `base_layers`)."""
    return map_from(base_layers(dataset, tiles))


def date_view(dataset: Dataset, day: date, selected: str | None) -> dict:
    """What changes with the date and selection.

    Each fill's style and tooltip, and the events so far with their marker styles (recent
    ones emphasised).
    """
    events = events_until(dataset, day)
    return {"districts": [_district_view(s, s.id == selected) for s in status_on(dataset, day)],
            "events": [_event_view(event_id, category, start, day)
                       for event_id, category, start in zip(
                           events["id"], events["category"], events["start"], strict=True)]}


def _district_view(status: DistrictStatus, selected: bool) -> dict:
    return {"id": status.id, "style": fill_style(status.status, selected),
            "tooltip": esc(status.tooltip)}


def _event_view(event_id: str, category: str, start: date, day: date) -> dict:
    recent = day - start < RECENT
    return {"id": event_id, "recent": recent, "style": marker_style(category, recent)}


def view_schedule(dataset: Dataset) -> dict:
    """`date_view` of every day of the story and every selection, compactly, for the browser.

    With it the map shows any day at once, following the date slider, instead of waiting
    for the server's step. Each style and tooltip is listed once and referred to by its
    index. On the story's ``i``-th day (from its first, see `story_range`), a district
    ``[id, days]`` has ``days[i] = [style, style when selected, tooltip]``, and an event
    ``[id, days]`` has ``days[i] = style``, or -1 before it happened. Events are in the
    order of `date_view`; the map script's ``viewOn`` reads this.
    """
    first, last = story_range(dataset)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    styles: dict[str, int] = {}
    tips: dict[str, int] = {}

    def ref(table: dict[str, int], value) -> int:
        return table.setdefault(json.dumps(value, sort_keys=True), len(table))

    districts = {district_id: [] for district_id in dataset.handover_districts["id"]}
    for day in days:
        for status in status_on(dataset, day):
            plain, chosen = _district_view(status, False), _district_view(status, True)
            districts[status.id].append(
                [ref(styles, plain["style"]), ref(styles, chosen["style"]),
                 ref(tips, plain["tooltip"])])
    # Per event, not per day through events_until: a day's GeoDataFrame takes a millisecond
    # to build, and the story has dozens of days.
    events = [[event_id, [-1 if start > day else
                          ref(styles, _event_view(event_id, category, start, day)["style"])
                          for day in days]]
              for event_id, category, start in zip(dataset.events["id"],
                                                   dataset.events["category"],
                                                   dataset.events["start"], strict=True)]
    return {"days": len(days), "styles": [json.loads(style) for style in styles],
            "tips": [json.loads(tip) for tip in tips],
            "districts": [[district_id, entries] for district_id, entries in districts.items()],
            "events": events}


def step_json(dataset: Dataset, day: date, selected: str | None) -> str:
    """A step's day (as an index into the story) and selection, as JSON for `step_html`.

    Plain JSON: `step_html` escapes it for the attribute it goes in.
    """
    index = (day - story_range(dataset)[0]).days
    return json.dumps({"day": index, "selected": selected})


def step_html(text: str, step: str) -> str:
    """``text`` in bold, carrying the map's step (`step_json`) for the map to follow.

    The map watches its page for the element with STEP_ATTRIBUTE (see MAP_SCRIPT): a step
    reaches it as a change of this attribute, so the map's own arguments stay the same and
    Streamlit does not send them again.
    """
    return f'<strong {STEP_ATTRIBUTE}="{esc(step)}">{esc(text)}</strong>'


def pack_shape(geometry: Polygon | MultiPolygon) -> list[list[list[int]]]:
    """A (multi)polygon as polygons of rings, each ring a flat list of integer steps.

    ``[dx0, dy0, dx1, dy1, ...]`` in 1/COORD_SCALE degree, the first step from (0, 0); the
    map script's ``unpack`` adds them up. Exterior ring first, then the holes.
    """
    return [[_pack_ring(ring.coords) for ring in (polygon.exterior, *polygon.interiors)]
            for polygon in shapely.get_parts(geometry)]


def _pack_ring(coords) -> list[int]:
    points = np.rint(np.asarray(coords)[:, :2] * COORD_SCALE).astype(np.int64)
    return np.diff(points, axis=0, prepend=np.zeros((1, 2), np.int64)).ravel().tolist()


def fill_style(status: Status, selected: bool) -> dict:
    """A handover district's fill: colour (and dashes while pending) by status.

    The selected district gets a heavy black outline.
    """
    colour = STATUS_COLOURS[status]
    return {"fillColor": colour, "fillOpacity": 0.65, "dashArray": STATUS_DASH[status],
            "color": "#000" if selected else colour, "weight": 4 if selected else 2}


def marker_style(category: str, recent: bool) -> dict:
    """An event marker by category; the last two days' events larger, with a black ring."""
    colour = category_colour(category)
    return {"radius": 9 if recent else 5, "weight": 3 if recent else 1,
            "color": "#000" if recent else colour, "fillColor": colour, "fill": True,
            "fillOpacity": 0.95 if recent else 0.55}
