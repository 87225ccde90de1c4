"""The live map's frame: its files announced in the map page, and kept by browsers for good.

The map is drawn in streamlit-folium's component frame, which Streamlit's front end makes
only once the map's element has come over the session's WebSocket and its own code for
the page's elements has loaded and run. The frame then loaded in a chain, each link a
round trip behind the one before: the component's ``index.html``, its bundle, Leaflet, the
map's script (streamlit-folium loads the map's scripts one after the other), then the two
style sheets. On a phone's connection that chain took about 2 s after the frame appeared
(docs/benchmarks.md, mobile section).

So the page served for the map names the chain's files, all but the frame's own
``index.html`` (its address carries the page's full URL, which the server never reads), as
``<link rel="prefetch">``: the browser fetches them at the lowest priority, when the link
has nothing more urgent to carry (in the measured load, while Streamlit's front end starts
up), and the frame finds them in the HTTP cache. For a copy in the cache to serve the
frame it must be fresh, so `FrameFilesCache` marks them cacheable for good: each name
carries its content's hash or its version (`geo.map.assets`; the component's bundle is
named by its build), and the component's ``index.html`` (``no-cache``, from Streamlit)
names the bundle of the installed version. All URLs are relative to the page, which the
app serves only at its root (`geo.server.index_page`), so they hold behind a proxy and
under Streamlit's ``server.baseUrlPath`` alike.

Streamlit serves the component's files only once a session has imported streamlit-folium
(app.py), so the first reader after a start prefetches its bundle in vain (a 404, fetched
again by the frame); Leaflet and the map's files are there from the start.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.html import esc
from geo.map.assets import FRAME_TO_ROOT, LEAFLET_CSS, LEAFLET_JS, MAP_CSS, MAP_JS, STATIC_PATH
from geo.server.public_url import path_prefix, request_path

# streamlit-folium's component: declare_component("st_folium") in its module streamlit_folium.
COMPONENT = "streamlit_folium.st_folium"
COMPONENT_PACKAGE = "streamlit_folium"
IMMUTABLE = "public, max-age=31536000, immutable"
# The page with the live map: its key in `geo.web.links.PAGES`.
MAP_PAGE = ""
# What the component's index.html loads itself: "./static/js/main.521860b0.js".
_BUNDLE = re.compile(r'(?:src|href)="\./(static/[^"?#]+)"')
# The map's files in the order the frame asks for them (scripts one after the other, then
# the style sheets), as URLs relative to the frame's page.
_MAP_FILES = (LEAFLET_JS, MAP_JS, LEAFLET_CSS, MAP_CSS)


def component_build() -> Path | None:
    """streamlit-folium's front-end build folder, found without importing it (or Streamlit)."""
    spec = importlib.util.find_spec(COMPONENT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "frontend" / "build"


def component_files(build: Path | None) -> list[str]:
    """The files the component's index.html loads, as paths below the app's root."""
    try:
        index = (build / "index.html").read_text(encoding="utf-8") if build else ""
    except OSError:
        return []
    return [f"component/{COMPONENT}/{name}" for name in dict.fromkeys(_BUNDLE.findall(index))]


def frame_files(build: Path | None) -> list[str]:
    """Every file the map's frame loads but its page, as paths below the app's root, in order."""
    return component_files(build) + [url.removeprefix(FRAME_TO_ROOT) for url in _MAP_FILES]


def prefetch_tags(files: list[str]) -> str:
    """``<link rel="prefetch">`` for each file, relative to a page at the app's root."""
    return "".join(f'<link rel="prefetch" href="./{esc(path)}">' for path in files)


class FrameFilesCache:
    """ASGI middleware: the map frame's files, served as cacheable for good.

    That is the component's own files that its index.html loads (``component_files``) and
    everything under ``app/static/vendor/`` (names with versions or hashes,
    `geo.map.assets`); Streamlit sends the first as ``public`` without a lifetime and the
    second with no Cache-Control at all, so a browser fetched them again for the frame.
    """

    def __init__(self, app: ASGIApp, *, base_path: str = "",
                 build: Path | None = None) -> None:
        """``base_path`` is Streamlit's ``server.baseUrlPath``; ``build`` the component's."""
        self.app = app
        root = f"{path_prefix(base_path)}/"
        self.exact = {root + path for path in component_files(build or component_build())}
        self.vendor = f"{root}{STATIC_PATH}/vendor/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything on; a frame file's successful answer gets the lasting header."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") \
                or not self.is_frame_file(scope):
            await self.app(scope, receive, send)
            return

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                MutableHeaders(scope=message)["cache-control"] = IMMUTABLE
            await send(message)

        await self.app(scope, receive, sender)

    def is_frame_file(self, scope: Scope) -> bool:
        """Whether the request names one of the frame's files (no traversal, no odd segments)."""
        path = request_path(scope)
        if path in self.exact:
            return True
        rest = path.removeprefix(self.vendor)
        return rest != path and bool(rest) and not any(
            part in ("", ".", "..") or "\\" in part for part in rest.split("/"))
