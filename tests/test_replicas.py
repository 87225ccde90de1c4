"""Two app processes behind a local nginx built from deploy/nginx.conf.example.

Proves what the README says about replicas: with ``ip_hash`` a browser session stays on one
process, its WebSocket passes through the proxy, and the app works as it does directly.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import aio
import pytest
import streamlit
from conftest import (
    ARTIFACTS,
    free_port,
    stop,
    streamlit_server,
    wait_for_app,
    wait_for_health,
)
from playwright.sync_api import expect

from geo.server.font_subsets import CACHE_CONTROL, SUBSET_DIR
from geo.server.icon_font import streamlit_font
from geo.server.text_fonts import streamlit_text_fonts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "deploy" / "nginx.conf.example"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPSTREAM = re.compile(r"server 127\.0\.0\.1:\d+;")
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"


def nginx_conf(tmp: Path, listen: int, upstreams: list[int]) -> Path:
    """A complete nginx.conf around the example: its ports replaced, every path inside ``tmp``."""
    example = EXAMPLE.read_text()
    assert "ip_hash;" in example
    assert len(UPSTREAM.findall(example)) == len(upstreams)
    ports = iter(upstreams)
    site = UPSTREAM.sub(lambda _: f"server 127.0.0.1:{next(ports)};", example)
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    assert listens == 1
    assert "alias STREAMLIT_STATIC/" in site
    site = site.replace("STREAMLIT_STATIC", str(STREAMLIT_STATIC))
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir(exist_ok=True)
    # Run as root (CI is), workers would switch to 'nobody', who cannot write into this
    # private temporary folder; as any other user nginx keeps that user and needs no directive.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
daemon off;
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log info;
events {{ worker_connections 256; }}
http {{
    log_format sticky '$request_method $uri $status upstream=$upstream_addr';
    access_log {tmp}/access.log sticky;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{site}
}}
""")
    return conf


