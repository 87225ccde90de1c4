"""The live map's folium wrapper: no CDN, the same text every rerun, the payload beside it."""

from __future__ import annotations

import re
from datetime import date

import jinja2
import pytest
from streamlit_folium import generate_leaflet_string

import geo
from geo.map.assets import LEAFLET_JS, MAP_CSS, MAP_JS
from geo.map.live import base_layers, map_from
from geo.map.payload import OSM_TILES, SCRIPT, first_view, payload_html
from geo.map.step import STEP_ATTRIBUTE

FOLLOW = {"slider": '.st-key-x input[type="range"]', "step": STEP_ATTRIBUTE}


@pytest.fixture(scope="module")
def dataset():
    return geo.load()


def live_map(dataset, tiles=False, day=date(2020, 11, 21), selected=None):
    return map_from(base_layers(dataset, tiles), first_view(dataset, day, selected, FOLLOW))


def map_script(fmap) -> str:
    """The map script as streamlit-folium sends it (folium's random ids removed)."""
    fmap.render()
    return re.sub(r"_[0-9a-f]{32}", "", generate_leaflet_string(fmap))


def map_html(fmap) -> str:
    """The map's HTML as streamlit-folium takes it from the figure (the payload block)."""
    fmap.render()
    return re.sub(r"_[0-9a-f]{32}", "", fmap.get_root().html.render())


def test_without_tiles_the_map_names_no_outside_host(dataset):
    page = live_map(dataset).get_root().render()
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) == set()
    for url in (LEAFLET_JS, MAP_JS, MAP_CSS):
        assert url in page and url.startswith("../../app/static/vendor/")


def test_with_tiles_the_payload_names_osm_with_its_attribution(dataset):
    page = live_map(dataset, tiles=True).get_root().render()
    assert OSM_TILES["url"] in page and "openstreetmap.org/copyright" in page
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page


def test_the_same_layers_and_view_give_the_same_map(dataset):
    # Streamlit then sends the browser a reference to the map it has, not the map again.
    layers = base_layers(dataset, tiles=False)
    view = first_view(dataset, date(2020, 11, 21), None, FOLLOW)
    assert map_script(map_from(layers, view)) == map_script(map_from(layers, view))
    assert map_html(map_from(layers, view)) == map_html(map_from(layers, view))
    assert base_layers(dataset, tiles=False) == layers


def test_the_payload_and_first_view_travel_beside_the_script(dataset):
    layers = base_layers(dataset, tiles=False)
    view = first_view(dataset, date(2020, 11, 21), "kalbajar", FOLLOW)
    fmap = map_from(layers, view)
    assert payload_html(layers.payload_json, view) in map_html(fmap)
    script = map_script(map_from(layers, view))
    # The drawing is map.js, linked; the map's own script is folium's few lines.
    assert layers.payload_json not in script and "function" not in script
    assert len(script) < 1_000


def test_map_js_is_linked_by_its_content_hash(dataset):
    assert re.fullmatch(r"\.\./\.\./app/static/vendor/handover/map-[0-9a-f]{12}\.js", MAP_JS)
    assert SCRIPT.name == "map.js"


@pytest.mark.parametrize("tiles", [False, True])
def test_a_rerun_compiles_no_template_of_ours(dataset, monkeypatch, tiles):
    """What streamlit-folium does with the map on every rerun compiles no new template.

    branca compiles every rendered part as a template unless the element renders as text
    (geo.map.live.TextRender); that was most of the server's work on a slider step.
    """
    layers = base_layers(dataset, tiles=tiles)
    view = first_view(dataset, date(2020, 11, 21), None, FOLLOW)
    compiled = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return compile_template(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    fmap = map_from(layers, view)
    fmap.render()
    generate_leaflet_string(fmap)
    # Only folium's Figure, once per map: the charset <meta> it adds to every page.
    assert compiled == ['<meta http-equiv="content-type" content="text/html; charset=UTF-8" />']
