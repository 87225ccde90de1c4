"""The map frame's files: prefetched by the map page, kept by browsers (geo.server.map_frame).

Unit tests of the list and the tags, the middleware driven as ASGI in the test process, the
index page's map page with the tags, and a browser test against a real server under a
``server.baseUrlPath``: the frame takes every prefetched file from the cache.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import streamlit_server
from test_index_page import DATA, fetch
from test_index_page import Streamlit as StreamlitIndex

from geo.map.assets import LEAFLET_CSS, LEAFLET_JS, MAP_CSS, MAP_JS
from geo.server.index_page import IndexPageMiddleware
from geo.server.map_frame import (
    COMPONENT,
    IMMUTABLE,
    MAP_PAGE,
    FrameFilesCache,
    component_build,
    component_files,
    frame_files,
    prefetch_tags,
)
from geo.server.previews import Previews

BUNDLE = f"component/{COMPONENT}/static/js/main.0123abcd.js"


@pytest.fixture
def build(tmp_path) -> Path:
    """A component build as create-react-app writes it (streamlit-folium's is one)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><script defer="defer" src="./static/js/main.0123abcd.js">'
        '</script><link href="./static/css/main.4567ef01.css" rel="stylesheet"></head>'
        '<body><div id="root"></div></body></html>')
    return tmp_path


def test_the_frame_files_are_the_components_bundle_then_the_maps_files_in_order(build):
    assert frame_files(build) == [
        BUNDLE, f"component/{COMPONENT}/static/css/main.4567ef01.css",
        *(url.removeprefix("../../") for url in (LEAFLET_JS, MAP_JS, LEAFLET_CSS, MAP_CSS))]


def test_without_the_components_build_only_the_maps_files_are_named(tmp_path):
    assert component_files(tmp_path / "missing") == component_files(None) == []
    assert len(frame_files(None)) == 4


def test_the_installed_components_bundle_is_found():
    build = component_build()
    index = (build / "index.html").read_text()
    (bundle,) = component_files(build)
    assert bundle.startswith(f"component/{COMPONENT}/static/js/main.")
    assert f'src="./{bundle.removeprefix(f"component/{COMPONENT}/")}"' in index
    assert (build / bundle.removeprefix(f"component/{COMPONENT}/")).is_file()


@pytest.mark.parametrize("root", ["http://127.0.0.1:8501/", "https://maps.example.org/",
                                  "https://example.org/handover/"])
def test_a_prefetched_url_is_the_url_the_frame_asks_for(root):
    """The page is served at the app's root; the frame's page is the component's index.html.

    Resolved from each, the same file has the same URL, at a host's root, behind a proxy and
    under a server.baseUrlPath alike.
    """
    frame = urljoin(root, f"component/{COMPONENT}/index.html?streamlitUrl=x")
    tags = prefetch_tags(frame_files(None))
    prefetched = [urljoin(root, href) for href in re.findall(r'href="([^"]+)"', tags)]
    assert prefetched == [urljoin(frame, url) for url in (LEAFLET_JS, MAP_JS, LEAFLET_CSS,
                                                            MAP_CSS)]
    assert all(url.startswith(root + "app/static/vendor/") for url in prefetched)


def test_the_tags_are_prefetches_with_escaped_relative_urls():
    tags = prefetch_tags(["component/a&b/x.js", 'app/static/"y".css'])
    assert tags == ('<link rel="prefetch" href="./component/a&amp;b/x.js">'
                    '<link rel="prefetch" href="./app/static/&quot;y&quot;.css">')


class Streamlit:
    """Answers any GET as Streamlit does its component and app static files."""

    def __init__(self, status: int = 200, cache_control: bytes | None = b"public") -> None:
        self.status = status
        self.cache_control = cache_control

    async def __call__(self, scope, receive, send):
        headers = [(b"content-type", b"text/javascript"), (b"content-length", b"2")]
        if self.cache_control:
            headers.append((b"cache-control", self.cache_control))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})


def cache_control(app, path: str, method: str = "GET") -> str | None:
    return fetch(app, path, method=method)[1].get("cache-control")


