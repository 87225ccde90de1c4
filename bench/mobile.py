"""A first visit on a phone: the map page against a bare Streamlit page and the static export.

The mobile profile of page-speed audits (issue 21), applied in headless Chromium through the
DevTools protocol: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the CPU slowed 4x.
Every load has a fresh cache, as the issue asks: a new browser context, so the cache starts
empty, but enabled, as a phone's is on a first visit (with the cache disabled a file that a
page prefetches, or asks for twice, would be fetched twice). Side by side in one run, each
load of each target in turn, so a slow spell of the shared machine falls on all alike:

* ``bare direct``: bench/bare_app.py (a slider and a heading), reached directly;
* ``app direct``: this app's map page, reached directly (no proxy);
* ``bare nginx`` and ``app nginx``: the same through nginx configured by the README's
  example (deploy/nginx.conf.example, as tests/test_replicas.py runs it: its upstream lines
  both pointing at the one process), which serves Streamlit's front end from disk, gzipped;
* ``export``: the static export of the same day (``python -m geo export``), served as a
  static host would, gzipped.

Measured from navigation start, stamped in the page on animation frames:

* ``view``: the view's date and map picture visible. For the app, the first-view picture
  served in the page's HTML (``[data-first-view]`` with ``[data-first-view-date]``), n/a
  where the page has none; for the export, its map painted;
* ``live heading``: the date heading of the live page, Streamlit's first output;
* ``painted``: the live map's district polygons painted (the bare page: its date heading);
* ``bytes``: bytes received until then (HTTP bodies as sent, and WebSocket frames).

    python bench/mobile.py [--loads 3] [--compare OLD_CHECKOUT] [--waterfall "app nginx"]

``--compare`` adds the app of another checkout (say main before a change), reached directly
and through nginx as above. ``--waterfall TARGET`` (repeatable) prints every HTTP request of
that target's last load: when asked for and done, its size as sent, whether the browser's
cache answered.

Targets (issue 21): view visible <= 2.5 s; app painted <= 1.15x the bare page served the
same way, and <= 11 s reached directly.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, streamlit_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from probes import FRAME  # noqa: E402
from test_replicas import nginx  # noqa: E402

DATE = "2020-11-21"
APP_VIEW = f"/?date={DATE}&district=kalbajar"
NO_GC = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
# Lighthouse's mobile profile, as the issue gives it (bytes per second for the protocol).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
# A phone's viewport (tests/test_browser_phone.py).
VIEWPORT = {"width": 390, "height": 844}
TIMEOUT_MS = 120_000

# Stamps, on every animation frame until the map is painted: the first view (the picture in
# the served HTML, or the export's map) and the polygons of the live map (in the component
# frame; the export draws in the page itself), and for the bare page its heading.
PROBE = """(() => {
  if (window.top !== window) { return; }
  const marks = window.__marks = {};
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name) => { if (!marks[name]) { marks[name] = now(); } };
  const visible = (selector) => {
    const element = document.querySelector(selector);
    return element && element.checkVisibility() && element.getBoundingClientRect().height > 0;
  };
  const check = () => {
    if (visible('[data-first-view]') && visible('[data-first-view-date]')) { mark('view'); }
    if (document.querySelector('h2')) { mark('heading'); }
    const frame = document.querySelector('FRAME');
    const map = frame ? frame.contentDocument : document;
    if (map?.querySelector('path.leaflet-interactive')) { mark('polygons'); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();""".replace("FRAME", FRAME)
DONE = {"map": "() => window.__marks?.polygons", "export": "() => window.__marks?.polygons",
        "bare": "() => window.__marks?.heading"}


@dataclass
class Target:
    label: str
    url: str
    kind: str  # "map", "bare" or "export"
    loads: list[dict] = field(default_factory=list)


def export_site(folder: Path) -> Path:
    """The static export, written as the README says."""
    out = folder / "index.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "--out", str(out)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    return out


@contextmanager
def static_host(page: Path):
    """Serves one page as a static host would: gzipped when the client accepts it."""
    body = page.read_bytes()
    zipped = gzip.compress(body, 9)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Vary", "Accept-Encoding")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(zipped if gzipped else body)))
            self.end_headers()
            self.wfile.write(zipped if gzipped else body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def frame_size(frame: dict) -> int:
    """A WebSocket message's size: the protocol gives a binary one (Streamlit's) in base64."""
    payload = frame["payloadData"]
    return len(base64.b64decode(payload)) if frame["opcode"] == 2 else len(payload.encode())


def load(browser, target: Target, throttled: bool = True) -> dict:
    """One fresh visit: the marks (s from navigation start) and the bytes received by then."""
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received: list[tuple[float, int]] = []
    requests: dict[str, dict] = {}  # by the protocol's request id, for --waterfall

    def asked(event: dict) -> None:
        requests[event["requestId"]] = {"url": event["request"]["url"],
                                        "start": event["timestamp"], "cached": False}

    def answered(event: dict) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            requests.get(event["requestId"], {})["cached"] = True

    def finished(event: dict) -> None:
        received.append((event["timestamp"], event["encodedDataLength"]))
        requests.get(event["requestId"], {}).update(end=event["timestamp"],
                                                    size=event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", asked)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived",
           lambda event: received.append((event["timestamp"], frame_size(event["response"]))))
    if throttled:
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(target.url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(DONE[target.kind], timeout=TIMEOUT_MS)
    marks = page.evaluate("() => window.__marks")
    origin = page.evaluate("() => performance.timeOrigin")
    context.close()
    times = {name: (value - origin) / 1000 for name, value in marks.items()}
    painted = times["heading" if target.kind == "bare" else "polygons"]
    view = times["polygons"] if target.kind == "export" else times.get("view")
    if target.kind == "export":  # a page of its own, not Streamlit's
        times.pop("heading", None)
    # Bytes by the paint: the protocol stamps on its own clock, counted from the first
    # request, which starts within milliseconds of the navigation.
    start = min((request["start"] for request in requests.values()), default=0.0)
    return {"view": view, "heading": times.get("heading"), "painted": painted,
            "bytes": sum(size for stamp, size in received if stamp - start <= painted),
            "requests": [{**request, "start": request["start"] - start,
                          "end": request["end"] - start if "end" in request else None}
                         for request in sorted(requests.values(), key=lambda r: r["start"])]}


def print_waterfall(target: Target) -> None:
    """Every HTTP request of the target's last load: when asked and done, size, cache."""
    run = target.loads[-1]
    print(f"\nRequests of the last load of {target.label}, s from the first request"
          f" (map painted at {run['painted']:.2f} s; C: from the browser's cache)")
    for request in run["requests"]:
        end = "-" if request["end"] is None else f"{request['end']:.2f}"
        url = urlsplit(request["url"])
        name = url.path + (f"?{url.query}" if url.query else "")
        print(f"{request['start']:6.2f} {end:>6} {request.get('size', 0) / 1000:7.1f} kB"
              f" {'C' if request['cached'] else ' '} {name[:90]}")


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if len(present) == len(values) and present else None


def report(targets: list[Target], loads: int) -> None:
    def seconds(value):
        return "n/a" if value is None else f"{value:.2f}"

    print(f"\nMobile profile: {NETWORK['latency']} ms, 1.6 Mbit/s down, 750 kbit/s up, "
          f"CPU x{CPU_SLOWDOWN}, empty cache (fresh context); medians of {loads} loads")
    print(f"{'target':<14} {'view visible s':>15} {'live heading s':>15} {'map painted s':>14}"
          f" {'kB':>8}   runs (painted s)")
    rows = {}
    for target in targets:
        view = median([run["view"] for run in target.loads])
        heading = median([run["heading"] for run in target.loads])
        painted = median([run["painted"] for run in target.loads])
        kilobytes = median([run["bytes"] for run in target.loads]) / 1000
        rows[target.label] = painted
        runs = " ".join(f"{run['painted']:.1f}" for run in target.loads)
        print(f"{target.label:<14} {seconds(view):>15} {seconds(heading):>15}"
              f" {seconds(painted):>14} {kilobytes:>8.0f}   {runs}")
    print()
    for way in ("direct", "nginx"):
        bare = rows.get(f"bare {way}")
        for app in ("app", "compare"):
            if rows.get(f"{app} {way}") and bare:
                print(f"{app} / bare, {way}: {rows[f'{app} {way}'] / bare:.2f}x"
                      " (target <= 1.15x)")
    if rows.get("app direct"):
        print(f"app direct painted: {rows['app direct']:.2f} s (target <= 11 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=3, help="loads of each target")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="another checkout whose app to load too, direct and via nginx")
    parser.add_argument("--waterfall", metavar="TARGET", action="append", default=[],
                        help='print the requests of the last load of a target ("app nginx")')
    args = parser.parse_args()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        app = stack.enter_context(streamlit_server(env={"HANDOVER_TILES": "none"}))
        bare = stack.enter_context(streamlit_server(script="bench/bare_app.py", env=NO_GC))
        other = (stack.enter_context(streamlit_server(
            env={"HANDOVER_TILES": "none"}, cwd=args.compare.resolve()))
            if args.compare else None)
        proxies = {}
        for name, url in (("app", app), ("bare", bare), ("compare", other)):
            if url is None:
                continue
            port = int(url.rsplit(":", 1)[1])
            (tmp / name).mkdir()
            proxies[name] = stack.enter_context(nginx(tmp / name, [port, port]))
        site = stack.enter_context(static_host(export_site(tmp)))
        targets = [
            Target("bare direct", f"{bare}/", "bare"),
            Target("app direct", f"{app}{APP_VIEW}", "map"),
            Target("bare nginx", f"{proxies['bare']}/", "bare"),
            Target("app nginx", f"{proxies['app']}{APP_VIEW}", "map"),
            Target("export", f"{site}/#{DATE}", "export"),
        ]
        if other:
            targets.insert(2, Target("compare direct", f"{other}{APP_VIEW}", "map"))
            targets.insert(5, Target("compare nginx", f"{proxies['compare']}{APP_VIEW}", "map"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for target in targets:  # a first load each, unthrottled: no cold start measured
                load(browser, target, throttled=False)
            for round_ in range(args.loads):
                for target in targets:
                    target.loads.append(load(browser, target))
                    run = target.loads[-1]
                    print(f"round {round_ + 1} {target.label:<14} painted {run['painted']:.2f} s"
                          f" view {run['view'] if run['view'] is None else round(run['view'], 2)}"
                          f" {run['bytes'] / 1000:.0f} kB", flush=True)
            browser.close()
    report(targets, args.loads)
    for target in targets:
        if target.label in args.waterfall and target.loads:
            print_waterfall(target)


if __name__ == "__main__":
    main()
