"""Unit tests for the folium layers: no CDN, escaped tooltips, colours by status."""

from __future__ import annotations

import re
from datetime import date

import folium
import pytest

import geo
from geo.layers import base_map, date_layers
from geo.style import STATUS_COLOURS


@pytest.fixture(scope="module")
def dataset():
    return geo.load()


def rendered(element) -> str:
    element.render()
    return element.get_root().render()


def test_base_map_without_tiles_requests_nothing_external(dataset):
    html = rendered(base_map(dataset, tiles=False))
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls == set(), urls
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_base_map_with_tiles_uses_osm_with_attribution_and_error_notice(dataset):
    html = rendered(base_map(dataset, tiles=True))
    assert "tile.openstreetmap.org" in html
    assert "openstreetmap.org/copyright" in html
    assert "tileerror" in html
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html


def test_base_map_is_identical_across_builds_modulo_ids(dataset):
    def normalised():
        return re.sub(r"_[0-9a-f]{32}", "", rendered(base_map(dataset, tiles=False)))
    assert normalised() == normalised()


def layer_html(dataset, day, selected=None):
    """Each date layer's own script, rendered on a map as streamlit-folium does."""
    fmap = folium.Map(tiles=None)
    layers = date_layers(dataset, day, selected)
    for layer in layers:
        layer.add_to(fmap)
    fmap.render()
    return tuple(
        "".join(child._template.module.script(child) for child in walk(layer))
        for layer in layers)


def walk(element):
    yield element
    for child in element._children.values():
        yield from walk(child)


def test_fills_follow_status(dataset):
    fills, _ = layer_html(dataset, date(2020, 11, 21))
    assert fills.count(STATUS_COLOURS["returned"]) >= 1  # Aghdam
    assert fills.count(STATUS_COLOURS["pending"]) >= 2  # Kalbajar, Lachin
    assert STATUS_COLOURS["held"] not in fills
    held, _ = layer_html(dataset, date(2020, 11, 1))
    assert STATUS_COLOURS["held"] in held and STATUS_COLOURS["pending"] not in held


def test_selected_district_is_outlined(dataset):
    plain, _ = layer_html(dataset, date(2020, 11, 21))
    chosen, _ = layer_html(dataset, date(2020, 11, 21), "kalbajar")
    # Highlight-on-hover also uses weight 4; the selection adds one black, heavy outline.
    assert chosen.count('"weight": 4') == plain.count('"weight": 4') + 1
    assert '"color": "#000"' in chosen and '"color": "#000"' not in plain


def collection(layer):
    """The one GeoJSON element of a date layer."""
    (geojson,) = layer._children.values()
    return geojson


def test_markers_are_events_so_far_with_recent_ones_emphasised(dataset):
    day = date(2020, 11, 15)
    _, markers = date_layers(dataset, day, None)
    features = collection(markers).data["features"]
    so_far = geo.events_until(dataset, day)
    assert sorted(f["properties"]["id"] for f in features) == sorted(so_far["id"])
    styles = [collection(markers).style_function(f) for f in features]
    recent = {f["properties"]["id"] for f in features if (day - so_far.set_index("id").loc[
        f["properties"]["id"], "start"]).days < 2}
    assert recent == {"E06", "E07", "E08", "E09", "E10", "E11", "E12", "E18"}
    assert sum(style["radius"] == 9 for style in styles) == len(recent)
    assert sum(style["radius"] == 5 for style in styles) == len(features) - len(recent)


def test_no_events_before_the_first_gives_an_empty_layer(dataset):
    _, markers = date_layers(dataset, date(2020, 9, 26), None)
    assert markers._children == {}


def test_tooltips_are_escaped_before_folium_inserts_them_as_html(dataset):
    fills, markers = date_layers(dataset, date(2020, 12, 1), None)
    labels = [f["properties"]["label"] for layer in (fills, markers)
              for f in collection(layer).data["features"]]
    assert "Lachin: returned on 1 Dec 2020" in labels
    assert "1 Dec 2020: Lachin handed back" in labels
    assert "27 Sep 2020: War breaks out" in labels


def test_district_tooltips_are_the_status_views_tooltip_sentence(dataset):
    day = date(2020, 11, 21)
    fills, _ = date_layers(dataset, day, None)
    labels = {f["properties"]["id"]: f["properties"]["label"]
              for f in collection(fills).data["features"]}
    assert labels == {s.id: s.tooltip for s in geo.status_on(dataset, day)}
    assert labels["kalbajar"] == "Kalbajar: pending, deadline 25 Nov 2020"
    assert labels["aghdam"] == "Aghdam: returned on 20 Nov 2020"
