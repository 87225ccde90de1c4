"""Shared fixtures: a real Streamlit server on a free port, and the system Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from datacopy import copy_data
from hypothesis import settings
from playwright.sync_api import expect

# CI explores the same examples on every run, so a submission never fails by the luck of
# the draw; local runs keep drawing new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# expect() waits for its condition up to this long (Playwright's default is 5 s): a first run
# on a fresh server can take longer than that on a busy machine.
expect.set_options(timeout=30_000)
# Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen | None = None,
                    timeout: float = 60.0) -> None:
    """Poll Streamlit's health endpoint until it answers ok (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not healthy after {timeout:.0f}s")


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, port: int | None = None,
                     script: str = "app.py", cwd: Path = ROOT,
                     address: str = "127.0.0.1", base_path: str = "") -> Iterator[str]:
    """Run `streamlit run` on loopback; yields the base URL, stops the server afterwards.

    Streamlit reads its settings from ``cwd``/.streamlit/config.toml. ``address="0.0.0.0"``
    listens on every interface, as in the Docker image; the URL stays on loopback.
    ``base_path`` serves the app under a path (``server.baseUrlPath``), part of the URL.
    """
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"server-{port}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", address, "--server.headless", "true",
         "--server.baseUrlPath", base_path],
        cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    try:
        wait_for_health(url, process)
        yield url
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop, and make sure it has."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """One app server (online tiles mode off, so tests never wait on the network)."""
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Every new AppTest scans the metadata of every installed package for Streamlit
    components (about 0.2 s here, several times what a run of the app takes); nothing is
    installed while the tests run, so the first scan's answer serves every later one."""
    try:
        from streamlit.components.v2 import manifest_scanner
        scan = manifest_scanner.scan_component_manifests
    except (ImportError, AttributeError):  # another Streamlit: leave it be
        yield
        return
    found = []

    def scan_once(*args, **kwargs):
        if not found:
            found.append(scan(*args, **kwargs))
        return list(found[0])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", scan_once)
        yield


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ for this test to edit (see datacopy.py)."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium driven by Playwright; missing in CI is a failure, not a skip."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(chromium, request):
    """A fresh browser page; on failure its screenshot is kept in test-artifacts/."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script for this page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 5",
        timeout=timeout)


def wait_for_styles(page, timeout: float = 30_000) -> None:
    """Wait until the app's own styles (pages/style.css) apply; Streamlit adds them lazily."""
    page.wait_for_function(
        "() => getComputedStyle(document.documentElement)"
        ".getPropertyValue('--handover-styles').trim() === 'loaded'", timeout=timeout)


def wait_for_settled(page, quiet_ms: int = 750, timeout: float = 30_000) -> None:
    """Wait until the page has stopped changing for quiet_ms. Streamlit fetches the code of
    some elements (code blocks, tables) only when a page first shows one and draws nothing
    in their place until then, so a check made as soon as the script has finished can miss
    them; no fetch or wait for one element says when all have arrived."""
    page.wait_for_function("""quiet => new Promise(done => {
        const observer = new MutationObserver(() => { clearTimeout(timer); timer = later(); });
        const later = () => setTimeout(() => { observer.disconnect(); done(true); }, quiet);
        let timer = later();
        observer.observe(document.body,
                         {subtree: true, childList: true, attributes: true, characterData: true});
    })""", arg=quiet_ms, timeout=timeout)


def map_frame(page, timeout: float = 30_000):
    """The map component's iframe, once its district polygons have painted."""
    page.wait_for_selector('iframe[title*="st_folium"]', timeout=timeout)
    frame = page.frame_locator('iframe[title*="st_folium"]')
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout)
    return frame

