"""Take the README's screenshot: start the app, open a shared view, save a small PNG.

    python scripts/screenshot.py                  # writes docs/screenshot.png
    python scripts/screenshot.py --out /tmp/x.png --no-map

Uses the test helpers (a Streamlit server polled on its health endpoint, the system
Chromium) so the picture shows exactly what the browser tests see. The map runs without
online tiles (HANDOVER_TILES=none), so the script needs no network and is repeatable.
Exits 1 if the map's district polygons do not paint in time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import (  # noqa: E402 - the test helpers live outside any package
    CHROMIUM,
    CHROMIUM_ARGS,
    map_frame,
    streamlit_server,
    wait_for_app,
)

DEFAULT_OUT = ROOT / "docs" / "screenshot.png"
DEFAULT_VIEW = "/?date=2020-11-21&district=kalbajar"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG file to write")
    parser.add_argument("--view", default=DEFAULT_VIEW, help="path and query to open")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the map")
    parser.add_argument("--no-map", action="store_true",
                        help="do not wait for the map (for pages without one)")
    return parser.parse_args(argv)


def shrink(path: Path) -> None:
    """Re-save with a 256-colour palette: a map of flat fills loses nothing visible."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Start the app, take the screenshot; 0 on success."""
    args = arguments(argv)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(url + args.view)
            wait_for_app(page, timeout=args.timeout * 1000)
            if not args.no_map:
                try:
                    map_frame(page, timeout=args.timeout * 1000)
                except PlaywrightTimeout:
                    print(f"the map's polygons did not paint within {args.timeout:.0f}s; "
                          "nothing written", file=sys.stderr)
                    return 1
                wait_for_app(page, timeout=args.timeout * 1000)
                # The map sits below the title and controls: bring all of it into the picture.
                page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), type="png")
        finally:
            browser.close()
    shrink(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