@pytest.mark.parametrize("base", ["", "/maps"])
def test_the_frames_files_are_kept_for_good(build, base):
    app = FrameFilesCache(Streamlit(), base_path=base.strip("/"), build=build)
    for path in (BUNDLE, "app/static/vendor/leaflet-1.9.3/leaflet.js",
                 "app/static/vendor/leaflet-1.9.3/images/marker-icon.png",
                 "app/static/vendor/handover/map-0123456789ab.js"):
        assert cache_control(app, f"{base}/{path}") == IMMUTABLE
        assert cache_control(app, f"{base}/{path}", method="HEAD") == IMMUTABLE
    app = FrameFilesCache(Streamlit(cache_control=None), base_path=base, build=build)
    assert cache_control(app, f"{base}/app/static/vendor/handover/map.css") == IMMUTABLE


@pytest.mark.parametrize("path", [
    f"/component/{COMPONENT}/index.html",  # names the bundle: must be asked again
    f"/component/{COMPONENT}/static/js/main.js.map",
    "/app/static/other.js",  # not under vendor/: a name without version or hash
    "/app/static/vendor/",
    "/app/static/vendor/../secret.js",
    "/app/static/vendor/x//y.js",
    "/maps/app/static/vendor/leaflet.js",  # another base path
    "/static/js/index.js",  # Streamlit's own (geo.server.compressed)
])
def test_anything_else_keeps_streamlits_answer(build, path):
    app = FrameFilesCache(Streamlit(), build=build)
    assert cache_control(app, path) == "public"


def test_a_failed_answer_or_another_method_is_not_kept(build):
    assert cache_control(FrameFilesCache(Streamlit(status=404), build=build),
                         f"/{BUNDLE}") == "public"
    assert cache_control(FrameFilesCache(Streamlit(), build=build), f"/{BUNDLE}",
                         method="POST") == "public"


def index_page(page_head):
    return IndexPageMiddleware(StreamlitIndex(), Previews(None), lambda: DATA,
                               page_head=page_head)


def test_only_the_map_page_names_the_frames_files():
    tags = prefetch_tags(frame_files(component_build()))
    app = index_page({MAP_PAGE: tags})
    map_page = fetch(app, "/?date=2020-11-21&district=kalbajar")[2]
    head = map_page.split(b"</head>")[0]
    assert head.count(b'rel="prefetch"') == 5 and tags.encode() in head
    for other in ("/timeline?date=2020-11-21", "/about", "/nope"):
        assert b'rel="prefetch"' not in fetch(app, other)[2]
    assert fetch(index_page(None), "/")[2].count(b'rel="prefetch"') == 0


def visit(browser, url: str) -> tuple[list[str], list[str]]:
    """A first visit in a fresh context until the map draws: URLs asked for, and fetched."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    asked, fetched = [], []

    def answered(event):
        response = event["response"]
        if not (response.get("fromDiskCache") or response.get("fromPrefetchCache")):
            fetched.append(response["url"])

    cdp.on("Network.requestWillBeSent", lambda event: asked.append(event["request"]["url"]))
    cdp.on("Network.responseReceived", answered)
    page.goto(url)
    frame = page.frame_locator('iframe[title*="st_folium"]')
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    context.close()
    return asked, fetched


@pytest.mark.browser
def test_the_frame_takes_every_prefetched_file_from_the_cache_under_a_base_url_path(chromium):
    """A first visit with an empty, enabled cache: each file travels once, for the prefetch.

    Under server.baseUrlPath, so the URLs relative to the page and to the frame are tried
    where a URL from the host's root would miss; the map must draw.
    """
    with streamlit_server(env={"HANDOVER_TILES": "none"}, base_path="maps") as app:
        # The session's browser: a second Playwright in one process would clash with it.
        view = f"{app}/?date=2020-11-21&district=kalbajar&lang=en"
        # Streamlit serves the component once a session has imported it (app.py): the
        # first reader after a start prefetches its bundle in vain; the second is measured.
        visit(chromium, view)
        asked, fetched = visit(chromium, view)
    for path in frame_files(component_build()):
        target = f"{app}/{path}"
        assert asked.count(target) == 2, path  # the page's prefetch, then the frame's
        assert fetched.count(target) == 1, path  # the frame's from the cache
