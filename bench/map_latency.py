"""Slider step latency and server CPU of the map page against a bare Streamlit rerun, in one run.

Starts servers on loopback: the app (HANDOVER_TILES=none, settings from .streamlit/config.toml),
bench/bare_app.py, a page holding only a slider and a text, run with runner.postScriptGC=false
(the fastest a Streamlit rerun gets here), and bench/map_floor_app.py, a slider, a heading and
the app's live map with nothing else (the least a step of the map page can cost with Streamlit
and streamlit-folium); with ``--compare DIR...`` also the apps of other checkouts (say earlier
versions of main), each with its own .streamlit/config.toml, so old and new are measured side by
side. Headless Chromium presses ArrowRight/ArrowLeft on the focused slider, between 19 and 20
November (Aghdam pending, then returned), and each step is timed inside the page, from the
keydown event to the animation frame in which what the reader sees has changed: for the map, the
fill of a district path in the map frame (counted by status colour, so it works whether a step
restyles paths or swaps layers); for the bare page, its text. The app's map follows the slider
in the browser, so its fill changes before the server has heard of the step; what waits for the
server's answer is timed too, to the frame in which the date heading and the shown events have
changed ("page done"). Server CPU per step is the server process's CPU time (/proc) over the
steps. Bytes per step are what the server sent the page on its WebSocket for a step, p50 of
a walk forward a day at a time from 19 November (the timed steps go back and forth between
two days, whose messages the browser may still hold: Streamlit then sends a reference).

All servers run at once, each with its own page, and the pages take their steps in rounds of
ten, in turn (first paints likewise, one load of each in turn): the host is shared and its speed
drifts, so a slow spell falls on every page alike rather than on whichever was measured then.

First paint: fresh browser contexts open ``/?date=2020-11-21``; milestones from navigation
start are stamped in the page and in the map frame: Streamlit's bundle loaded (load event),
the script's first output shown (the date heading), the map frame inserted, the frame loaded,
Leaflet loaded in it, district polygons painted. Bytes received on the WebSocket are summed.

    python bench/map_latency.py [--steps 20] [--loads 5] [--compare OLD_CHECKOUT ...]
                                [--languages]

``--languages`` adds this app once more per other language (``?lang=az``, ``hy``, ``ru``),
each on a server of its own, so that each one's CPU is its own.

Targets (issue 9): server CPU per step <= 3x the bare page's; step p50 <= 2.0x the bare
page's; polygons painted p50 <= 2.0 s. Issue 24: a step in any language costs no more than
in English (server CPU per step and step p50, within the run's noise). The machine is
shared: compare ratios within a run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from conftest import CHROMIUM, CHROMIUM_ARGS, map_frame, streamlit_server, wait_for_app  # noqa: E402
from load import cpu_seconds, server_pid  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from probes import (  # noqa: E402
    FRAME,
    FRAME_MESSAGE_PROBE,
    HEADING_SIGNATURE,
    MAP_SIGNATURE,
    MESSAGE_PROBE,
    PAGE_SIGNATURE,
    STEP_PHASES,
    STEP_PROBE,
)

from geo.i18n import DEFAULT, LANGUAGES  # noqa: E402

START = "2020-11-19"
PAINT_URL = "/?date=2020-11-21"
SLIDER = '[data-testid="stSlider"] input[type="range"]'
NO_GC = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}

# Stamps the milestones of the first paint seen from the page, on every animation frame
# until the polygons are there (init scripts in the component frame are unreliable: its
# window is reused from the initial about:blank document).
PAINT_PROBE = """(() => {
  if (window.top !== window) { return; }
  const marks = window.__marks = {};
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name) => { if (!marks[name]) { marks[name] = now(); } };
  document.addEventListener('DOMContentLoaded', () => mark('bundle'));
  const check = () => {
    if (document.querySelector('h2')) { mark('heading'); }
    const frame = document.querySelector('iframe[title*="st_folium"]');
    if (frame) { mark('iframe'); }
    if (frame?.contentDocument?.querySelector('path.leaflet-interactive')) {
      mark('polygons');
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();"""
# From the map frame's own timing entries, once it has painted.
FRAME_TIMES = """() => {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0];
  const leaflet = performance.getEntriesByType('resource')
    .find(entry => entry.name.endsWith('/leaflet.js'));
  return {frame: origin + nav.loadEventEnd, leaflet: leaflet ? origin + leaflet.responseEnd : null};
}"""
# Streamlit fetches the code of each kind of element (button, slider, map component...) the
# first time a page shows one, and draws a placeholder meanwhile: the last of those fetches
# that ended before the map frame was inserted.
ELEMENT_CODE = """(before) => Math.max(...performance.getEntriesByType('resource')
  .filter(e => e.initiatorType === 'script' && e.name.includes('/static/js/'))
  .map(e => performance.timeOrigin + e.responseEnd).filter(t => t < before))"""
MILESTONES = [
    ("bundle", "Streamlit's page and bundle loaded (DOMContentLoaded)"),
    ("heading", "first script output shown (date heading)"),
    ("code", "code of the page's elements loaded (lazy chunks)"),
    ("iframe", "map component frame inserted"),
    ("frame", "map frame loaded (component JS)"),
    ("leaflet", "Leaflet loaded in the frame"),
    ("polygons", "district polygons painted"),
]


def steps(count: int) -> list[str]:
    """ArrowRight, ArrowLeft, ...: every step crosses the Aghdam handover (19 <-> 20 Nov)."""
    return ["ArrowRight" if i % 2 == 0 else "ArrowLeft" for i in range(count)]


ROUND = 10  # steps a page takes before the next page's turn
WALK_DAYS = 10  # days walked forward to count bytes per step


@dataclass
class Target:
    """A page under test: its server, its browser page and what its steps measured."""

    label: str
    url: str
    query: str  # added to each address the page opens: "&lang=ru", or ""
    page: object  # playwright Page
    pid: int
    timings: list[list[float | None]] = field(default_factory=list)
    cpu: float = 0.0  # server CPU seconds over the timed steps
    walk_bytes: list[int] = field(default_factory=list)  # per step of the walk forward
    paints: list[tuple[dict[str, float], int, float]] = field(default_factory=list)
    lost_paints: int = 0  # fresh loads whose map did not paint within map_frame's wait


def open_target(browser, label: str, url: str, is_map: bool, query: str = "") -> Target:
    """A page on ``url`` with the step probes in it (at START on the map)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(MESSAGE_PROBE)
    page.goto(f"{url}/?date={START}{query}" if is_map else url)
    wait_for_app(page)
    if is_map:
        map_frame(page)
    page.evaluate(STEP_PROBE, [MAP_SIGNATURE if is_map else HEADING_SIGNATURE,
                               FRAME if is_map else None, PAGE_SIGNATURE])
    if is_map:
        page.evaluate(FRAME_MESSAGE_PROBE, FRAME)
    return Target(label, url, query, page, server_pid(int(url.rsplit(":", 1)[1])))


def take_steps(target: Target, keys: list[str]) -> None:
    """Bring the target's page to the front and press ``keys`` on its slider.

    The first two steps only warm up (the page has just been brought to the front, and the
    server has been idle); then per step keep the seconds from the keydown to: the server's
    first message, its last one, the map frame hearing of the step (None without a map, or
    when nothing was posted into it), what the reader sees changing, the date heading and
    event list shown. Adds the server's CPU time over the timed steps.
    """
    page = target.page
    page.bring_to_front()
    page.locator(SLIDER).focus()
    for key in keys[:2]:
        press(page, key)
    cpu_before = cpu_seconds(target.pid)
    for key in keys:
        press(page, key)
        target.timings.append(page.evaluate(STEP_PHASES))
    target.cpu += cpu_seconds(target.pid) - cpu_before


def walk_forward(target: Target, days: int) -> None:
    """Step the slider ``days`` days on, one at a time, keeping the bytes of each step.

    Each day is new to the page, so nothing of it is in the browser's message cache. The
    map need not change colour on every day: wait for the server's answer instead.
    """
    page = target.page
    page.bring_to_front()
    page.locator(SLIDER).focus()
    for _ in range(days):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.__step.page > 0", timeout=15_000)
        wait_for_app(page)
        target.walk_bytes.append(page.evaluate(STEP_PHASES)[5])


def press(page, key: str) -> None:
    """One step: press ``key`` and wait for the change, then for the end of the run."""
    page.keyboard.press(key)
    # The map follows the slider before the server has the step, so its change says nothing
    # about the run: wait for the date heading too, then for the run to end, before the next
    # key (a key pressed meanwhile could leave the slider elsewhere than 19 or 20 Nov).
    page.wait_for_function("() => window.__step.seen > 0 && window.__step.page > 0",
                           timeout=15_000)
    wait_for_app(page)


def time_paint(browser, url: str, pid: int, query: str = "") -> tuple[dict[str, float], int,
                                                                       float]:
    """Milestones (s from navigation start) of one fresh load, WebSocket bytes received, and
    the server's CPU seconds until the polygons were painted (files served, first run)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.add_init_script(PAINT_PROBE)
    received = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: received.append(len(payload))))
    cpu_before = cpu_seconds(pid)
    page.goto(f"{url}{PAINT_URL}{query}")
    map_frame(page)
    cpu = cpu_seconds(pid) - cpu_before
    start = page.evaluate("() => performance.timeOrigin")
    marks = page.evaluate("() => window.__marks")
    marks["code"] = page.evaluate(ELEMENT_CODE, marks["iframe"])
    frame = page.locator(FRAME).element_handle().content_frame()
    marks.update({k: v for k, v in frame.evaluate(FRAME_TIMES).items() if v})
    context.close()
    times = {name: (marks[name] - start) / 1000 for name, _ in MILESTONES if name in marks}
    return times, sum(received), cpu


def summary(target: Target) -> dict:
    timings = target.timings
    seen = [step[3] for step in timings]
    phases = [statistics.median(v) if (v := [step[i] for step in timings if step[i] is not None])
              else None for i in range(3)]
    result = {"label": target.label, "p50": statistics.median(seen), "max": max(seen),
              "phases": phases, "page": statistics.median(step[4] for step in timings),
              "cpu": target.cpu / len(timings), "paint": {}, "bytes": 0, "load_cpu": 0.0,
              "step_bytes": statistics.median(target.walk_bytes), "lost": target.lost_paints}
    if paints := target.paints:
        result["paint"] = {name: statistics.median(p[0][name] for p in paints)
                           for name, _ in MILESTONES if all(name in p[0] for p in paints)}
        result["bytes"] = statistics.median(p[1] for p in paints)
        result["load_cpu"] = statistics.median(p[2] for p in paints)
    return result


def report(bare: dict, floor: dict, apps: list[dict], count: int,
           languages: list[dict]) -> None:
    print(f"steps per page: {count}, alternating {START} <-> next day, in rounds of {ROUND}; "
          "times are p50 (max) of keydown -> changed frame")
    print(f"{'page':28} {'step p50':>9} {'max':>7} {'ratio':>6} {'CPU/step':>9} {'ratio':>6} "
          f"{'bytes/step':>11}")
    for result in [bare, floor, *apps]:
        print(f"{result['label']:28} {result['p50'] * 1000:7.0f}ms {result['max'] * 1000:5.0f}ms "
              f"{result['p50'] / bare['p50']:6.2f} {result['cpu'] * 1000:7.1f}ms "
              f"{result['cpu'] / bare['cpu']:6.2f} {result['step_bytes'] / 1024:9.1f}kB")
    print("\nwhere a step's time goes, p50 ms after the keydown:")
    print(f"{'page':28} {'first msg':>10} {'last msg':>9} {'map heard':>10} {'changed':>8} "
          f"{'page done':>10}")
    for result in [bare, floor, *apps]:
        cells = [f"{t * 1000:.0f}" if t is not None else "-" for t in result["phases"]]
        print(f"{result['label']:28} {cells[0]:>10} {cells[1]:>9} {cells[2]:>10} "
              f"{result['p50'] * 1000:8.0f} {result['page'] * 1000:10.0f}")
    print("\nfirst paint of /?date=2020-11-21, p50 of fresh contexts, s from navigation start:")
    print(f"{'milestone':52}" + "".join(f"{r['label'][:14]:>15}" for r in apps))
    for name, text in MILESTONES:
        print(f"{text:52}" + "".join(
            f"{r['paint'].get(name, float('nan')):15.2f}" for r in apps))
    print(f"{'WebSocket bytes received until painted':52}" + "".join(
        f"{r['bytes'] / 1024:13.0f}kB" for r in apps))
    print(f"{'server CPU until painted (files, first run)':52}" + "".join(
        f"{r['load_cpu'] * 1000:13.0f}ms" for r in apps))
    print(f"{'loads lost (no paint within the wait)':52}" + "".join(
        f"{r['lost']:15d}" for r in apps))
    new = apps[0]
    print("\ntargets (issue 9), this app:")
    for text, value, limit in [
            ("server CPU per step / bare", new["cpu"] / bare["cpu"], 3.0),
            ("step p50 / bare", new["p50"] / bare["p50"], 2.0),
            ("polygons painted p50, s", new["paint"].get("polygons", float("nan")), 2.0)]:
        verdict = "OK" if value <= limit else "MISSED"
        print(f"  {text:32} {value:6.2f}  target <= {limit}  {verdict}")
    print(f"  {'page done p50 / bare':32} {new['page'] / bare['page']:6.2f}  "
          "(the server's answer: heading and events; no target)")
    if languages:
        print("\nissue 24, a step in each language against English (this app), ratios:")
        print(f"{'language':28} {'CPU/step':>9} {'step p50':>9} {'page done':>10} "
              f"{'bytes/step':>11}")
        for result in languages:
            print(f"{result['label']:28} {result['cpu'] / new['cpu']:9.2f} "
                  f"{result['p50'] / new['p50']:9.2f} {result['page'] / new['page']:10.2f} "
                  f"{result['step_bytes'] / new['step_bytes']:11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20,
                        help=f"key presses per page, in rounds of {ROUND}")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads to time painting")
    parser.add_argument("--compare", type=Path, nargs="+", default=[], metavar="DIR",
                        help="other checkouts of the app to measure too (with their settings)")
    parser.add_argument("--languages", action="store_true",
                        help="also this app in each other language, a server each")
    args = parser.parse_args()
    rounds = max(1, args.steps // ROUND)
    keys = steps(ROUND)
    checkouts = [("this app", ROOT), *((path.resolve().name, path.resolve())
                                       for path in args.compare)]
    no_tiles = {"HANDOVER_TILES": "none"}
    others = [code for code in LANGUAGES if code != DEFAULT] if args.languages else []
    pages = [("bare page, no post-run GC", "bench/bare_app.py", ROOT, NO_GC, False, ""),
             ("slider and map only", "bench/map_floor_app.py", ROOT, NO_GC, True, ""),
             *((label, str(checkout / "app.py"), checkout, no_tiles, True, "&lang=en")
               for label, checkout in checkouts),
             *((f"this app, lang={code}", str(ROOT / "app.py"), ROOT, no_tiles, True,
                f"&lang={code}") for code in others)]
    with sync_playwright() as playwright, ExitStack() as servers:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        targets = [open_target(browser, label, servers.enter_context(
                       streamlit_server(script=script, cwd=cwd, env=env)), is_map, query)
                   for label, script, cwd, env, is_map, query in pages]
        for _ in range(rounds):
            for target in targets:
                take_steps(target, keys)
        for target in targets:
            walk_forward(target, WALK_DAYS)
        apps = targets[2:]
        for _ in range(args.loads):
            for target in apps:
                try:
                    target.paints.append(time_paint(browser, target.url, target.pid,
                                                    target.query))
                except PlaywrightTimeout:  # counted, not timed: the steps' figures stand
                    target.lost_paints += 1
        browser.close()
    bare, floor, *results = map(summary, targets)
    split = len(results) - len(others)
    report(bare, floor, results[:split], rounds * ROUND, results[split:])


if __name__ == "__main__":
    main()
