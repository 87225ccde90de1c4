"""The first page load after a server starts, against warm loads of the same server, in one run.

For each repeat, a fresh `streamlit run app.py` (HANDOVER_TILES=none, on loopback) is started
and waited for until /_stcore/health answers ok, as a host would before sending it readers;
then a fresh browser context opens ``/?date=2020-11-21`` (the first load), and ``--warm``
more fresh contexts open it again (warm loads). Each load is timed as in
`bench/map_latency.py` (its ``time_paint``): seconds from navigation start until the district
polygons are painted in the map frame, and the server's CPU meanwhile. Also reported: seconds
from the server's start until health answered ok (where a warm-up's time goes instead).

With ``--compare DIR...`` the apps of other checkouts are measured too, one repeat of each
in turn, so a slow spell of the shared host falls on all alike.

``--lang CODE`` opens the page in that language (``&lang=``), as a link in it would.

    python bench/cold_start.py [--repeats 5] [--warm 3] [--lang ru] [--compare OLD_CHECKOUT ...]

Target (issue 21): the first load's polygons painted within 1.3x the warm loads' (p50 of
the repeats' ratios of the first load to the median warm load).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
from conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402
from load import server_pid  # noqa: E402
from map_latency import time_paint  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

TARGET = 1.3


def one_start(browser, checkout: Path, warm: int, query: str = "") -> dict | None:
    """Start a server from ``checkout``, then time its first load and ``warm`` more.

    None if a load did not paint within map_frame's wait (on a host loaded many times over,
    that happens): the repeat is counted as lost, not timed.
    """
    started = time.monotonic()
    with streamlit_server(script=str(checkout / "app.py"), cwd=checkout,
                          env={"HANDOVER_TILES": "none"}) as url:
        healthy = time.monotonic() - started
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        try:
            loads = [time_paint(browser, url, pid, query) for _ in range(1 + warm)]
        except PlaywrightTimeout:
            return None
    paints = [times["polygons"] for times, _, _ in loads]
    cpus = [cpu for _, _, cpu in loads]
    return {"healthy": healthy, "first": paints[0], "warm": statistics.median(paints[1:]),
            "first_cpu": cpus[0], "warm_cpu": statistics.median(cpus[1:])}


def report(label: str, results: list[dict | None]) -> None:
    runs = [run for run in results if run is not None]
    print(f"\n{label}" + (f" ({len(results) - len(runs)} of {len(results)} repeats lost: a "
                          "load did not paint in time)" if len(runs) < len(results) else ""))
    if not runs:
        return
    print(f"{'repeat':>6} {'healthy after':>14} {'first load':>11} {'warm (p50)':>11} "
          f"{'ratio':>6} {'server CPU first/warm':>22}")
    for number, run in enumerate(runs, 1):
        print(f"{number:6} {run['healthy']:12.2f} s {run['first']:9.2f} s {run['warm']:9.2f} s "
              f"{run['first'] / run['warm']:6.2f} {run['first_cpu'] * 1000:10.0f} / "
              f"{run['warm_cpu'] * 1000:.0f} ms")
    ratios = [run["first"] / run["warm"] for run in runs]
    median = statistics.median(ratios)
    print(f"{'p50':>6} {statistics.median(r['healthy'] for r in runs):12.2f} s "
          f"{statistics.median(r['first'] for r in runs):9.2f} s "
          f"{statistics.median(r['warm'] for r in runs):9.2f} s {median:6.2f} "
          f"{statistics.median(r['first_cpu'] for r in runs) * 1000:10.0f} / "
          f"{statistics.median(r['warm_cpu'] for r in runs) * 1000:.0f} ms")
    verdict = "OK" if median <= TARGET else "MISSED"
    print(f"first load / warm load, p50 of the repeats: {median:.2f}  target <= {TARGET}  "
          f"{verdict} (range {min(ratios):.2f}-{max(ratios):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh server starts per app")
    parser.add_argument("--warm", type=int, default=3, help="warm loads after each first one")
    parser.add_argument("--compare", type=Path, nargs="+", default=[], metavar="DIR",
                        help="other checkouts of the app to measure too (with their settings)")
    parser.add_argument("--lang", default="", metavar="CODE",
                        help="open the page in this language (?lang=CODE)")
    args = parser.parse_args()
    query = f"&lang={args.lang}" if args.lang else ""
    checkouts = [("this app", ROOT), *((path.resolve().name, path.resolve())
                                       for path in args.compare)]
    runs: dict[str, list[dict | None]] = {label: [] for label, _ in checkouts}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.repeats):
            for label, checkout in checkouts:
                runs[label].append(one_start(browser, checkout, args.warm, query))
        browser.close()
    print(f"/?date=2020-11-21{query}, district polygons painted, s from navigation start; "
          f"{args.repeats} fresh starts, each: its first load, then {args.warm} warm loads")
    for label, _ in checkouts:
        report(label, runs[label])


if __name__ == "__main__":
    main()
