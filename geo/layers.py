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

from geo.assets import LEAFLET_CSS, LEAFLET_IMAGES, LEAFLET_JS
from geo.html import esc
from geo.load import Dataset
from geo.status import DistrictStatus, events_until, status_on
from geo.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    STATUS_COLOURS,
    STATUS_DASH,
    category_colour,
)

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


class IconPath(MacroElement):
    """Point Leaflet's default marker images at the served copy (a marker briefly has one)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}
    """)

    def __init__(self, path: str):
        super().__init__()
        self.path = path


def base_map(dataset: Dataset, tiles: bool) -> folium.Map:
    """The static part of the map; the same object structure on every call for the same args."""
    minx, miny, maxx, maxy = dataset.handover_districts.total_bounds
    fmap = folium.Map(location=((miny + maxy) / 2, (minx + maxx) / 2), zoom_start=8,
                      tiles=None, control_scale=True)
    # Served by the app (geo.assets); folium would otherwise pull Leaflet, jQuery and
    # Bootstrap from CDNs, none of which this map needs.
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    IconPath(LEAFLET_IMAGES).add_to(fmap)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=18).add_to(fmap)
        TileErrorNotice().add_to(fmap)
    if dataset.basemap is not None:
        folium.GeoJson(
            dataset.basemap.__geo_interface__, name="countries", interactive=False,
            style_function=lambda _: {"fillColor": BASEMAP_FILL, "color": BASEMAP_LINE,
                                      "weight": 1, "fillOpacity": 0.0 if tiles else 1.0},
        ).add_to(fmap)
    fmap.get_root().header.add_child(Element(LABEL_CSS))
    for _, row in dataset.districts.iterrows():
        handover = row["role"] == "handover"
        folium.GeoJson(
            row["geometry"].__geo_interface__, interactive=False,
            style_function=lambda _, handover=handover: {
                "color": "#222" if handover else CONTEXT_COLOUR, "weight": 1,
                "fill": False, "dashArray": None if handover else "2 3"},
        ).add_to(fmap)
        anchor = row["geometry"].representative_point()
        kind = "handover" if handover else "context"
        folium.Marker(
            (anchor.y, anchor.x), interactive=False, keyboard=False,
            icon=folium.DivIcon(html=f'<span class="label {kind}">{esc(row["name_en"])}</span>',
                                class_name="district-label", icon_size=(0, 0)),
        ).add_to(fmap)
    return fmap


def district_tooltip(status: DistrictStatus) -> str:
    """One escaped line: the district's name and its status on the day."""
    text = f"{status.name}: {status.status}"
    if status.status == "pending" and status.deadline:
        text += f", deadline {status.deadline:%d %b %Y}"
    elif status.status == "returned" and status.returned_on:
        text += f" on {status.returned_on:%d %b %Y}"
    return esc(text)


def date_layers(dataset: Dataset, day: date, selected: str | None) -> list[folium.FeatureGroup]:
    """The layers that change with the date: status fills, the selection, event markers."""
    fills = folium.FeatureGroup(name="districts")
    geometries = dataset.districts.set_index("id")["geometry"]
    for status in status_on(dataset, day):
        colour = STATUS_COLOURS[status.status]
        is_selected = status.id == selected
        shape = folium.GeoJson(
            {"type": "Feature", "id": status.id, "properties": {"id": status.id},
             "geometry": geometries[status.id].__geo_interface__},
            style_function=lambda _, colour=colour, dash=STATUS_DASH[status.status],
            is_selected=is_selected: {
                "fillColor": colour, "fillOpacity": 0.65, "color": "#000" if is_selected
                else colour, "weight": 4 if is_selected else 2, "dashArray": dash},
            highlight_function=lambda _: {"weight": 4, "fillOpacity": 0.8},
        )
        folium.Tooltip(district_tooltip(status), sticky=True).add_to(shape)
        shape.add_to(fills)

    markers = folium.FeatureGroup(name="events")
    for _, event in events_until(dataset, day).iterrows():
        recent = day - event["start"] < RECENT
        colour = category_colour(event["category"])
        folium.CircleMarker(
            location=(event.geometry.y, event.geometry.x),
            radius=9 if recent else 5, weight=3 if recent else 1, color="#000" if recent
            else colour, fill=True, fill_color=colour, fill_opacity=0.95 if recent else 0.55,
            tooltip=folium.Tooltip(esc(f"{event['start']:%d %b %Y}: {event['title']}")),
        ).add_to(markers)
    return [fills, markers]