@contextmanager
def nginx(tmp: Path, upstreams: list[int]) -> Iterator[str]:
    """Run nginx in the foreground on a free loopback port; yields its URL, stops it after."""
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: install it (apt-get install nginx)")
    port = free_port()
    conf = nginx_conf(tmp, port, upstreams)
    check = subprocess.run([NGINX, "-t", "-e", str(tmp / "error.log"), "-p", str(tmp),
                            "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-e", str(tmp / "error.log"), "-p", str(tmp),
                                "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, timeout=30)
        yield url
    finally:
        stop(process)
        ARTIFACTS.mkdir(exist_ok=True)
        for name in ("error.log", "access.log"):
            if (tmp / name).exists():
                shutil.copy(tmp / name, ARTIFACTS / f"nginx-{name}")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Iterator[tuple[str, list[str], Path]]:
    """Two app servers and nginx in front: (proxy URL, app URLs, nginx folder)."""
    tmp = tmp_path_factory.mktemp("nginx")
    with ExitStack() as stack:
        apps = [stack.enter_context(streamlit_server(env={"HANDOVER_TILES": "none"}))
                for _ in range(2)]
        ports = [int(url.rsplit(":", 1)[1]) for url in apps]
        proxy = stack.enter_context(nginx(tmp, ports))
        yield proxy, apps, tmp


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def access_log(tmp: Path) -> list[str]:
    """The proxy's access log so far (nginx writes it as each request ends)."""
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline and not lines:
        lines = (tmp / "access.log").read_text().splitlines()
        time.sleep(0.1)
    return lines


def upstreams_used(tmp: Path) -> set[str]:
    """The app processes that served any request, from the access log."""
    return {m.group(1) for line in access_log(tmp)
            if (m := re.search(r"upstream=(\S+)", line)) and m.group(1) != "-"}


@pytest.mark.browser
def test_both_replicas_and_the_proxy_are_healthy(replicas):
    proxy, apps, _ = replicas
    for url in [*apps, proxy]:
        assert status(f"{url}/_stcore/health") == 200


@pytest.mark.browser
def test_browser_session_through_nginx(replicas, page):
    proxy, apps, tmp = replicas
    sockets = []
    received: list[int] = []

    def opened(ws) -> None:
        sockets.append(ws)
        ws.on("framereceived", lambda _frame: received.append(1))

    page.on("websocket", opened)

    page.goto(proxy + "/")
    wait_for_app(page)  # the app's content only arrives over the WebSocket
    assert received, "no message came over the WebSocket through nginx"
    assert page.locator('[data-testid="stException"]').count() == 0
    # Neither running nor reconnecting once the first run is over (a rerun may still be
    # finishing as the app's content appears: the check waits for it, up to 10 s).
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=10_000)

    # Switching pages is a rerun requested and answered over the session's WebSocket.
    for path in ("about", "events"):
        before = len(received)
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
        page.wait_for_url(f"{proxy}/{path}*")
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert len(received) > before
    page.locator('[data-testid="stSidebarNav"] a').first.click()
    page.wait_for_url(re.compile(re.escape(proxy) + r"/(\?.*)?$"))
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0

    # One WebSocket for the whole session, opened through the proxy, never re-opened.
    assert [ws.url for ws in sockets] == [proxy.replace("http", "ws", 1) + "/_stcore/stream"]
    assert not sockets[0].is_closed()
    page.context.close()
    # Sticky: every request of the session went to the same app process.
    used = upstreams_used(tmp)
    assert len(used) == 1, used
    assert used <= {url.removeprefix("http://") for url in apps}
    for url in apps:
        assert status(f"{url}/_stcore/health") == 200


@pytest.mark.browser
def test_streamlit_front_end_comes_from_disk_through_nginx_cached_for_good(replicas):
    proxy, _, tmp = replicas
    with urllib.request.urlopen(proxy + "/", timeout=10) as response:
        page = response.read().decode()
    scripts = re.findall(r'(?:src|href)="\./(static/js/[^"]+\.js)"', page)
    assert scripts, "the page names no script of Streamlit's front end"
    for script in scripts[:3]:
        request = urllib.request.Request(f"{proxy}/{script}",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == (STREAMLIT_STATIC / script).read_bytes()
    # No app process was asked for them: nginx read them from disk.
    served = [line for line in access_log(tmp) if f" /{scripts[0]} " in line]
    assert served and all(line.endswith("upstream=-") for line in served), served


@pytest.mark.browser
def test_the_fonts_come_cut_from_the_app_through_nginx(replicas):
    proxy, _, tmp = replicas
    for font in [streamlit_font(), *streamlit_text_fonts()]:
        with urllib.request.urlopen(f"{proxy}/static/media/{font.name}", timeout=10) as response:
            assert response.read() == (SUBSET_DIR / font.name).read_bytes()
            assert response.headers["Cache-Control"] == CACHE_CONTROL
        served = [line for line in access_log(tmp) if f" /static/media/{font.name} " in line]
        assert served and not any(line.endswith("upstream=-") for line in served), served
    # Streamlit's other media (its balloons' pictures, KaTeX's fonts) stay with nginx.
    other = next((STREAMLIT_STATIC / "static" / "media").glob("KaTeX_Main-Regular.*.woff2"))
    with urllib.request.urlopen(f"{proxy}/static/media/{other.name}", timeout=10) as response:
        assert response.read() == other.read_bytes()
    served = [line for line in access_log(tmp) if f" /static/media/{other.name} " in line]
    assert served and all(line.endswith("upstream=-") for line in served), served


@pytest.mark.browser
def test_one_address_cannot_open_sessions_without_end(replicas):
    """nginx's per-address limits: a burst of handshakes, then 429 (last: it spends the
    burst of 127.0.0.1, which every test here shares)."""

    import websockets
    from websockets.exceptions import InvalidStatus

    proxy, _, _ = replicas

    async def open_many(count: int) -> tuple[int, list[int]]:
        opened, refused = [], []
        try:
            for _ in range(count):
                try:
                    opened.append(await websockets.connect(
                        proxy.replace("http", "ws", 1) + "/_stcore/stream",
                        subprotocols=["streamlit"], open_timeout=30))
                except InvalidStatus as error:
                    refused.append(error.response.status_code)
            return len(opened), refused
        finally:
            for ws in opened:
                await ws.close()

    opened, refused = aio.run(open_many(40))
    # The burst (20, and what 2 a second added meanwhile) opens; the rest are refused.
    assert 20 <= opened < 40 and refused and set(refused) == {429}, (opened, refused)
