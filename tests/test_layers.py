"""Unit tests for the folium layers: no CDN, escaped tooltips, colours by status."""

from __future__ import annotations

import re
from datetime import date

import folium
import pytest

import geo
from geo.layers import base_map, date_layers, district_tooltip
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


def test_markers_are_events_so_far_with_recent_ones_emphasised(dataset):
    day = date(2020, 11, 15)
    _, markers = layer_html(dataset, day)
    so_far = geo.events_until(dataset, day)
    assert markers.count("L.circleMarker(") == len(so_far)
    recent = sum(1 for d in so_far["start"] if (day - d).days < 2)
    assert markers.count('"radius": 9') == recent
    assert markers.count('"radius": 5') == len(so_far) - recent


def test_district_tooltip_text(dataset):
    statuses = {s.id: s for s in geo.status_on(dataset, date(2020, 11, 21))}
    assert district_tooltip(statuses["kalbajar"]) == "Kalbajar: pending, deadline 25 Nov 2020"
    assert district_tooltip(statuses["aghdam"]) == "Aghdam: returned on 20 Nov 2020"
