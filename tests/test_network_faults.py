"""Network faults: with every outside host unreachable the map still paints and says why.

The server here runs with online tiles ON and its proxy variables pointing at a local
"black hole" (accepts connections, never answers): a start-up or a page run that reached
for the network through urllib, requests or the like would hang there, and be counted.
The browser aborts every request that is not for 127.0.0.1.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import urllib.request
from urllib.parse import urlparse

import pytest
from apphelpers import page_strings, run_app
from conftest import ARTIFACTS, map_frame, streamlit_server, wait_for_app

import geo
from geo.map.payload import OSM_TILES

DATA = geo.load()
NOTICE = "The online basemap could not load; showing the offline country outlines."
NETWORK_ERRORS = re.compile(
    r"Traceback|ConnectionError|ProxyError|Max retries|urlopen error|getaddrinfo|"
    r"Name or service not known|Temporary failure in name resolution|timed out|"
    r"Network is unreachable", re.I)


class BlackHole:
    """A loopback listener that accepts connections, never answers, and counts them."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture(scope="module")
def blackhole():
    hole = BlackHole()
    yield hole
    hole.close()


def through(hole: BlackHole) -> dict[str, str]:
    """Variables that send every outgoing request but those to loopback to ``hole``."""
    proxies = {name: hole.url for name in (
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")}
    return {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **proxies}


@pytest.fixture(scope="module")
def tiles_server(blackhole):
    """An app server with online tiles on, whose outgoing proxy is the black hole."""
    with streamlit_server(env={"HANDOVER_TILES": "osm", **through(blackhole)}) as url:
        yield {"url": url, "log": ARTIFACTS / f"server-{urlparse(url).port}.log"}


@pytest.mark.browser
def test_map_paints_and_says_so_when_tiles_are_unreachable(tiles_server, blackhole, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def only_loopback(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    try:
        page = context.new_page()
        page.goto(f"{tiles_server['url']}/?date=2020-11-21")
        wait_for_app(page)
        assert page.get_by_role("switch", name="Online map tiles").is_checked()
        frame = map_frame(page)  # the district polygons have painted
        frame.get_by_text(NOTICE).wait_for()
        # The tiles were asked for and refused; the offline outlines are there.
        assert any(urlparse(u).hostname == "tile.openstreetmap.org" for u in blocked)
        assert frame.locator("path.leaflet-interactive").count() >= len(DATA.handover_districts)
        outlines = frame.locator("path:not(.leaflet-interactive)").count()
        assert outlines > len(DATA.districts)  # country outlines plus district borders
        assert frame.locator(".map-notice").get_attribute("role") == "status"
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
    assert blackhole.connections == [], "the server reached for the network"


@pytest.mark.slow  # starts a real server (tiles_server)
def test_startup_does_not_wait_on_the_network(tiles_server, blackhole):
    # The black hole never answers, so a start-up that reached for the network would hang
    # there and never report healthy (the fixture waits for that); it would also be counted.
    with urllib.request.urlopen(f"{tiles_server['url']}/_stcore/health", timeout=5) as reply:
        assert reply.status == 200
    assert blackhole.connections == [], "the server reached for the network"
    log = tiles_server["log"].read_text()
    assert not NETWORK_ERRORS.findall(log), log[-2000:]


@pytest.mark.slow  # starts a real server
def test_a_server_on_every_interface_asks_no_one_for_its_address():
    """Headless on 0.0.0.0, as in the Docker image, Streamlit would ask checkip.amazonaws.com
    for an "External URL" to print at start; browser.serverAddress in the config stops it."""
    hole = BlackHole()  # its own: the module's black hole must stay empty for the other tests
    env = {"HANDOVER_TILES": "none", "PYTHONUNBUFFERED": "1", **through(hole)}
    try:
        with streamlit_server(env=env, address="0.0.0.0") as url:
            log = ARTIFACTS / f"server-{urlparse(url).port}.log"
            deadline = time.monotonic() + 30
            # The banner is printed once the addresses to show are known.
            while "You can now view" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.1)
        assert hole.connections == [], "the server reached for the network at start"
        text = log.read_text()
        assert "External URL" not in text and "external IP" not in text, text[-2000:]
    finally:
        hole.close()


def test_the_sidebar_toggle_switches_the_base_map(monkeypatch):
    monkeypatch.setenv("HANDOVER_TILES", "none")
    at = run_app({"date": "2020-11-21"})
    toggle = at.sidebar.toggle[0]
    assert toggle.value is False
    assert not any(OSM_TILES["url"] in text for text in page_strings(at))
    toggle.set_value(True).run()
    assert not at.exception
    assert any(OSM_TILES["url"] in text for text in page_strings(at))
    at.sidebar.toggle[0].set_value(False).run()
    assert not any(OSM_TILES["url"] in text for text in page_strings(at))

    monkeypatch.delenv("HANDOVER_TILES")
    at = run_app({"date": "2020-11-21"})
    assert at.sidebar.toggle[0].value is True
    assert any(OSM_TILES["url"] in text for text in page_strings(at))
