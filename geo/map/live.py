"""The live map for the Streamlit page: a folium map around the payload, the same every rerun.

Everything drawn comes from `geo.map.payload` and is drawn by ``map.js`` (linked, like
Leaflet, from the app's own static files: `geo.map.assets`); this module only puts the
payload and the first view into a folium map that streamlit-folium can show. The map's
arguments are the same text on every rerun of a session, so streamlit-folium keeps it
mounted and Streamlit sends the browser a reference to the copy it has: a step reaches the
map through the page (`geo.map.step`), not through the map again. Every element here renders
as text (`TextRender`), so a rerun compiles no template of ours.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement

from geo.dataset.load import Dataset
from geo.html import script_json
from geo.i18n import ENGLISH, Language
from geo.map.assets import LEAFLET_CSS, LEAFLET_JS, MAP_CSS, MAP_JS
from geo.map.payload import map_payload, payload_html


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
    ``Element(text)``, which compiles that text as a Jinja template on every render: the
    largest share of the server's work on a slider step, and any ``{{`` or ``{%`` in data
    text would be evaluated or break the page. streamlit-folium reads the parts it sends
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
    """folium's Map, rendered as text (see `TextRender`), with the app's own scripts."""

    def render(self, **kwargs) -> None:
        """Link Leaflet's and the map's scripts and styles, then render as text."""
        figure = self.get_root()
        # As folium's JSCSSMixin does: the page links the map's own script and style.
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        super().render(**kwargs)


class Payload(MacroElement):
    """The map's payload and first view, in the page beside the map (`payload_html`)."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html

    def render(self, **kwargs) -> None:
        """Put the payload into the figure's body as it is."""
        self.get_root().html.add_child(_Text(self.html), name=self.get_name())


TILES_ENV = "HANDOVER_TILES"


def tiles_by_default() -> bool:
    """Whether the map starts with online tiles: yes, unless $HANDOVER_TILES is "none"."""
    return os.environ.get(TILES_ENV, "osm") != "none"


@dataclass(frozen=True)
class BaseLayers:
    """What the map draws, prepared once per dataset and tiles setting.

    ``payload_json`` is `map_payload` escaped for a <script> element.
    """

    center: tuple[float, float]
    payload_json: str


def base_layers(dataset: Dataset, tiles: bool, lang: Language = ENGLISH) -> BaseLayers:
    """The slow part of the map, worth caching: the payload in ``lang``, as JSON."""
    payload = map_payload(dataset, tiles, lang)
    return BaseLayers(center=tuple(payload["center"]), payload_json=script_json(payload))


def map_from(layers: BaseLayers, view: dict) -> folium.Map:
    """The map around prepared layers, drawing ``view`` first (`geo.map.payload.first_view`).

    streamlit-folium renders into the map it is given (its first render renames the map's
    parts, and a second one adds to its header), so each rerun needs a fresh map object;
    the same ``layers`` and ``view`` give the same map, byte for byte, every time.
    """
    fmap = PreparedMap(location=layers.center, zoom_start=8, tiles=None, control_scale=True)
    # Served by the app (geo.map.assets); folium would otherwise pull Leaflet, jQuery and
    # Bootstrap from CDNs, none of which this map needs. map.js must load before the map
    # is made: it draws on it from Leaflet's init hook.
    fmap.default_js = [("leaflet", LEAFLET_JS), ("handover_map", MAP_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS), ("handover_map_css", MAP_CSS)]
    Payload(payload_html(layers.payload_json, view)).add_to(fmap)
    return fmap
