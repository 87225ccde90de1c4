"""Load benchmark: N viewers open one shared link and step the date slider back and forth.

Every level starts its own app server on loopback (``HANDOVER_TILES=none``, so nothing
leaves the machine), warms it up with one viewer, then runs N viewers at once. Each
viewer opens the link (default ``/?date=2020-11-19&district=aghdam``, the eve of the Aghdam
handover), waits until the map has painted, waits for the others, then steps the date one
day right, one day left, ... measuring each step until the server's answer shows: from the
key press until the page's date heading has changed (browser), or from the rerun request
until the date heading arrives (protocol). The browser driver also times the key press
until Aghdam's fill has changed in the map frame, which the map does without the server
(it follows the slider), so that figure does not grow with the load on the server.

Two drivers:

* ``browser``: one headless Chromium, one context and page per viewer, all driven at once
  with asyncio Playwright. The latency is measured inside the page (bench/probes.py): a
  capturing keydown listener stamps the press, and the first animation frame after a
  mutation in which the heading (or a district path's fill in the map frame) has changed
  stamps the change, so Playwright's own round trips do not count. This is what a reader
  sees, map included, but every page runs Leaflet in a renderer that competes with the
  server for the 2 cores.
* ``protocol``: a WebSocket client speaking Streamlit's protocol (``streamlit.proto``
  BackMsg/ForwardMsg), sending the same fragment rerun the browser sends when the slider
  moves. No rendering, ~1 ms of client CPU per step, so one machine can simulate many more
  viewers; it measures the server alone. Besides the heading it reports "full": until the
  server has finished the fragment run (map, details panel and event list sent).

The default run checks the targets with 8 browser viewers (p95 <= 0.6 s, no errors,
<= 5 MB of server memory per extra session), then steps N up with each driver, bounded in
time, to find the largest N that keeps p95 <= 1 s.

    python bench/load.py                # full run (about 5-6 minutes)
    python bench/load.py --quick        # smoke run (about a minute)
    python bench/load.py --sessions 12 --steps 30 --no-ramp
    python bench/load.py --ramp-driver protocol --ramp 8,16,32,64
    python bench/load.py --app ../old-checkout   # the same run against an older version
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402
from probes import FRAME as MAP_FRAME  # noqa: E402
from probes import HEADING_SIGNATURE, MAP_SIGNATURE, STEP_PROBE  # noqa: E402

START = date(2020, 11, 19)
DISTRICT = "aghdam"
LOAD_TIMEOUT = 60.0
STEP_TIMEOUT = 15.0
# Targets of issues 6 and 9.
TARGET_SESSIONS = 8
TARGET_P95 = 0.6
TARGET_MB_PER_SESSION = 5.0
RAMP_P95 = 1.0
# The date heading: st.header now, a Markdown "## " line in older checkouts (--app).
HEADING = '[data-testid="stHeading"] h2, [data-testid="stMarkdown"] h2'
SLIDER_INPUT = '[data-testid="stSlider"] input[type="range"]'
MAP_PATH = "path.leaflet-interactive"


def long_date(day: date) -> str:
    """The heading's format, '19 Nov 2020'."""
    return f"{day.day} {day:%b %Y}"


def day_after_step(step: int) -> date:
    """Step 0 goes right, step 1 back left, and so on."""
    return START + timedelta(days=1) if step % 2 == 0 else START


# --- the server process -------------------------------------------------------------------

def server_pid(port: int) -> int:
    """The `streamlit run` child of this process that listens on ``port``."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = stat.rsplit(")", 1)[1].split()[1]
        if ppid == me and b"streamlit" in cmdline and str(port).encode() in cmdline:
            return int(entry.name)
    raise RuntimeError(f"no streamlit child process on port {port}")


def rss_kb(pid: int) -> int:
    """Resident set size (VmRSS) of a process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- results ---------------------------------------------------------------------------------

