"""What a view's picture costs: rendering it, and serving it from the app's cache.

Two parts, measured in one run:

* **in process**: `geo.map.picture.preview_png` for several views of the story, at link
  preview size (1200x630) and at print size (2400x1260, the map page's download): the
  first render in a fresh process (matplotlib's fonts and geopandas' plotting still to
  load) apart, then the median of the others, wall clock and this process's CPU time
  (which a busy machine inflates less), and the PNG's bytes;
* **over HTTP**: a Streamlit server of the app on loopback (``HANDOVER_TILES=none``), asked
  for ``/preview.png`` of one view: the first request after the server is up (which loads
  and validates the data too), the first request of other views (rendered), and the
  same views again (from the cache), each the median of ``--requests``.

    python bench/preview.py
    python bench/preview.py --requests 40 --renders 8
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import streamlit_server  # noqa: E402

from geo.server.picture_route import PATH  # noqa: E402
from geo.web.links import view_query  # noqa: E402

# Views across the story: the eve of each handover, the corridor's, a selection or none.
VIEWS = [(date(2020, 11, 19), "aghdam"), (date(2020, 11, 21), "kalbajar"),
         (date(2020, 11, 30), "lachin"), (date(2020, 12, 2), None),
         (date(2022, 8, 25), "lachin_corridor"), (date(2022, 8, 26), None),
         (date(2020, 10, 1), None), (date(2020, 11, 10), "kalbajar")]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def in_process(renders: int) -> None:
    started = time.perf_counter()
    import geo
    from geo.map.picture import PRINT_SCALE, preview_png
    data = geo.load()
    print(f"import and load the data: {ms(time.perf_counter() - started)}")
    for scale in (1, PRINT_SCALE):
        times, cpu, sizes = [], [], []
        for day, district in VIEWS[:renders]:
            started, started_cpu = time.perf_counter(), time.process_time()
            png = preview_png(data, day, district, scale=scale)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            sizes.append(len(png))
        label = f"{1200 * scale}x{630 * scale}"
        print(f"render {label}: first {ms(times[0])} (CPU {ms(cpu[0])}), then p50 "
              f"{ms(statistics.median(times[1:]))} (CPU {ms(statistics.median(cpu[1:]))}, "
              f"max {ms(max(times[1:]))}); PNG p50 {statistics.median(sizes) / 1024:,.0f} KB "
              f"(max {max(sizes) / 1024:,.0f} KB)")


def get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - started, len(body)


def over_http(requests: int) -> None:
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as server:
        def url(view):
            return f"{server}{PATH}?{view_query(*view)}"
        first, size = get(url(VIEWS[0]))
        print(f"first request on a fresh server: {ms(first)} ({size / 1024:,.0f} KB)")
        rendered = [get(url(view))[0] for view in VIEWS[1:]]
        print(f"first request of a view: p50 {ms(statistics.median(rendered))} "
              f"(max {ms(max(rendered))}, {len(rendered)} views)")
        cached = [get(url(VIEWS[n % len(VIEWS)]))[0] for n in range(requests)]
        print(f"cached request: p50 {ms(statistics.median(cached))} "
              f"(max {ms(max(cached))}, {requests} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="cached requests to time")
    parser.add_argument("--renders", type=int, default=len(VIEWS),
                        help=f"views rendered in process (2 to {len(VIEWS)})")
    args = parser.parse_args()
    print("In process:")
    in_process(max(2, min(args.renders, len(VIEWS))))
    print("Over HTTP:")
    over_http(args.requests)


if __name__ == "__main__":
    main()
