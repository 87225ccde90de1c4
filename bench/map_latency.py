"""Slider step latency of the map page against a bare Streamlit rerun, in one run.

Starts two servers on loopback (the app with HANDOVER_TILES=none, and bench/bare_app.py),
drives the system Chromium, and for each step presses ArrowRight/ArrowLeft on the focused
slider and times until the page shows the result: for the map, until the map iframe has
swapped in the new date layer; for the bare page, until its text shows the new date.
Steps cross the Aghdam (20 Nov) and Kalbajar (25 Nov) handover dates.

    python bench/map_latency.py [--steps 20] [--loads 3]

Targets (issue 3): map step p50 <= 1.5 x bare rerun p50; polygons painted <= 2.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, map_frame, streamlit_server, wait_for_app  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

START = "2020-11-15"
SLIDER = '[data-testid="stSlider"] input[type="range"]'
LAYER_VERSION = (
    "() => document.querySelector('iframe[title*=st_folium]')"
    ".contentWindow.__GLOBAL_DATA__.last_feature_group")


def steps(count: int) -> list[str]:
    """Forward across both handover dates, then back: count key presses in all."""
    half = count // 2
    return ["ArrowRight"] * half + ["ArrowLeft"] * (count - half)


def time_map_steps(page, url: str, keys: list[str]) -> list[float]:
    page.goto(f"{url}/?date={START}")
    wait_for_app(page)
    map_frame(page)
    page.locator(SLIDER).focus()
    timings = []
    for key in keys:
        before = page.evaluate(LAYER_VERSION)
        started = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(f"prev => ({LAYER_VERSION})() !== prev", arg=before,
                               polling="raf", timeout=15_000)
        timings.append(time.perf_counter() - started)
    return timings


def time_bare_steps(page, url: str, keys: list[str]) -> list[float]:
    page.goto(url)
    wait_for_app(page)
    page.locator(SLIDER).focus()
    timings = []
    for key in keys:
        before = page.locator("h2").first.inner_text()
        started = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function("prev => document.querySelector('h2')?.innerText !== prev",
                               arg=before, polling="raf", timeout=15_000)
        timings.append(time.perf_counter() - started)
    return timings


def time_paint(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(f"{url}/?date=2020-11-21")
    map_frame(page)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="key presses per page (>= 10)")
    parser.add_argument("--loads", type=int, default=5, help="page loads to time painting")
    args = parser.parse_args()
    keys = steps(max(args.steps, 10))
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as app_url, \
            streamlit_server(script="bench/bare_app.py") as bare_url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        time_bare_steps(page, bare_url, keys[:2])  # warm both servers before timing
        time_map_steps(page, app_url, keys[:2])
        bare = time_bare_steps(page, bare_url, keys)
        mapped = time_map_steps(page, app_url, keys)
        paints = [time_paint(browser.new_page(), app_url) for _ in range(args.loads)]
        browser.close()
    bare_p50, map_p50 = statistics.median(bare), statistics.median(mapped)
    paint = statistics.median(paints)
    ratio = map_p50 / bare_p50
    print(f"steps per page:            {len(keys)} (from {START}, across 20 and 25 Nov)")
    print(f"bare rerun p50:            {bare_p50 * 1000:7.0f} ms   (max {max(bare) * 1000:.0f})")
    print(f"map step p50:              {map_p50 * 1000:7.0f} ms   (max {max(mapped) * 1000:.0f})")
    print(f"ratio map / bare:          {ratio:7.2f}      target <= 1.5  "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}")
    print(f"polygons painted, p50:     {paint:7.2f} s    target <= 2.5  "
          f"{'OK' if paint <= 2.5 else 'MISSED'}  ({len(paints)} loads)")


if __name__ == "__main__":
    main()