@dataclass
class Level:
    """What one level (N viewers against a fresh server) measured."""

    driver: str
    sessions: int
    load_s: list[float] = field(default_factory=list)
    step_s: list[float] = field(default_factory=list)
    full_s: list[float] = field(default_factory=list)
    fill_s: list[float] = field(default_factory=list)  # browser: until the map's fill changed
    errors: list[str] = field(default_factory=list)
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    server_cpu_s: float = 0.0  # during the step phase
    client_cpu_s: float = 0.0  # during the step phase: this process, Chromium, Playwright
    step_phase_s: float = 0.0
    wall_s: float = 0.0

    @property
    def p95(self) -> float:
        return percentile(self.step_s, 95)

    @property
    def mb_per_session(self) -> float:
        return (self.rss_after_kb - self.rss_before_kb) / 1024 / self.sessions

    def holds(self, limit: float) -> bool:
        return bool(self.step_s) and not self.errors and self.p95 <= limit


def percentile(values: Iterable[float], pct: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


# --- the browser driver ----------------------------------------------------------------------

async def browser_viewer(browser, url: str, steps: int, think: float, level: Level,
                         loaded: asyncio.Barrier, stepped: asyncio.Barrier,
                         release: asyncio.Event) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda err: level.errors.append(f"page error: {err}"))
    ok = False
    try:
        started = time.perf_counter()
        query = urlencode({"date": START.isoformat(), "district": DISTRICT})
        await page.goto(f"{url}/?{query}", timeout=LOAD_TIMEOUT * 1000)
        await page.wait_for_function(
            "([sel, want]) => document.querySelector(sel)?.textContent.trim() === want",
            arg=[HEADING, long_date(START)], timeout=LOAD_TIMEOUT * 1000)
        await page.frame_locator(MAP_FRAME).locator(MAP_PATH).first.wait_for(
            timeout=LOAD_TIMEOUT * 1000)
        level.load_s.append(time.perf_counter() - started)
        ok = True
    except Exception as err:  # noqa: BLE001 - every failure is a counted error
        level.errors.append(f"load: {type(err).__name__}: {str(err).splitlines()[0]}")
    await loaded.wait()
    try:
        if ok:
            slider = page.locator(SLIDER_INPUT)
            await page.evaluate(STEP_PROBE, [MAP_SIGNATURE, MAP_FRAME, HEADING_SIGNATURE])
            for step in range(steps):
                if not await page.evaluate("() => document.activeElement?.type === 'range'"):
                    await slider.focus(timeout=STEP_TIMEOUT * 1000)
                await page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
                await page.wait_for_function(
                    "() => window.__step.seen > 0 && window.__step.page > 0",
                    timeout=STEP_TIMEOUT * 1000)
                heading, fill = await page.evaluate(
                    "() => [window.__step.page, window.__step.seen]"
                    ".map(t => (t - window.__step.key) / 1000)")
                level.step_s.append(heading)
                level.fill_s.append(fill)
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
            if await page.locator('[data-testid="stException"]').count():
                level.errors.append("an exception is shown on the page")
    except Exception as err:  # noqa: BLE001
        level.errors.append(f"step: {type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        await stepped.wait()
        await release.wait()
        await context.close()


# --- the protocol driver ---------------------------------------------------------------------

class ProtocolViewer:
    """One session over Streamlit's WebSocket, as the browser would drive it."""

    def __init__(self, url: str):
        self.url = url
        self.ws = None
        self.page_hash = ""
        self.slider_id = ""
        self.fragment_id = ""
        self.query = urlencode({"date": START.isoformat(), "district": DISTRICT})

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"], max_size=None, open_timeout=LOAD_TIMEOUT)

    async def rerun(self, want: str, day: date | None = None) -> tuple[float, float]:
        """Ask for a run (a fragment run if ``day`` moves the slider); time to heading, to end."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.context_info.url = f"{self.url}/?{self.query}"
        if day is not None:
            state.fragment_id = self.fragment_id
            widget = state.widget_states.widgets.add()
            widget.id = self.slider_id
            # The date is a select slider over the story's days: its value is the option as
            # shown (geo.story.wording.long_date).
            widget.string_array_value.data.append(long_date(day))
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        heading_at = None
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self.ws.recv())
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = reply.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = reply.page_info_changed.query_string
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    raise RuntimeError(f"exception on the page: {element.exception.type}")
                if what == "slider" and element.slider.label == "Date":
                    self.slider_id = element.slider.id
                    self.fragment_id = reply.delta.fragment_id
                shown = (element.heading.body if what == "heading"
                         else element.markdown.body if what == "markdown" else "")
                if (shown in (want, f"## {want}")
                        and heading_at is None):
                    heading_at = time.perf_counter() - started
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(reply.script_finished)
                if status not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                    raise RuntimeError(f"run ended {status}")
                if heading_at is None:
                    raise RuntimeError(f"the run never showed {want}")
                return heading_at, time.perf_counter() - started


async def protocol_viewer(url: str, steps: int, think: float, level: Level,
                          loaded: asyncio.Barrier, stepped: asyncio.Barrier,
                          release: asyncio.Event) -> None:
    viewer = ProtocolViewer(url)
    ok = False
    try:
        started = time.perf_counter()
        await viewer.connect()
        await asyncio.wait_for(viewer.rerun(long_date(START)), LOAD_TIMEOUT)
        level.load_s.append(time.perf_counter() - started)
        ok = bool(viewer.slider_id)
        if not ok:
            level.errors.append("load: no date slider in the page")
    except Exception as err:  # noqa: BLE001
        level.errors.append(f"load: {type(err).__name__}: {err}")
    await loaded.wait()
    try:
        if ok:
            for step in range(steps):
                day = day_after_step(step)
                heading, full = await asyncio.wait_for(viewer.rerun(long_date(day), day),
                                                       STEP_TIMEOUT)
                level.step_s.append(heading)
                level.full_s.append(full)
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
    except Exception as err:  # noqa: BLE001
        level.errors.append(f"step: {type(err).__name__}: {err}")
    finally:
        await stepped.wait()
        await release.wait()
        if viewer.ws is not None:
            await viewer.ws.close()


# --- one level ---------------------------------------------------------------------------------

async def run_viewers(driver: str, browser, url: str, sessions: int, steps: int, think: float,
                      level: Level, on_loaded=None, on_stepped=None) -> None:
    """Run ``sessions`` viewers; the callbacks run once all have loaded / stepped (connected)."""
    loaded = asyncio.Barrier(sessions + 1)
    stepped = asyncio.Barrier(sessions + 1)
    release = asyncio.Event()
    if driver == "browser":
        tasks = [browser_viewer(browser, url, steps, think, level, loaded, stepped, release)
                 for _ in range(sessions)]
    else:
        tasks = [protocol_viewer(url, steps, think, level, loaded, stepped, release)
                 for _ in range(sessions)]
    running = asyncio.gather(*tasks)
    await loaded.wait()
    started = time.perf_counter()
    if on_loaded:
        on_loaded()
    await stepped.wait()
    level.step_phase_s = time.perf_counter() - started
    if on_stepped:
        on_stepped()
    release.set()
    await running


def client_cpu_seconds(server: int) -> float:
    """CPU time of this process and its children (Chromium, Playwright), not the server's."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid == server:
            continue
        try:
            total += cpu_seconds(pid)
        except OSError:
            continue
        todo.extend(children.get(pid, []))
    return total


# The checkout under test; another one (--app) runs with its own .streamlit/config.toml.
APP = {"cwd": ROOT}


async def run_level(driver: str, browser, sessions: int, steps: int, think: float) -> Level:
    level = Level(driver, sessions)
    started = time.perf_counter()
    with streamlit_server(script=str(APP["cwd"] / "app.py"), cwd=APP["cwd"],
                          env={"HANDOVER_TILES": "none"}) as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        # Warm-up: imports, the cached dataset and the first folium render are paid once
        # per process, not per session, so they are not counted against sessions.
        warm = Level(driver, 1)
        await run_viewers(driver, browser, url, 1, 2, 0.0, warm)
        if warm.errors:
            level.errors.extend(f"warm-up {e}" for e in warm.errors)
            return level
        await asyncio.sleep(1.0)
        level.rss_before_kb = rss_kb(pid)
        cpu = {}

        def on_loaded() -> None:
            cpu["server"], cpu["client"] = cpu_seconds(pid), client_cpu_seconds(pid)

        def on_stepped() -> None:
            level.rss_after_kb = rss_kb(pid)
            level.server_cpu_s = cpu_seconds(pid) - cpu["server"]
            level.client_cpu_s = client_cpu_seconds(pid) - cpu["client"]

        await run_viewers(driver, browser, url, sessions, steps, think, level,
                          on_loaded, on_stepped)
    level.wall_s = time.perf_counter() - started
    return level


# --- report ------------------------------------------------------------------------------------

COLUMNS = ("driver", "N", "steps", "load p50", "step p50", "step p95", "step max", "full p95",
           "fill p95", "steps/s", "srv CPU/step", "client CPU/step", "errors", "RSS before",
           "RSS after", "MB/session", "wall")


def row(level: Level) -> tuple[str, ...]:
    def secs(value: float) -> str:
        return "-" if value != value else f"{value:.3f}s"  # NaN: nothing measured

    steps = len(level.step_s)
    per_step = (lambda cpu: f"{cpu / steps * 1000:.0f}ms") if steps else (lambda cpu: "-")
    return (level.driver, str(level.sessions), str(steps),
            secs(statistics.median(level.load_s) if level.load_s else float("nan")),
            secs(percentile(level.step_s, 50)), secs(level.p95),
            secs(max(level.step_s, default=float("nan"))), secs(percentile(level.full_s, 95)),
            secs(percentile(level.fill_s, 95)),
            f"{steps / level.step_phase_s:.1f}" if level.step_phase_s else "-",
            per_step(level.server_cpu_s), per_step(level.client_cpu_s),
            str(len(level.errors)), f"{level.rss_before_kb / 1024:.1f}MB",
            f"{level.rss_after_kb / 1024:.1f}MB", f"{level.mb_per_session:+.2f}",
            f"{level.wall_s:.0f}s")


def print_table(levels: list[Level]) -> None:
    rows = [COLUMNS, *map(row, levels)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    for number, cells in enumerate(rows):
        print("  ".join(c.rjust(w) if i else c.ljust(w)
                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
        if number == 0:
            print(line)
    print(line)


def check(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- main --------------------------------------------------------------------------------------

def ramp_levels(spec: str | None, start: int, stop: int, driver: str) -> list[int]:
    """Browser: +4 at a time. Protocol: +4 to 16, +8 to 32, then +16."""
    if spec:
        return [int(n) for n in spec.split(",") if n.strip()]
    if driver == "browser":
        return list(range(start, stop + 1, 4))
    levels, n = [], start
    while n <= stop:
        levels.append(n)
        n = n + 4 if n < 16 else n + 8 if n < 32 else n + 16
    return levels


async def ramp(driver: str, browser, args: argparse.Namespace, done: list[Level],
               levels: list[Level]) -> list[Level]:
    """Step N up until p95 > RAMP_P95 (or an error), then try once between the last good and bad."""
    ran: list[Level] = []
    started = time.perf_counter()
    last_wall, last_n = 0.0, 1
    known = {lv.sessions: lv for lv in done if lv.driver == driver}

    async def run(n: int) -> Level | None:
        nonlocal last_wall, last_n
        spent = time.perf_counter() - started
        estimate = last_wall * n / last_n
        if spent + estimate > args.budget or time.perf_counter() + estimate > args.deadline:
            print(f"[{driver}] stop before N={n}: budget {args.budget:.0f}s per ramp, "
                  f"{args.max_minutes:.0f} min in all (spent {spent:.0f}s, next level "
                  f"~{estimate:.0f}s)", flush=True)
            return None
        print(f"[{driver}] N={n} ...", flush=True)
        level = await run_level(driver, browser, n, args.ramp_steps, args.think)
        last_wall, last_n = level.wall_s, n
        ran.append(level)
        levels.append(level)
        print_table([level])
        return level

    start = args.ramp_start if driver == args.driver else min(8, args.ramp_start)
    good, bad = max((n for n, lv in known.items() if lv.holds(RAMP_P95)), default=0), None
    for n in ramp_levels(args.ramp, start, args.ramp_max, driver):
        if n in known:
            continue
        level = await run(n)
        if level is None:
            break
        if not level.holds(RAMP_P95):
            bad = n
            break
        good = max(good, n)
    if bad is not None and good and bad - good > 2 and not args.ramp:
        middle = (good + bad) // 2
        level = await run(middle)
        if level is not None and level.holds(RAMP_P95):
            good = middle
    return ran


async def main_async(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    levels: list[Level] = []
    started = time.perf_counter()
    args.deadline = started + args.max_minutes * 60
    load_before = os.getloadavg()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"target level: {args.sessions} {args.driver} viewers x {args.steps} steps, "
              f"think {args.think}s +-50%, link /?date={START}&district={DISTRICT}; "
              f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f}", flush=True)
        target = await run_level(args.driver, browser, args.sessions, args.steps, args.think)
        levels.append(target)
        print_table(levels)
        ramps: dict[str, list[Level]] = {}
        for driver in ([] if args.no_ramp else args.ramp_driver):
            ramps[driver] = await ramp(driver, browser, args, [target], levels)
        await browser.close()

    load_after = os.getloadavg()
    print(f"\nAll levels ({time.perf_counter() - started:.0f}s in all; load average "
          f"{load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end, other work "
          "on this machine included).\n"
          "step = key press (browser) or rerun request (protocol) until the server's answer "
          "showed: the new date heading; full = until the server finished the fragment run "
          "(map, panel, list); fill = key press until a district's fill changed in the map "
          "frame (browser: the map follows the slider without the server);\n"
          "srv/client CPU per step = CPU time of the server / of the driver (Chromium, "
          "Playwright, this script) during the step phase, divided by the steps;\n"
          "RSS = server VmRSS after a one-viewer warm-up, and with all N viewers still "
          "connected after their steps; MB/session = (after - before) / N.")
    print_table(levels)
    for level in levels:
        for error in sorted(set(level.errors))[:5]:
            print(f"  {level.driver} N={level.sessions} error: {error}")

    ok_p95 = target.p95 <= TARGET_P95
    ok_errors = not target.errors and len(target.step_s) == args.sessions * args.steps
    ok_memory = target.mb_per_session <= TARGET_MB_PER_SESSION
    print(f"\nTargets ({args.sessions} {args.driver} sessions, {args.steps} steps each):")
    print(f"  step p95 {target.p95:.3f}s <= {TARGET_P95}s ............... {check(ok_p95)}")
    if target.fill_s:
        fill_p95 = percentile(target.fill_s, 95)
        print(f"  map fill p95 {fill_p95:.3f}s <= {TARGET_P95}s ........... "
              f"{check(fill_p95 <= TARGET_P95)}")
    print(f"  errors {len(target.errors)}, steps done {len(target.step_s)}/"
          f"{args.sessions * args.steps} ........... {check(ok_errors)}")
    print(f"  server memory per session {target.mb_per_session:.2f} MB <= "
          f"{TARGET_MB_PER_SESSION} MB ... {check(ok_memory)}")
    for driver, ran in ramps.items():
        tried = ran + ([target] if target.driver == driver else [])
        held = [lv.sessions for lv in tried if lv.holds(RAMP_P95)]
        broke = [lv.sessions for lv in tried if not lv.holds(RAMP_P95)]
        best = max(held, default=0)
        above = [n for n in broke if n > best]
        limit = (f"N={min(above)} did not" if above
                 else "no level failed within the time budget: the limit is higher")
        print(f"  largest N with step p95 <= {RAMP_P95}s and no errors, {driver} driver: "
              f"{best or 'none'} ({limit})")
    return 0 if ok_p95 and ok_errors and ok_memory else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", "-n", type=int, default=TARGET_SESSIONS,
                        help="viewers at the target level (default 8)")
    parser.add_argument("--steps", type=int, default=20,
                        help="slider steps per viewer at the target level (default 20)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause between a viewer's steps, s (default 1.0, +-50%%)")
    parser.add_argument("--driver", choices=("browser", "protocol"), default="browser",
                        help="driver of the target level (default browser)")
    parser.add_argument("--ramp-driver", nargs="+", choices=("browser", "protocol"),
                        default=["browser", "protocol"], help="drivers to ramp N with")
    parser.add_argument("--ramp", help="explicit ramp levels, e.g. 8,12,16")
    parser.add_argument("--ramp-start", type=int, default=12)
    parser.add_argument("--ramp-max", type=int, default=256)
    parser.add_argument("--ramp-steps", type=int, default=10, help="steps per viewer in the ramp")
    parser.add_argument("--budget", type=float, default=200.0,
                        help="seconds each ramp may take (default 200)")
    parser.add_argument("--max-minutes", type=float, default=7.0,
                        help="no ramp level starts that would end after this (default 7)")
    parser.add_argument("--no-ramp", action="store_true", help="only the target level")
    parser.add_argument("--app", type=Path,
                        help="measure the app of another checkout (with its own settings)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 4 browser viewers x 6 steps, short protocol ramp")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.steps, args.ramp_steps = 4, 6, 4
        args.ramp_driver, args.ramp, args.budget = ["protocol"], args.ramp or "8,16", 60.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.app:
        APP["cwd"] = args.app.resolve()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
