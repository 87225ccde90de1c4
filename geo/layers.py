"""Folium layers for the live map: a base map built once, and the layers that change with the date.

The base map (basemap outlines, context districts, labels, optional tiles) is the same on
every rerun, so streamlit-folium keeps the map mounted; only the feature groups from
`date_layers` are swapped, which is what makes a slider step cheap.
All text placed in tooltips goes through `geo.html.esc`: folium does not escape it.
"""

from __future__ import annotations

from datetime import date, timedelta

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.assets import LEAFLET_CSS, LEAFLET_JS
from geo.html import esc
from geo.load import Dataset
from geo.status import events_until, status_on
from geo.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    STATUS_COLOURS,
    STATUS_DASH,
    category_colour,
)
from geo.wording import long_date

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
# District names drawn on the map: centred on the point, readable over any fill.
LABEL_CSS = """<style>
.district-label .label { position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
  font: 12px/1.2 sans-serif; color: #444; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.district-label .label.handover { font-weight: bold; font-size: 14px; color: #111; }
</style>"""
# Events this recent are drawn larger: what just happened should catch the eye.
RECENT = timedelta(days=2)


class TileErrorNotice(MacroElement):
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


class DistrictLabels(MacroElement):
    """District names at fixed points, as non-interactive text markers in one script.

    Names are set with ``textContent``, so no markup in a name can take effect.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.labels|tojson }}.forEach(function(label) {
            var span = document.createElement('span');
            span.className = 'label ' + label.kind;
            span.textContent = label.name;
            L.marker([label.lat, label.lon], {
                interactive: false, keyboard: false,
                icon: L.divIcon({html: span, className: 'district-label', iconSize: [0, 0]})
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, labels: list[dict]):
        super().__init__()
        self.labels = labels


def base_map(dataset: Dataset, tiles: bool) -> folium.Map:
    """The static part of the map; the same object structure on every call for the same args."""
    minx, miny, maxx, maxy = dataset.handover_districts.total_bounds
    fmap = folium.Map(location=((miny + maxy) / 2, (minx + maxx) / 2), zoom_start=8,
                      tiles=None, control_scale=True)
    # Served by the app (geo.assets); folium would otherwise pull Leaflet, jQuery and
    # Bootstrap from CDNs, none of which this map needs.
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    fmap.get_root().header.add_child(Element(LABEL_CSS))
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=18).add_to(fmap)
        TileErrorNotice().add_to(fmap)
    if dataset.basemap is not None:
        folium.GeoJson(
            feature_collection(dataset.basemap.geometry, [{}] * len(dataset.basemap)),
            name="countries", interactive=False,
            style_function=lambda _: {"fillColor": BASEMAP_FILL, "color": BASEMAP_LINE,
                                      "weight": 1, "fillOpacity": 0.0 if tiles else 1.0},
        ).add_to(fmap)
    # Few, large elements: folium compiles every element's output as a template, so one
    # collection renders far faster than a layer per district.
    outlines = feature_collection(dataset.districts.geometry,
                                  [{"role": role} for role in dataset.districts["role"]])
    folium.GeoJson(
        outlines, name="outlines", interactive=False,
        style_function=lambda feature: {
            "color": "#222" if feature["properties"]["role"] == "handover" else CONTEXT_COLOUR,
            "weight": 1, "fill": False,
            "dashArray": None if feature["properties"]["role"] == "handover" else "2 3"},
    ).add_to(fmap)
    DistrictLabels([
        {"lat": point.y, "lon": point.x, "name": name, "kind": role}
        for name, role, point in zip(dataset.districts["name_en"], dataset.districts["role"],
                                     dataset.districts.representative_point(), strict=True)
    ]).add_to(fmap)
    return fmap


def date_layers(dataset: Dataset, day: date, selected: str | None) -> list[folium.FeatureGroup]:
    """The layers that change with the date: status fills, the selection, event markers.

    Each is one GeoJSON collection; tooltip text is escaped here because folium's
    GeoJsonTooltip inserts it as HTML.
    """
    statuses = status_on(dataset, day)  # in the order of dataset.handover_districts
    # The date in the properties makes every step's layer distinct, so the browser
    # always swaps it in, even when the colours stay the same.
    districts = feature_collection(dataset.handover_districts.geometry, [
        {"id": s.id, "status": s.status, "selected": s.id == selected,
         "label": esc(s.tooltip), "date": day.isoformat()} for s in statuses])
    fills = folium.FeatureGroup(name="districts")
    folium.GeoJson(
        districts,
        style_function=lambda feature: _fill_style(feature["properties"]),
        highlight_function=lambda _: {"weight": 4, "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
    ).add_to(fills)

    markers = folium.FeatureGroup(name="events")
    events = events_until(dataset, day)
    if not events.empty:
        points = feature_collection(events.geometry, [
            {"id": event_id, "category": category, "recent": day - start < RECENT,
             "label": esc(f"{long_date(start)}: {title}")}
            for event_id, category, start, title in zip(
                events["id"], events["category"], events["start"], events["title"],
                strict=True)])
        folium.GeoJson(
            points,
            marker=folium.CircleMarker(),
            style_function=lambda feature: _marker_style(feature["properties"]),
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
        ).add_to(markers)
    return [fills, markers]


def feature_collection(geometries, properties: list[dict]) -> dict:
    """A GeoJSON FeatureCollection; much faster than GeoDataFrame.__geo_interface__."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": mapping(geometry)}
        for geometry, props in zip(geometries, properties, strict=True)]}


def _fill_style(props: dict) -> dict:
    colour = STATUS_COLOURS[props["status"]]
    return {"fillColor": colour, "fillOpacity": 0.65, "dashArray": STATUS_DASH[props["status"]],
            "color": "#000" if props["selected"] else colour,
            "weight": 4 if props["selected"] else 2}


def _marker_style(props: dict) -> dict:
    colour = category_colour(props["category"])
    recent = props["recent"]
    return {"radius": 9 if recent else 5, "weight": 3 if recent else 1,
            "color": "#000" if recent else colour, "fillColor": colour, "fill": True,
            "fillOpacity": 0.95 if recent else 0.55}
